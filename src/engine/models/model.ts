/**
 * A model is a list of parameters plus a pure function of (inputs, params).
 * Keeping the parameters explicit lets distillation differentiate through
 * training steps by passing tensors that are not the model's own variables.
 */
import * as tf from '@tensorflow/tfjs';
import type * as v from 'valibot';
import type { InputSpec } from '../../core/data/dataset';
import type { Rng } from '../../core/rng';
import { type ParsesSettings, type Settings, settingsParser } from '../contracts/settings';

/**
 * A blend inside the model (Manifold Mixup, the text mixes): at the point
 * named `at` (one of the model's `mixPoints`), every example's activations
 * h become lambda h + (1 - lambda) h[partner].
 */
export interface HiddenMix {
  at: string;
  lambda: number;
  /** Each example's partner in the batch (int32, [batch]). */
  partner: tf.Tensor1D;
}

/** The blend `mix` asks for, applied to activations `h` (the first axis is the batch). */
export function blend(h: tf.Tensor, mix: HiddenMix): tf.Tensor {
  return tf.add(tf.mul(h, mix.lambda), tf.mul(tf.gather(h, mix.partner), 1 - mix.lambda));
}

/** `h`, the activations at mix point `point`, blended if `mix` asks for a blend there (else `h` itself). */
export function mixAt<T extends tf.Tensor>(h: T, point: string, mix?: HiddenMix): T {
  return mix?.at === point ? (blend(h, mix) as T) : h;
}

export interface Model {
  /** Trainable parameters in a fixed order (the order `apply` expects). */
  readonly params: tf.Variable[];
  /** Logits [batch, classes] for a prepared batch (see prepareBatch), blended inside where `mix` says. */
  apply(x: tf.Tensor, params?: readonly tf.Tensor[], mix?: HiddenMix): tf.Tensor2D;
  /**
   * Where a HiddenMix can happen, in the order the forward pass reaches
   * them (e.g. "input", "hidden 1"); a model without them takes no mix.
   */
  readonly mixPoints?: readonly string[];
  /**
   * The input of the linear head [batch, features]: the embedding that
   * coreset methods measure distances in and GraNd takes gradient norms at.
   */
  features(x: tf.Tensor, params?: readonly tf.Tensor[], mix?: HiddenMix): tf.Tensor2D;
  /** The linear head: logits from features (so that `apply(x) = head(features(x))`). */
  head(features: tf.Tensor2D, params?: readonly tf.Tensor[]): tf.Tensor2D;
  /**
   * For token models: the index in `params` of the token-embedding table.
   * Such a model also reads float sequences of embedding vectors
   * [batch, length, embedding] (every position a token), the space that
   * text distillation learns in.
   */
  readonly embeddingTable?: number;
  dispose(): void;
}

/** What a model is, apart from its settings. */
interface ModelInfo {
  id: string;
  name: string;
  description: string;
  /** The kinds of input the model reads. */
  inputs: InputSpec['kind'][];
}

/**
 * A model as the registry holds it, its settings erased: callers hand over
 * a row (the config's checked `model`, `name` and all), which it parses with
 * its own schema (see defineModel).
 */
export interface ModelEntry extends ModelInfo {
  /** Model settings beyond `name`, with defaults. */
  params: v.ObjectEntries;
  create(input: InputSpec, classCount: number, row: Record<string, unknown>, rng: Rng): Model;
}

/** A model as its file writes it: its settings' schema, and a `create` that gets them parsed and typed. */
export interface ModelDefinition<P extends v.ObjectEntries> extends ModelInfo {
  params: P;
  create(input: InputSpec, classCount: number, settings: Settings<P>, rng: Rng): Model;
}

/** The registry's entry for a model (see contracts/settings.ts). */
export function defineModel<P extends v.ObjectEntries>({
  params,
  create,
  ...info
}: ModelDefinition<P>): ModelEntry & ParsesSettings<Settings<P>> {
  const settings = settingsParser(params);
  return {
    ...info,
    params,
    settings,
    create: (input, classCount, row, rng) => create(input, classCount, settings(row), rng),
  };
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Collects parameters in creation order; each initialiser draws from the run's Rng. */
export class ParamList {
  readonly params: tf.Variable[] = [];
  constructor(private readonly rng: Rng) {}

  /** PyTorch's default for linear/conv layers: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
  uniform(shape: number[], fanIn: number): number {
    const bound = 1 / Math.sqrt(fanIn);
    return this.fill(shape, () => (2 * this.rng.next() - 1) * bound);
  }

  normal(shape: number[], std: number): number {
    const values = new Float32Array(sizeOf(shape));
    this.rng.fillNormal(values, std);
    return this.add(values, shape);
  }

  constant(shape: number[], value: number): number {
    return this.fill(shape, () => value);
  }

  private fill(shape: number[], draw: () => number): number {
    const values = new Float32Array(sizeOf(shape));
    for (let i = 0; i < values.length; i++) values[i] = draw();
    return this.add(values, shape);
  }

  private add(values: Float32Array, shape: number[]): number {
    const initial = tf.tensor(values, shape, 'float32');
    this.params.push(tf.variable(initial));
    initial.dispose();
    return this.params.length - 1;
  }
}

/**
 * A Model over a ParamList whose last two parameters are a linear head
 * (weights [features, classes], bias [classes]); `body` maps inputs to the
 * head's input, given every parameter tensor, and blends where `mix` says
 * (at one of `mixPoints`, which the model checks first: a mix at a point the
 * body does not know would otherwise pass unblended, unnoticed).
 */
export function functionalModel(
  list: ParamList,
  body: (x: tf.Tensor, p: readonly tf.Tensor[], mix?: HiddenMix) => tf.Tensor2D,
  mixPoints: readonly string[],
): Model {
  const features = (x: tf.Tensor, params: readonly tf.Tensor[] = list.params, mix?: HiddenMix) => {
    if (mix && !mixPoints.includes(mix.at)) {
      throw new Error(`unknown mix point "${mix.at}"; this model blends at: ${mixPoints.join(', ') || 'no point'}`);
    }
    return body(x, params, mix);
  };
  const head = (h: tf.Tensor2D, params: readonly tf.Tensor[] = list.params): tf.Tensor2D => {
    const n = params.length;
    return tf.add(tf.matMul(h, params[n - 2] as tf.Tensor2D), params[n - 1]);
  };
  return {
    params: list.params,
    mixPoints,
    features,
    head,
    apply: (x, params = list.params, mix) => head(features(x, params, mix), params),
    dispose: () => list.params.forEach((p) => p.dispose()),
  };
}

/**
 * `model` with the parameters at `frozen` held at their current values: its
 * `params` are the others, and apply/features/head take only those. Training
 * or differentiating the view leaves the frozen ones untouched (a text set's
 * embedding table). Disposing the view disposes the model.
 */
export function withFrozen(model: Model, frozen: readonly number[]): Model {
  const isFrozen = (i: number) => frozen.includes(i);
  const trainable = model.params.filter((_, i) => !isFrozen(i));
  const all = (params: readonly tf.Tensor[]) => {
    let next = 0;
    return model.params.map((p, i) => (isFrozen(i) ? p : params[next++]));
  };
  return {
    params: trainable,
    mixPoints: model.mixPoints,
    apply: (x, params = trainable, mix) => model.apply(x, all(params), mix),
    features: (x, params = trainable, mix) => model.features(x, all(params), mix),
    head: (h, params = trainable) => model.head(h, all(params)),
    dispose: () => model.dispose(),
  };
}
