/**
 * A synthetic set as a matching loop learns it: its examples, the class each
 * stands for and, where the method learns them too (datm), its soft labels.
 */
import * as tf from '@tensorflow/tfjs';

export interface LearnedSet {
  /** The examples as the model reads them. */
  examples: tf.Variable;
  classes: Int32Array;
  /** Soft-label logits [n, classes]; a method that learns labels sets them before its first iteration. */
  labels?: tf.Variable;
}

/** One-hot targets [n, classes] for synthetic examples of `classes`. */
export function classTargets(classes: Int32Array, classCount: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(classes, 'int32'), classCount).toFloat()) as tf.Tensor2D;
}

/** The distributions the set trains towards: its soft labels where it learns them, else its classes. */
export function setTargets(set: LearnedSet, classCount: number): tf.Tensor2D {
  return set.labels ? (tf.softmax(set.labels) as tf.Tensor2D) : classTargets(set.classes, classCount);
}
