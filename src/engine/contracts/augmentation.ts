/**
 * The contract of a mixing augmentation (mixup and its family): it pairs
 * every example of a batch with a partner from the same batch and blends
 * the two, in input space (mixup, CutMix) or inside the model (Manifold
 * Mixup, text mixes); the loss then weighs the two examples' targets by the
 * share each contributed. An augmentation that only transforms (dsa) makes
 * every example its own partner with λ = 1. Any data source's plan can
 * carry one: the loop applies it to each batch of the run's training (never
 * to a method's own pre-training or distillation).
 */
import type * as tf from '@tensorflow/tfjs';
import type * as v from 'valibot';
import type { InputSpec } from '../../core/data/dataset';
import type { HiddenMix, Model } from '../models/model';
import type { Rng } from '../../core/rng';
import { type ParsesSettings, type Settings, settingsParser } from './settings';

/** A batch after mixing. */
export interface MixedBatch {
  /** The inputs as the model reads them (blended where the mix is in input space). */
  x: tf.Tensor;
  /** Each example's partner: a row of the same batch (int32, [batch]). */
  partner: tf.Tensor1D;
  /**
   * The share of each example's own targets; its partner's get 1 - lambda.
   * A scalar on the backend where only the backend knows it (SaliencyMix's
   * box is placed by the model's saliency): reading it back would stall a GPU.
   */
  lambda: number | tf.Scalar;
  /** A blend the model makes at one of its layers (see Model.mixPoints). */
  hidden?: HiddenMix;
}

/** One batch as the loop hands it over: inputs and target distributions. */
export interface Batch {
  x: tf.Tensor;
  targets: tf.Tensor2D;
}

export interface Augmentation {
  /**
   * Mixes a batch (inside the step's tidy). `model` is the model being
   * trained, for mixes that look at it (its layers, its saliency).
   */
  mix(batch: Batch, rng: Rng, model: Model): MixedBatch;
  /** η of the Decoupled Mixup term (train/mixed-loss.ts) where the row asks for it. */
  decoupledWeight?: number;
}

/** What a mixing augmentation is, apart from its settings. */
interface AugmentationInfo {
  id: string;
  description: string;
  /** The kinds of data it can mix. */
  inputs: InputSpec['kind'][];
  /** False for one that transforms each example without mixing (dsa); mixing by default. */
  mixes?: boolean;
}

/**
 * A mixing augmentation as the registry holds it, its settings erased:
 * callers hand over a row (a checked `augment` row, `name` and all), which
 * it parses with its own schema (see defineAugmentation).
 */
export interface AugmentationEntry extends AugmentationInfo {
  /** Settings beyond `name`, with defaults (valibot entries, titled and described for the form). */
  params: v.ObjectEntries;
  /** The row label's note, e.g. "cutmix" or "mixup α=0.2". */
  label(row: Record<string, unknown>): string;
  create(row: Record<string, unknown>, context: { input: InputSpec; classCount: number }): Augmentation;
}

/** A mixing augmentation as its file writes it: its settings' schema, and callbacks that get them parsed and typed. */
export interface AugmentationDefinition<P extends v.ObjectEntries> extends AugmentationInfo {
  params: P;
  label(settings: Settings<P>): string;
  create(settings: Settings<P>, context: { input: InputSpec; classCount: number }): Augmentation;
}

/** The registry's entry for a mixing augmentation (see contracts/settings.ts). */
export function defineAugmentation<P extends v.ObjectEntries>({
  params,
  label,
  create,
  ...info
}: AugmentationDefinition<P>): AugmentationEntry & ParsesSettings<Settings<P>> {
  const settings = settingsParser(params);
  return {
    ...info,
    params,
    settings,
    label: (row) => label(settings(row)),
    create: (row, context) => create(settings(row), context),
  };
}
