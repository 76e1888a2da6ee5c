/**
 * The check on a distillation's first step: the setting is kept if one
 * gradient step of that size lowers the loss by half what the gradient
 * promises (Armijo), else halved until it does.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { stableRate } from '../../../../src/engine/methods/distill/stable-rate';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

/** 1/2 x' A x with A = diag(1, 4, 9, 2). */
const curvatures = tf.tensor1d([1, 4, 9, 2]);
const quadratic = (x: tf.Tensor) => tf.mul(0.5, tf.sum(tf.mul(curvatures, tf.square(x)))) as tf.Scalar;

test('keeps a step that descends enough, halves one that does not until it does, and leaves a loss it cannot read alone; it frees what it makes', async () => {
  const at = tf.tensor1d([0.3, -1, 2, 0.5]);
  const before = tf.memory().numTensors;
  // Along the gradient g = A x the quadratic's curvature is g'Ag / g'g = 2982.09 / 341.09: a step passes up to 0.1144.
  expect(await stableRate(1, quadratic, at)).toBe(0.0625);
  expect(await stableRate(0.1, quadratic, at)).toBe(0.1);
  expect(await stableRate(0.2, quadratic, at)).toBe(0.1);
  // A linear loss descends by all the gradient promises, at any step.
  expect(await stableRate(1000, (x) => tf.sum(x) as tf.Scalar, at)).toBe(1000);
  expect(await stableRate(1, (x) => tf.div(tf.sum(x), 0) as tf.Scalar, at)).toBe(1);
  expect(tf.memory().numTensors).toBe(before);
});
