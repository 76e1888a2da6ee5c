/**
 * Trajectory matching's constant-memory gradients equal the unrolled ones
 * (the tape through trajectoryMatchingLoss), on an MLP and a ConvNet, with
 * fixed targets and with soft-label logits; and their peak memory stays
 * flat as the steps grow, where the unrolled one grows with them.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Rng } from '../../../../src/core/rng';
import { matchingGradients } from '../../../../src/engine/methods/distill/matching-gradients';
import { convnet } from '../../../../src/engine/models/convnet';
import type { Model } from '../../../../src/engine/models/model';
import { mlp } from '../../../../src/engine/models/mlp';
import { trajectoryMatchingLoss, unrollPlan } from '../../../../src/engine/methods/distill/trajectory-matching';
import { methodContext } from './method-context';
import { gaussianClasses } from './method-data';
import { initBackend } from '../../../../src/engine/runtime/backend';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', only: true });
});

/** A segment: the model, a start and a target near it, a synthetic set of `count` examples over `classes`. */
function segment(model: Model, inputShape: number[], count: number, classes: number) {
  const startParams = model.params.map((p) => tf.clone(p));
  const targetParams = model.params.map((p, i) => tf.add(p, tf.randomNormal(p.shape, 0, 0.05, 'float32', 20 + i)));
  const examples = tf.randomNormal([count, ...inputShape], 0, 1, 'float32', 7);
  const labels = tf.randomNormal([count, classes], 0, 1, 'float32', 8);
  const targets = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: count }, (_, i) => i % classes),
      'int32',
    ),
    classes,
  );
  return { startParams, targetParams, examples, labels, targets: targets.toFloat() as tf.Tensor2D };
}

/** The tape's gradients through the unrolled steps: the reference. */
function unrolled(model: Model, s: ReturnType<typeof segment>, rate: number, steps: number, soft: boolean) {
  return tf.tidy(() => {
    const f = (x: tf.Tensor, r: tf.Tensor, logits?: tf.Tensor) =>
      trajectoryMatchingLoss(
        model,
        x,
        logits ? (tf.softmax(logits) as tf.Tensor2D) : s.targets,
        r,
        s.startParams,
        s.targetParams,
        steps,
      );
    const inputs = [s.examples, tf.scalar(rate), ...(soft ? [s.labels] : [])];
    const { value, grads } = tf.valueAndGrads(f)(inputs);
    return [value, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

function constantMemory(
  model: Model,
  s: ReturnType<typeof segment>,
  rate: number,
  steps: number,
  soft: boolean,
  chunk?: number,
  pathMemory?: number,
) {
  return tf.tidy(() => {
    const got = matchingGradients(
      model,
      soft
        ? { examples: s.examples, rate: tf.scalar(rate), labels: s.labels, chunk, pathMemory }
        : { examples: s.examples, rate: tf.scalar(rate), targets: s.targets, chunk, pathMemory },
      s.startParams,
      s.targetParams,
      steps,
    );
    return [got.value, got.examples, got.rate, ...(got.labels ? [got.labels] : [])].map((t) =>
      Array.from(t.dataSync()),
    );
  });
}

function expectClose(actual: number[], expected: number[], what: string) {
  expect(actual.length, what).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i])));
  expect(worst / scale, what).toBeLessThan(1e-5);
}

const cases = [
  {
    name: 'MLP',
    make: () => mlp.create({ kind: 'vector', length: 5 }, 3, { width: 8, depth: 2 }, new Rng(3)),
    inputShape: [5],
    // Not a square: the last stretch between kept points is shorter than the others.
    steps: 7,
  },
  {
    name: 'ConvNet',
    make: () =>
      convnet.create({ kind: 'image', height: 8, width: 8, channels: 1 }, 3, { width: 4, depth: 2 }, new Rng(4)),
    inputShape: [8, 8, 1],
    steps: 4,
  },
];

describe('constant-memory trajectory matching', () => {
  for (const { name, make, inputShape, steps } of cases) {
    for (const soft of [false, true]) {
      for (const [chunk, pathMemory] of [
        [undefined, undefined],
        [4, 0],
      ]) {
        const how = chunk ? ', 4 examples at a time (of 6), every √steps-th point kept' : '';
        test(`${name}, ${soft ? 'soft-label logits' : 'fixed targets'}${how}: loss, example, rate${soft ? ' and label' : ''} gradients equal the unrolled ones`, () => {
          const model = make();
          const s = segment(model, inputShape, 6, 3);
          const reference = unrolled(model, s, 0.05, steps, soft);
          const got = constantMemory(model, s, 0.05, steps, soft, chunk, pathMemory);
          expectClose(got[0], reference[0], 'loss');
          expectClose(got[1], reference[1], 'examples');
          expectClose(got[2], reference[2], 'rate');
          if (soft) expectClose(got[3], reference[3], 'labels');
          expect(Math.abs(reference[2][0])).toBeGreaterThan(1e-6);
          tf.dispose([...s.startParams, ...s.targetParams, s.examples, s.labels, s.targets]);
          model.dispose();
        });
      }
    }
  }

  test('leaves no tensor behind but what it returns', () => {
    const model = cases[1].make();
    const s = segment(model, cases[1].inputShape, 6, 3);
    const before = tf.memory().numTensors;
    const rate = tf.scalar(0.05);
    const got = matchingGradients(
      model,
      { examples: s.examples, rate, labels: s.labels, chunk: 4, pathMemory: 0 },
      s.startParams,
      s.targetParams,
      3,
    );
    expect(tf.memory().numTensors - before).toBe(1 + 4);
    tf.dispose([got.value, got.examples, got.rate, got.labels!, rate]);
    tf.dispose([...s.startParams, ...s.targetParams, s.examples, s.labels, s.targets]);
    model.dispose();
  });

  test("its peak memory grows with the steps by their parameters only; the tape's by whole graphs", async () => {
    const model = cases[1].make();
    const s = segment(model, cases[1].inputShape, 30, 3);
    const paramBytes = model.params.reduce((bytes, p) => bytes + p.size * 4, 0);
    const peak = async (run: () => void) => {
      const before = tf.memory().numBytes;
      return (await tf.profile(() => tf.tidy(run))).peakBytes - before;
    };
    const ours = async (steps: number) =>
      peak(() => {
        matchingGradients(
          model,
          { examples: s.examples, rate: tf.scalar(0.05), targets: s.targets },
          s.startParams,
          s.targetParams,
          steps,
        );
      });
    const tape = async (steps: number) =>
      peak(() => {
        tf.grads((x: tf.Tensor) =>
          trajectoryMatchingLoss(model, x, s.targets, tf.scalar(0.05), s.startParams, s.targetParams, steps),
        )([s.examples]);
      });
    const [ours2, ours12, tape2, tape12] = [await ours(2), await ours(12), await tape(2), await tape(12)];
    // Ten more steps: at most a copy of the weights each (all kept, where they fit), never a graph.
    expect(ours12 - ours2).toBeLessThanOrEqual(11 * paramBytes);
    // The tape keeps every step's graph: many times that.
    expect(tape12 - tape2).toBeGreaterThan(4 * (ours12 - ours2));
    tf.dispose([...s.startParams, ...s.targetParams, s.examples, s.labels, s.targets]);
    model.dispose();
  });

  test("the memory plan's estimate is the measured peak, the set in chunks when a step's graph would be too large", async () => {
    const dataset = gaussianClasses(3, 20, 16);
    const { context } = methodContext(dataset, { ipc: 10 });
    const model = context.model.create(new Rng(0));
    const targetParams = model.params.map((p) => tf.add(p, 0.05));
    const examples = tf.randomNormal([30, 16], 0, 1, 'float32', 3);
    const targets = tf
      .oneHot(
        tf.tensor1d(
          Array.from({ length: 30 }, (_, i) => i % 3),
          'int32',
        ),
        3,
      )
      .toFloat() as tf.Tensor2D;
    const measured = async (chunk: number) => {
      const before = tf.memory().numBytes;
      const profile = await tf.profile(() =>
        tf.tidy(() => {
          matchingGradients(model, { examples, targets, rate: tf.scalar(0.1), chunk }, model.params, targetParams, 9);
        }),
      );
      return profile.peakBytes - before;
    };
    const whole = await unrollPlan(context, 9, Number.POSITIVE_INFINITY);
    const chunked = await unrollPlan(context, 9, 1);
    expect(whole.chunk).toBe(30);
    expect(chunked.chunk).toBe(8);
    for (const plan of [whole, chunked]) {
      const peak = await measured(plan.chunk);
      expect(plan.bytes / peak, `chunk ${plan.chunk}`).toBeGreaterThan(0.75);
      expect(plan.bytes / peak, `chunk ${plan.chunk}`).toBeLessThan(1.33);
    }
    expect(await measured(8)).toBeLessThan(await measured(30));
    tf.dispose([...targetParams, examples, targets]);
    model.dispose();
    context.runModel.dispose();
  });
});
