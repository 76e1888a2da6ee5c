/**
 * The cap on a distillation's steps: the largest curvature of a loss, found
 * from first derivatives only, and the step 1 / it where the setting is larger.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { largestCurvature, stableRate } from '../../src/engine/methods/distill/stable-rate';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

/** 1/2 x' A x with A = diag(1, 4, 9, 2): curvatures 1, 4, 9 and 2 along the axes. */
const curvatures = tf.tensor1d([1, 4, 9, 2]);
const quadratic = (x: tf.Tensor) => tf.mul(0.5, tf.sum(tf.mul(curvatures, tf.square(x)))) as tf.Scalar;

test('finds the largest curvature of a loss, and caps a step at 1 / it, leaving smaller steps and flat losses as they are; it frees what it makes', async () => {
  const at = tf.tensor1d([0.3, -1, 2, 0.5]);
  const before = tf.memory().numTensors;
  expect(await largestCurvature(quadratic, at)).toBeCloseTo(9, 0);
  expect(await stableRate(1, quadratic, at)).toBeCloseTo(1 / 9, 2);
  expect(await stableRate(0.01, quadratic, at)).toBe(0.01);
  expect(await stableRate(0.5, (x) => tf.sum(x) as tf.Scalar, at)).toBe(0.5);
  // A rotated quadratic: the largest curvature is an eigenvalue, not an axis.
  const rotated = (x: tf.Tensor) => {
    const [a, b] = tf.split(x, 2);
    return tf.add(tf.square(tf.add(a, b)), tf.mul(0.01, tf.square(tf.sub(a, b)))).sum() as tf.Scalar;
  };
  expect(await largestCurvature(rotated, tf.tensor1d([1, 0.5]))).toBeCloseTo(4, 0);
  expect(tf.memory().numTensors).toBe(before + 1);
});
