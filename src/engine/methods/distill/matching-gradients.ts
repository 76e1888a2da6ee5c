/**
 * The trajectory-matching loss and its gradients in the synthetic examples,
 * their soft-label logits and the student rate, in memory that does not grow
 * with the unrolled steps' graphs (TESLA's point, Cui et al., ICML 2023).
 *
 * Differentiating the unrolled steps with the tape keeps every step's whole
 * graph until the end. Here the backward pass walks the steps in reverse
 * with the adjoint a = ∂loss/∂θ: since θ_{k+1} = θ_k − r·g(θ_k, X, Y), with
 * s_k = ⟨a_{k+1}, g(θ_k, X, Y)⟩ (a held constant),
 *   ∂loss/∂r += −s_k,   ∂loss/∂X += −r·∂s_k/∂X,   ∂loss/∂Y += −r·∂s_k/∂Y,
 *   a_k = a_{k+1} − r·∂s_k/∂θ   (a Hessian-vector product),
 * one double-backward graph at a time. It needs each step's parameters θ_k:
 * the forward pass keeps them all where they fit in PATH_MEMORY; else every
 * c-th (c = ⌈√steps⌉), and the backward pass takes the steps between two of
 * them again, so that about 2√steps copies of the weights are kept at once,
 * for one more forward pass. The result
 * equals the unrolled gradient (trajectoryMatchingLoss under the tape) to
 * float rounding.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../../models/model';
import { softCrossEntropy } from '../../train/loss';

/** What a segment's loss is differentiated in. `labels`: soft-label logits (datm); else the fixed `targets`. */
export interface MatchingInputs {
  examples: tf.Tensor;
  rate: tf.Tensor;
  labels?: tf.Tensor;
  targets?: tf.Tensor2D;
  /** Examples differentiated at a time (all by default): a step's graph holds this many, whatever the set's size. */
  chunk?: number;
  /** Bytes of the path's weights that may be kept (PATH_MEMORY by default); beyond, steps are taken again. */
  pathMemory?: number;
}

/** The loss and its gradient in each input (`labels` where the inputs had them). */
export interface MatchingGradients {
  value: tf.Scalar;
  examples: tf.Tensor;
  rate: tf.Scalar;
  labels?: tf.Tensor;
}

const squaredDistance = (a: readonly tf.Tensor[], b: readonly tf.Tensor[]) =>
  tf.addN(a.map((p, i) => tf.sum(tf.square(tf.sub(p, b[i])))));

/** Up to this much, every point of the path is kept (no step is taken twice); beyond, every ⌈√steps⌉-th. */
const PATH_MEMORY = 256 * 2 ** 20;

const weightBytes = (model: Model) => model.params.reduce((bytes, p) => bytes + p.size * 4, 0);

/** Steps between two kept points of the path. */
function checkpointEvery(model: Model, steps: number, pathMemory: number): number {
  return (steps + 1) * weightBytes(model) <= pathMemory ? 1 : Math.max(1, Math.ceil(Math.sqrt(steps)));
}

/** The bytes of weights kept at once for `steps` steps: the kept points, one stretch between two of them, the adjoint. */
export function keptParameterBytes(model: Model, steps: number, pathMemory = PATH_MEMORY): number {
  const every = checkpointEvery(model, steps, pathMemory);
  const copies = Math.ceil(steps / every) + every + 1;
  return copies * weightBytes(model);
}

export function matchingGradients(
  model: Model,
  inputs: MatchingInputs,
  startParams: tf.Tensor[],
  targetParams: tf.Tensor[],
  steps: number,
): MatchingGradients {
  const { examples, rate, labels } = inputs;
  const count = examples.shape[0];
  const chunk = Math.min(count, Math.max(1, inputs.chunk ?? count));
  /** The set's rows [start, start + size): its examples and its logits or targets. */
  const rows = (start: number, size: number) => {
    const take = (t: tf.Tensor) => (size === count ? t : tf.slice(t, start, size));
    return { x: take(examples), logits: labels && take(labels), targets: inputs.targets && take(inputs.targets) };
  };
  const chunks = Array.from({ length: Math.ceil(count / chunk) }, (_, i) => {
    const start = i * chunk;
    return { start, size: Math.min(chunk, count - start) };
  });
  /**
   * ∇θ of a chunk's share of the set's loss at θ: differentiable in θ, its examples and logits under a tape. The
   * loss is a mean of per-example terms (no layer mixes examples), so the chunks' shares add up to the set's.
   */
  const chunkGradient = (params: tf.Tensor[], x: tf.Tensor, logits: tf.Tensor | undefined, targets?: tf.Tensor) =>
    tf.grads((...p: tf.Tensor[]) => {
      const soft = (logits ? tf.softmax(logits) : targets!) as tf.Tensor2D;
      return tf.mul(softCrossEntropy(model.apply(x, p), soft), x.shape[0] / count) as tf.Scalar;
    })(params);

  const step = (at: tf.Tensor[]) =>
    tf.tidy(() => {
      let g: tf.Tensor[] | undefined;
      for (const { start, size } of chunks) {
        const part = tf.tidy(() => {
          const { x, logits, targets } = rows(start, size);
          const gi = chunkGradient(at, x, logits, targets);
          return g ? g.map((sum, i) => tf.add(sum, gi[i])) : gi;
        });
        tf.dispose(g ?? []);
        g = part;
      }
      return at.map((p, i) => tf.sub(p, tf.mul(rate, g![i])));
    });
  const paramCount = startParams.length;
  /**
   * One step's second-order terms at θ for the adjoint a, a chunk at a time: s = ⟨a, g(θ)⟩ and its gradients in θ
   * (summed over the chunks), the examples and the logits (each chunk's rows).
   */
  const backwardStep = (at: tf.Tensor[], a: tf.Tensor[]) => {
    let params: tf.Tensor[] | undefined;
    let s: tf.Tensor = tf.scalar(0);
    const exampleRows: tf.Tensor[] = [];
    const labelRows: tf.Tensor[] = [];
    for (const { start, size } of chunks) {
      const part = tf.tidy(() => {
        const { x, logits, targets } = rows(start, size);
        const wrt = [...at, x, ...(logits ? [logits] : [])];
        const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => {
          const g = chunkGradient(xs.slice(0, paramCount), xs[paramCount], logits && xs[paramCount + 1], targets);
          return tf.addN(g.map((gi, i) => tf.sum(tf.mul(a[i], gi)))) as tf.Scalar;
        })(wrt);
        return {
          params: params ? params.map((sum, i) => tf.add(sum, grads[i])) : grads.slice(0, paramCount),
          s: tf.add(s, value),
          x: grads[paramCount],
          logits: logits ? grads[paramCount + 1] : undefined,
        };
      });
      tf.dispose([...(params ?? []), s]);
      params = part.params;
      s = part.s;
      exampleRows.push(part.x);
      if (part.logits) labelRows.push(part.logits);
    }
    const joined = (pieces: tf.Tensor[]) => {
      const whole = pieces.length === 1 ? pieces[0] : tf.concat(pieces, 0);
      if (pieces.length > 1) tf.dispose(pieces);
      return whole;
    };
    return {
      params: params!,
      s,
      examples: joined(exampleRows),
      labels: labelRows.length > 0 ? joined(labelRows) : undefined,
    };
  };

  const every = checkpointEvery(model, steps, inputs.pathMemory ?? PATH_MEMORY);
  // Forward: every c-th point of the path is kept (the start is the caller's); the rest are dropped once stepped from.
  const kept = new Map<number, tf.Tensor[]>([[0, startParams]]);
  let at = startParams;
  for (let k = 0; k < steps; k++) {
    const next = step(at);
    if (!kept.has(k)) tf.dispose(at);
    at = next;
    if ((k + 1) % every === 0 && k + 1 < steps) kept.set(k + 1, at);
  }
  const end = at;
  const { value, adjoint } = tf.tidy(() => {
    const spread = squaredDistance(startParams, targetParams);
    return {
      value: tf.div(squaredDistance(end, targetParams), spread) as tf.Scalar,
      adjoint: end.map((p, i) => tf.div(tf.mul(2, tf.sub(p, targetParams[i])), spread)),
    };
  });
  if (steps > 0) tf.dispose(end);

  // Backward, a stretch between two kept points at a time, from the last: its points again, then its steps in reverse.
  let a = adjoint;
  let gradExamples = tf.zerosLike(examples);
  let gradLabels = labels ? tf.zerosLike(labels) : undefined;
  let gradRate = tf.scalar(0);
  for (let from = Math.floor((steps - 1) / every) * every; from >= 0 && steps > 0; from -= every) {
    const stretch = [kept.get(from)!];
    for (let k = from + 1; k < Math.min(from + every, steps); k++) stretch.push(step(stretch[stretch.length - 1]));
    for (let k = Math.min(from + every, steps) - 1; k >= from; k--) {
      const next = backwardStep(stretch[k - from], a);
      const update = tf.tidy(() => ({
        a: a.map((ai, i) => tf.sub(ai, tf.mul(rate, next.params[i]))),
        examples: tf.sub(gradExamples, tf.mul(rate, next.examples)),
        labels: gradLabels ? tf.sub(gradLabels, tf.mul(rate, next.labels!)) : undefined,
        rate: tf.sub(gradRate, next.s) as tf.Scalar,
      }));
      tf.dispose([
        ...a,
        gradExamples,
        gradRate,
        gradLabels ?? [],
        ...next.params,
        next.examples,
        next.labels ?? [],
        next.s,
      ]);
      a = update.a;
      gradExamples = update.examples;
      gradLabels = update.labels;
      gradRate = update.rate;
    }
    // The stretch's points, its kept first one included, unless that is the caller's start.
    for (const params of from === 0 ? stretch.slice(1) : stretch) tf.dispose(params);
  }
  tf.dispose(a);
  return { value, examples: gradExamples, rate: gradRate, ...(gradLabels ? { labels: gradLabels } : {}) };
}
