/** The loss of a mixed batch: cross-entropy on its blended targets (and a blended teacher's, for KD). */
import * as tf from '@tensorflow/tfjs';
import type { MixedBatch } from './augmentation';

/** Targets blended as the inputs were: λ t + (1 - λ) t[partner]. */
export function mixTargets(targets: tf.Tensor2D, mixed: MixedBatch): tf.Tensor2D {
  if (mixed.lambda === 1) return targets;
  return tf.add(tf.mul(targets, mixed.lambda), tf.mul(tf.gather(targets, mixed.partner), 1 - mixed.lambda));
}
