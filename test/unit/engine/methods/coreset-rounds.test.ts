/**
 * Per-round variants, knowledge distillation and the overhead breakdown, as
 * a run sees them: resampled rounds follow the scores, re-selected rounds
 * are picked with the model being trained and booked as overhead, and a
 * teacher is trained once per seed and charged or marked reused.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { requireConfig } from '../../../../src/engine/config';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { runExperiment } from '../../../../src/engine/experiment/run';
import type { Model } from '../../../../src/engine/models/model';
import { distillationLoss } from '../../../../src/engine/train/loss';
import { planMethod } from './method-context';
import { classCounts, gaussianClasses } from './method-data';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

const blobs = (methods: Record<string, unknown>[], overrides: Record<string, unknown> = {}) =>
  requireConfig(bundled, {
    version: 1,
    dataset: 'blobs',
    model: { name: 'mlp', width: 16 },
    budget: { fraction: 0.1 },
    train: { epochs: 3, batchSize: 32, lr: 0.05, evalPoints: 3 },
    methods,
    seeds: [0],
    backend: 'wasm',
    ...overrides,
  });

describe('per-round variants', () => {
  test('resample draws a new class-balanced subset each round, favouring high scores', async () => {
    const dataset = gaussianClasses(2, 100, 3, 5);
    const { plan } = await planMethod('el2n', dataset, { ipc: 10 }, { rounds: 'resample' });
    const scores = plan.selection!.scores!;
    const drawn = new Float64Array(dataset.train.count);
    const rounds: Int32Array[] = [];
    for (let r = 0; r < 200; r++) {
      const round = (await plan.nextRound(undefined as unknown as Model)) as Int32Array;
      expect(classCounts(dataset, round)).toEqual([10, 10]);
      expect(new Set(round).size).toBe(20);
      round.forEach((i) => drawn[i]++);
      rounds.push(round);
    }
    expect(new Set(rounds.map((r) => [...r].sort().join())).size).toBeGreaterThan(150);
    // Across rounds, the examples drawn most often are those with the highest scores.
    const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
    const mean = (ids: number[]) => ids.reduce((s, i) => s + drawn[i], 0) / ids.length;
    expect(mean(order.slice(0, 40))).toBeGreaterThan(2 * mean(order.slice(-40)));
  });

  test('reselect picks every round with the model being trained, booked as re-selection overhead', async () => {
    const result = await runExperiment(
      blobs([
        { name: 'el2n', rounds: 'reselect' },
        { name: 'herding', features: 'embedding', rounds: 'reselect' },
        { name: 'herding' },
      ]),
      {
        datasets: bundled,
        source: nodePackSource,
      },
    );
    const [el2n, herdingEach, herdingOnce] = result.runs;
    for (const run of [el2n, herdingEach]) {
      expect(run.selection!.rounds).toBe(3);
      expect(run.overhead.reselect).toBeGreaterThan(0);
      expect(run.overhead.pretrain).toBeGreaterThan(0);
    }
    expect(herdingOnce.overhead.reselect).toBeUndefined();
    expect(herdingOnce.overhead.pretrain).toBeUndefined();
    expect(herdingOnce.overhead.select).toBeGreaterThan(0);
    for (const run of result.runs) {
      const parts = Object.values(run.overhead).reduce((a, b) => a + b, 0);
      expect(run.overheadMs).toBeCloseTo(parts, 6);
      expect(run.points.at(-1)!.timeMs).toBeCloseTo(run.overheadMs + run.trainMs, 0);
    }
    expect(el2n.label).toBe('el2n 10% (reselect)');
    expect(herdingEach.label).toBe('herding 10% (embedding, reselect)');
  });
});

test('every selection method frees every tensor it made', async () => {
  const methods = [
    'herding',
    'kcenter',
    'kmeans',
    'facility',
    'el2n',
    'grand',
    'forgetting',
    'least-confidence',
    'margin',
    'entropy',
  ].map((name) => ({ name }));
  const config = blobs([...methods, { name: 'grand', rounds: 'reselect' }, { name: 'facility', rounds: 'reselect' }], {
    train: { epochs: 1, batchSize: 32, lr: 0.05, evalPoints: 1 },
  });
  // A first run settles what the backend keeps for good (compiled kernels' constants).
  await runExperiment(config, { datasets: bundled, source: nodePackSource });
  const before = tf.memory().numTensors;
  await runExperiment(config, { datasets: bundled, source: nodePackSource });
  expect(tf.memory().numTensors).toBe(before);
});

test('a cancel during selection or pre-training stops the run and frees its tensors', async () => {
  const before = tf.memory().numTensors;
  for (const [method, part] of [
    ['herding', 'select'],
    ['el2n', 'pretrain'],
  ] as const) {
    let heard = false;
    const run = runExperiment(blobs([{ name: method }]), {
      datasets: bundled,
      source: nodePackSource,
      onEvent: (e) => {
        if (e.type === 'phase' && e.part === part) heard = true;
      },
      shouldStop: () => heard,
    });
    await expect(run).rejects.toMatchObject({ name: 'RunCancelled' });
  }
  expect(tf.memory().numTensors).toBe(before);
});

describe('knowledge distillation', () => {
  test('the loss mixes label cross-entropy with T^2-scaled cross-entropy to the teacher', () => {
    const value = tf.tidy(() => {
      const logits = tf.tensor2d([[2, 0]]);
      const loss = distillationLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.25, 0.75]]), {
        weight: 0.4,
        temperature: 2,
      });
      return loss(logits).dataSync()[0];
    });
    const logSoftmax = (z: number[]) => {
      const m = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
      return z.map((v) => v - m);
    };
    const hard = -logSoftmax([2, 0])[0];
    const soft = -(0.25 * logSoftmax([1, 0])[0] + 0.75 * logSoftmax([1, 0])[1]);
    expect(value).toBeCloseTo(0.6 * hard + 0.4 * 4 * soft, 5);
  });

  test('one teacher per seed: trained once, then charged at its cost or marked reused', async () => {
    const before = tf.memory().numTensors;
    const result = await runExperiment(
      blobs([
        { name: 'random', kdWeight: 0.5 },
        { name: 'el2n', kdWeight: 0.5 },
        { name: 'kcenter', kdWeight: 0.5, kdTeacher: 'reused' },
        { name: 'random' },
      ]),
      { datasets: bundled, source: nodePackSource },
    );
    expect(tf.memory().numTensors).toBe(before);
    const [first, charged, reused, plain] = result.runs;
    expect(first.label).toBe('random 10% + KD');
    expect(reused.label).toBe('kcenter 10% + KD (reused teacher)');
    expect(first.overhead.teacher).toBeGreaterThan(0);
    // Charged from the cache at the cost the first run paid (measured by two clocks, so within a few ms).
    expect(Math.abs(charged.overhead.teacher! - first.overhead.teacher!)).toBeLessThan(20);
    expect(reused.overhead.teacher).toBeUndefined();
    expect(reused.reused.teacher).toBeGreaterThan(0);
    expect(plain.overhead.teacher).toBeUndefined();
    // The teacher's soft labels change training: same subset and initial weights, another curve.
    expect(first.points.map((p) => p.testLoss)).not.toEqual(plain.points.map((p) => p.testLoss));
  });
});
