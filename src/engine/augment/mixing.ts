/**
 * What every mixing augmentation shares: its common settings (α, the
 * probability of mixing a batch), the draw of a batch's
 * mixing weight and partners, and the row label.
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { numberField } from '../config-fields';
import type { Rng } from '../rng';

/** The settings every mixing augmentation takes, with its own default α. */
export function mixingParams(alpha: number) {
  return {
    alpha: v.optional(
      v.pipe(numberField(0, 100, true), v.title('α'), v.description('Mixing weights are drawn from Beta(α, α): a small α leaves most examples nearly whole, α = 1 is uniform.')),
      alpha,
    ),
    prob: v.optional(v.pipe(numberField(0, 1), v.title('Probability'), v.description('Share of batches that are mixed; the others train as they are.')), 1),
  };
}

/** A batch's mix: the weight of each example's own part, and each example's partner. */
export interface MixDraw {
  lambda: number;
  partner: Int32Array;
}

/**
 * Draws a batch's mix: with probability `prob`, λ ~ Beta(α, α) and a random
 * pairing; otherwise λ = 1 and every example its own partner (nothing mixed).
 */
export function drawMix(params: Record<string, unknown>, rng: Rng, batchSize: number): MixDraw {
  if (rng.next() >= (params.prob as number)) return { lambda: 1, partner: Int32Array.from({ length: batchSize }, (_, i) => i) };
  const alpha = params.alpha as number;
  return { lambda: rng.beta(alpha, alpha), partner: rng.permutation(batchSize) };
}

/** The partner indices as a tensor (inside the step's tidy). */
export function partnerTensor(draw: MixDraw): tf.Tensor1D {
  return tf.tensor1d(draw.partner, 'int32');
}

/** "cutmix", "mixup α=0.2", "fmix p=0.5": the name, and α and the probability where they are not the defaults. */
export function mixingLabel(name: string, defaultAlpha: number): (params: Record<string, unknown>) => string {
  return (params) => {
    const alpha = params.alpha as number;
    const notes = [alpha === defaultAlpha ? '' : ` α=${alpha}`, params.prob === 1 ? '' : ` p=${params.prob as number}`];
    return `${name}${notes.join('')}`;
  };
}
