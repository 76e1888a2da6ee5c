import * as tf from '@tensorflow/tfjs';

/**
 * log(softmax(logits)) over classes, composed of kernels whose gradients use
 * their inputs. tf.logSoftmax's gradient reads its saved output, which a
 * second differentiation (gradient matching, trajectory matching) does not
 * follow back, so its second-order gradient comes out wrong.
 */
function logSoftmax(logits: tf.Tensor2D): tf.Tensor2D {
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true)));
}

/** Mean cross-entropy of logits against target distributions (one-hot or soft). */
export function softCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(targets, logSoftmax(logits)), 1))) as tf.Scalar;
}

export function oneHotTargets(labels: tf.Tensor1D, classCount: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(labels, classCount), 'float32') as tf.Tensor2D;
}

/**
 * Knowledge distillation (Hinton et al. 2015): cross-entropy on the labels,
 * mixed with cross-entropy against the teacher's softened distribution at
 * temperature T, scaled by T^2 so that its gradients keep their size as T
 * grows. Cross-entropy and KL divergence to the teacher differ by the
 * teacher's entropy, a constant, so the gradients are KL's.
 */
export function distillationLoss(
  targets: tf.Tensor2D,
  teacher: tf.Tensor2D,
  { weight, temperature }: { weight: number; temperature: number },
): (logits: tf.Tensor2D) => tf.Scalar {
  return (logits) => {
    const hard = softCrossEntropy(logits, targets);
    const soft = softCrossEntropy(tf.div(logits, temperature), teacher);
    return tf.add(tf.mul(hard, 1 - weight), tf.mul(soft, weight * temperature * temperature)) as tf.Scalar;
  };
}
