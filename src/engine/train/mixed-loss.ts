/**
 * The loss of a mixed batch: cross-entropy on its blended targets (and a
 * blended teacher's, for KD), plus the Decoupled Mixup term where the row
 * asks for it.
 */
import * as tf from '@tensorflow/tfjs';
import type { MixedBatch } from '../contracts/augmentation';

/** Targets blended as the inputs were: λ t + (1 - λ) t[partner]. */
export function mixTargets(targets: tf.Tensor2D, mixed: MixedBatch): tf.Tensor2D {
  if (mixed.lambda === 1) return targets;
  return tf.add(tf.mul(targets, mixed.lambda), tf.mul(tf.gather(targets, mixed.partner), tf.sub(1, mixed.lambda)));
}

/** Far enough below any logit that its class drops out of a softmax. */
const LEFT_OUT = 1e9;

/**
 * The decoupled regularizer of Decoupled Mixup (Liu et al., "Harnessing Hard
 * Mixed Samples with Decoupled Regularizer", NeurIPS 2023). An example of
 * class a (its targets' top class) mixed with a partner of class b ≠ a, with
 * logits z and own share λ, adds
 *
 *   R = -λ log(e^{z_a} / Σ_{c≠b} e^{z_c}) - (1 - λ) log(e^{z_b} / Σ_{c≠a} e^{z_c}):
 *
 * each of the two classes is scored by a softmax without the other, so a
 * sample on which one class dominates still pushes up the other (the plain
 * mixed cross-entropy saturates there). A pair of one class adds 0. The
 * result is the batch mean of R. Weighing each class's part by its share is
 * the CIFAR setting of the authors' code (Westlake-AI/openmixup,
 * ClsMixupHead with eta_weight mode "both" and linear λ scaling).
 */
export function decoupledRegularizer(logits: tf.Tensor2D, targets: tf.Tensor2D, mixed: MixedBatch): tf.Scalar {
  const own = tf.cast(tf.oneHot(tf.argMax(targets, 1), targets.shape[1]), 'float32') as tf.Tensor2D;
  const other = tf.gather(own, mixed.partner);
  const apart = tf.sub(1, tf.sum(tf.mul(own, other), 1));
  // log of `hot`'s class under a softmax that leaves out `rival`'s (per row).
  const without = (hot: tf.Tensor2D, rival: tf.Tensor2D) =>
    tf.sum(tf.mul(hot, tf.logSoftmax(tf.sub(logits, tf.mul(rival, LEFT_OUT)))), 1);
  const perExample = tf.neg(
    tf.add(tf.mul(without(own, other), mixed.lambda), tf.mul(without(other, own), tf.sub(1, mixed.lambda))),
  );
  return tf.mean(tf.mul(perExample, apart));
}

/**
 * `loss` plus η times the decoupled regularizer of the batch's labels
 * `targets` (not a teacher's), where `weight` (η) is given and the batch
 * was mixed. It reads only the logits, so it holds for mixes inside the model too.
 */
export function withDecoupled(
  loss: (logits: tf.Tensor2D) => tf.Scalar,
  targets: tf.Tensor2D,
  mixed: MixedBatch | undefined,
  weight: number | undefined,
): (logits: tf.Tensor2D) => tf.Scalar {
  if (!mixed || weight === undefined || mixed.lambda === 1) return loss;
  return (logits) => tf.add(loss(logits), tf.mul(decoupledRegularizer(logits, targets, mixed), weight));
}
