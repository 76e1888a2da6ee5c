/**
 * Per-example scores from a model's outputs on one batch (higher = harder or
 * more uncertain), each as its paper defines it.
 */
import * as tf from '@tensorflow/tfjs';
import type { ScoreFunction } from './per-example';

/** EL2N (Paul et al. 2021): the L2 norm of the error vector, softmax(logits) - one-hot label. */
export const el2nScore: ScoreFunction = ({ logits, targets }) =>
  tf.tidy(() => tf.norm(tf.sub(tf.softmax(logits), targets), 'euclidean', 1) as tf.Tensor1D);

/**
 * GraNd (Paul et al. 2021) at the last layer, as DeepCore computes it: the
 * norm of the loss gradient with respect to the head's weights and bias. For
 * cross-entropy those are (p - y) h^T and (p - y), whose joint norm is
 * ||p - y|| * sqrt(||h||^2 + 1), with h the head's input.
 */
export const grandScore: ScoreFunction = ({ logits, features, targets }) =>
  tf.tidy(() => {
    const error = tf.norm(tf.sub(tf.softmax(logits), targets), 'euclidean', 1);
    return tf.mul(error, tf.sqrt(tf.add(tf.sum(tf.square(features), 1), 1))) as tf.Tensor1D;
  });

/** Least confidence (uncertainty sampling): 1 - the top class probability. */
export const leastConfidenceScore: ScoreFunction = ({ logits }) =>
  tf.tidy(() => tf.sub(1, tf.max(tf.softmax(logits), 1)) as tf.Tensor1D);

/** Margin: 1 - (top probability - runner-up), so that a small margin scores high. */
export const marginScore: ScoreFunction = ({ logits }) =>
  tf.tidy(() => {
    const top = tf.topk(tf.softmax(logits), 2).values;
    const [first, second] = tf.split(top, 2, 1);
    return tf.reshape(tf.sub(1, tf.sub(first, second)), [-1]) as tf.Tensor1D;
  });

/** Entropy of the predicted distribution, in nats. */
export const entropyScore: ScoreFunction = ({ logits }) =>
  tf.tidy(() => tf.neg(tf.sum(tf.mul(tf.softmax(logits), tf.logSoftmax(logits)), 1)) as tf.Tensor1D);
