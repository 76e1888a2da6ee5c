/**
 * The check on a distillation's first step: the setting is kept if one
 * gradient step of that size lowers the loss by a share of what the
 * gradient promises (Armijo), else halved until it does.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { STEP_CHECKS, stableRate } from '../../../../src/engine/methods/distill/stable-rate';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

/** 1/2 x' A x with A = diag(1, 4, 9, 2). */
const curvatures = tf.tensor1d([1, 4, 9, 2]);
const quadratic = (x: tf.Tensor) => tf.mul(0.5, tf.sum(tf.mul(curvatures, tf.square(x)))) as tf.Scalar;

test('against climbing (gradient and distribution matching): keeps a step that lowers the loss, halves one that climbs until it does not, and leaves a loss it cannot read alone; it frees what it makes', async () => {
  const at = tf.tensor1d([0.3, -1, 2, 0.5]);
  const before = tf.memory().numTensors;
  const { noClimb } = STEP_CHECKS;
  // Along the gradient g = A x the quadratic's curvature is g'Ag / g'g = 2982.09 / 341.09: a step lowers the loss
  // (by 1e-4 of the promise) up to 2 (1 - 1e-4) / 8.743 = 0.2287; beyond, it climbs.
  expect(await stableRate(1, quadratic, at, noClimb)).toBe(0.125);
  expect(await stableRate(0.1, quadratic, at, noClimb)).toBe(0.1);
  expect(await stableRate(0.2, quadratic, at, noClimb)).toBe(0.2);
  expect(await stableRate(0.24, quadratic, at, noClimb)).toBe(0.12);
  // A linear loss descends by all the gradient promises, at any step.
  expect(await stableRate(1000, (x) => tf.sum(x) as tf.Scalar, at, noClimb)).toBe(1000);
  expect(await stableRate(1, (x) => tf.div(tf.sum(x), 0) as tf.Scalar, at, noClimb)).toBe(1);
  expect(tf.memory().numTensors).toBe(before);
});

test('half the promise (trajectory matching): a step passes only up to 1 / the curvature along the gradient', async () => {
  const at = tf.tensor1d([0.3, -1, 2, 0.5]);
  const { halfThePromise } = STEP_CHECKS;
  // Up to 341.09 / 2982.09 = 0.1144.
  expect(await stableRate(1, quadratic, at, halfThePromise)).toBe(0.0625);
  expect(await stableRate(0.1, quadratic, at, halfThePromise)).toBe(0.1);
  expect(await stableRate(0.2, quadratic, at, halfThePromise)).toBe(0.1);
  expect(await stableRate(1000, (x) => tf.sum(x) as tf.Scalar, at, halfThePromise)).toBe(1000);
});
