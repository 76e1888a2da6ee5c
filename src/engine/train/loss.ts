import * as tf from '@tensorflow/tfjs';

/** Mean cross-entropy of logits against target distributions (one-hot or soft). */
export function softCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

export function oneHotTargets(labels: tf.Tensor1D, classCount: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(labels, classCount), 'float32') as tf.Tensor2D;
}
