import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { createOptimizer } from '../../../../src/engine/train/optimizer';
import { softCrossEntropy } from '../../../../src/engine/train/loss';
import { cosineLr, curvePointCount, evaluationSteps, learningRate } from '../../../../src/core/results/schedule';
import { TRAIN_SETTINGS } from '../../../../src/core/settings/config';
import { Clock } from '../../../../src/engine/train/clock';
import { makeToyDataset } from '../../../../src/engine/data/toy';
import { modelEntry } from '../../../../src/engine/models/registry';
import { Rng } from '../../../../src/core/rng';
import { batchSource } from '../../../../src/engine/train/batch-source';
import { warmUp, WARM_UP_STEPS } from '../../../../src/engine/train/loop';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', only: true });
});

describe('optimizer', () => {
  test("SGD with momentum and weight decay follows PyTorch's update", () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const opt = createOptimizer([w], { optimizer: 'sgd', momentum: 0.9, weightDecay: 0.1 });
    const g = tf.tensor1d([0.5, 0.25]);
    // step 1: b = g + wd*w = [0.6, 0.05]; w = w - 0.1*b = [0.94, -2.005]
    opt.step([g], 0.1);
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.94, 6), expect.closeTo(-2.005, 6)]);
    // step 2: b = 0.9*b + g + wd*w = [0.54+0.5+0.094, 0.045+0.25-0.2005]; w -= 0.1*b
    opt.step([g], 0.1);
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.94 - 0.1134, 5), expect.closeTo(-2.005 - 0.00945, 5)]);
    opt.dispose();
    w.dispose();
    g.dispose();
  });

  test("Adam's first step moves each weight by the learning rate against its gradient sign", () => {
    const w = tf.variable(tf.tensor1d([1, 1]));
    const opt = createOptimizer([w], { optimizer: 'adam', momentum: 0.9, weightDecay: 0 });
    opt.step([tf.tensor1d([3, -0.01])], 0.01);
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.99, 5), expect.closeTo(1.01, 5)]);
    opt.dispose();
    w.dispose();
  });
});

describe('loss and schedule', () => {
  test('cross-entropy equals the hand-computed value', () => {
    const logits = tf.tensor2d([
      [2, 0],
      [0, 0],
    ]);
    const targets = tf.tensor2d([
      [1, 0],
      [0.25, 0.75],
    ]);
    const expected = (Math.log(1 + Math.exp(-2)) + Math.log(2)) / 2;
    expect(softCrossEntropy(logits, targets).dataSync()[0]).toBeCloseTo(expected, 6);
  });

  test('cosine schedule starts at the base rate, halves midway and ends near zero', () => {
    expect(cosineLr(0.1, 0, 100)).toBeCloseTo(0.1);
    expect(cosineLr(0.1, 50, 100)).toBeCloseTo(0.05);
    expect(cosineLr(0.1, 99, 100)).toBeLessThan(0.001);
  });

  test('the step schedule divides the rate by 10 at half the steps; constant keeps it; cosine is the default', () => {
    expect([0, 49, 50, 99].map((step) => learningRate('step', 0.01, step, 100))).toEqual([0.01, 0.01, 0.001, 0.001]);
    expect([0, 50, 99].map((step) => learningRate('constant', 0.01, step, 100))).toEqual([0.01, 0.01, 0.01]);
    expect(learningRate('cosine', 0.1, 50, 100)).toBe(cosineLr(0.1, 50, 100));
    // A config says which: step parses, anything else is refused with its allowed values.
    const train = { epochs: 1, batchSize: 8, lr: 0.01 };
    expect(v.parse(v.object(TRAIN_SETTINGS), { ...train, schedule: 'step' }).schedule).toBe('step');
    expect(v.parse(v.object(TRAIN_SETTINGS), train).schedule).toBeUndefined();
    expect(() => v.parse(v.object(TRAIN_SETTINGS), { ...train, schedule: 'linear' })).toThrow(/cosine.*constant.*step/);
  });

  test('evaluation points start at 0 and end at the last step', () => {
    expect([...evaluationSteps(10, 4)]).toEqual([0, 3, 5, 8, 10]);
    expect([...evaluationSteps(3, 20)]).toEqual([0, 1, 2, 3]);
  });

  test('short runs get fewer curve points, never fewer than ten nor more than asked', () => {
    // 780 steps of 64 against a 1,000-example sample: all 20 asked for.
    expect(curvePointCount(20, 780, 64, 1000)).toBe(20);
    // 78 steps of 64 read 4,992 examples: 9 evaluations would read twice as many; the floor is 10.
    expect(curvePointCount(20, 78, 64, 1000)).toBe(10);
    expect(curvePointCount(20, 120, 64, 1000)).toBe(15);
    expect(curvePointCount(3, 10, 8, 1000)).toBe(3);
  });

  test('the clock does not count paused time', async () => {
    const clock = new Clock();
    clock.start();
    await new Promise((r) => setTimeout(r, 20));
    clock.pause();
    const counted = clock.elapsed();
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.elapsed()).toBe(counted);
    expect(counted).toBeGreaterThanOrEqual(15);
  });
});

/** Checks tf.grad(f) at x against central finite differences at the given positions; returns the numeric values. */
function expectFiniteDifferences(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, positions: number[]): number[] {
  const analytic = tf.grad(f)(x).dataSync();
  const values = x.dataSync();
  const eps = 1e-2;
  return positions.map((i) => {
    const at = (delta: number) => {
      const copy = Float32Array.from(values);
      copy[i] += delta;
      return f(tf.tensor(copy, x.shape)).dataSync()[0];
    };
    const numeric = (at(eps) - at(-eps)) / (2 * eps);
    expect(Math.abs(analytic[i] - numeric)).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)));
    return numeric;
  });
}

describe('second-order gradients through conv and average pooling', () => {
  /**
   * || dL/dW ||^2 as a function of the input, which differentiates Conv2DBackpropFilter and AvgPoolGrad.
   * The activation is a square: tfjs's own second-order gradient of ops that save their output (tanh) is wrong.
   */
  const filterGradNorm = (w: tf.Tensor4D, strides: number, pad: 'same' | 'valid') => (x: tf.Tensor) => {
    const dW = tf.grad((weights: tf.Tensor) =>
      tf.sum(tf.square(tf.avgPool(tf.conv2d(x as tf.Tensor4D, weights as tf.Tensor4D, strides, pad), 2, 2, 'valid'))),
    )(w);
    return tf.sum(tf.square(dW));
  };

  for (const [strides, pad] of [
    [1, 'same'],
    [2, 'valid'],
  ] as const) {
    test(`matches central finite differences (stride ${strides}, ${pad})`, () => {
      const x = tf.randomNormal([2, 9, 9, 2], 0, 1, 'float32', 7) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 2, 3], 0, 0.3, 'float32', 8) as tf.Tensor4D;
      const numeric = expectFiniteDifferences(filterGradNorm(w, strides, pad), x, [0, 37, 58, 150]);
      numeric.forEach((value) => expect(Math.abs(value)).toBeGreaterThan(1e-3));
    });
  }
});

describe('Sum and Mean gradients', () => {
  test('spread dy over the reduced axes (scaled by 1/size for Mean), on cpu and wasm', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await initBackend({ prefer: backend, only: true });
      const x = tf.randomNormal([2, 3, 4, 5], 0, 1, 'float32', 3);
      const w = tf.randomNormal([2, 5], 0, 1, 'float32', 4);
      // d/dx sum(w * reduce(x, [1, 2])) = w broadcast over the reduced axes (/ 12 for the mean).
      for (const [reduce, size] of [
        [tf.sum, 1],
        [tf.mean, 12],
      ] as const) {
        const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(w, reduce(t, [-3, 2]))))(x);
        const expected = tf.div(tf.reshape(w, [2, 1, 1, 5]).tile([1, 3, 4, 1]), size);
        expect(grad.shape).toEqual(x.shape);
        const diff = tf.max(tf.abs(tf.sub(grad, expected))).dataSync()[0];
        expect(diff, `${backend} ${reduce === tf.sum ? 'Sum' : 'Mean'}`).toBeLessThan(1e-6);
      }
    }
  });

  test('have correct second-order gradients (instance-norm moments, against finite differences)', async () => {
    await initBackend({ prefer: 'cpu', only: true });
    // f(x) = || d/dx sum(centered(x)^2 * c) ||^2, with centered = x - mean over H, W.
    const c = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 5);
    const f = (x: tf.Tensor) => {
      const inner = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(tf.sub(t, tf.mean(t, [1, 2], true))), c)))(x);
      return tf.sum(tf.square(inner));
    };
    expectFiniteDifferences(f, tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 6), [0, 9, 22, 31]);
  });
});

describe('warm-up', () => {
  test('runs training steps and an evaluation without changing a weight', async () => {
    const data = makeToyDataset('moons');
    const model = modelEntry('mlp').create(data.input, data.classes.length, { name: 'mlp', width: 16 }, new Rng(0));
    const train = batchSource(data.train, data.input, 'cpu');
    const test = batchSource(data.test, data.input, 'cpu');
    const before = model.params.map((p) => Array.from(p.dataSync()));
    const tensors = tf.memory().numTensors;
    await warmUp({
      model,
      classCount: 2,
      train,
      test,
      settings: { batchSize: 32, lr: 0.1, optimizer: 'sgd', momentum: 0.9, weightDecay: 5e-4, evalPoints: 5 },
    });
    expect(WARM_UP_STEPS).toBeGreaterThan(1);
    expect(model.params.map((p) => Array.from(p.dataSync()))).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    train.dispose();
    test.dispose();
    model.dispose();
  });
});
