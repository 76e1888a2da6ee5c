import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { requireConfig } from '../../../../src/engine/config';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { reachedByAll } from '../../../../src/core/results/summary';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import type { ExperimentEvent } from '../../../../src/core/results/types';
import type { Augmentation } from '../../../../src/engine/contracts/augmentation';
import { makeToyDataset } from '../../../../src/engine/data/toy';
import { modelEntry } from '../../../../src/engine/models/registry';
import { Rng } from '../../../../src/core/rng';
import { batchSource } from '../../../../src/engine/train/batch-source';
import { Clock } from '../../../../src/engine/train/clock';
import { trainModel } from '../../../../src/engine/train/loop';
import { RunDiverged } from '../../../../src/engine/contracts/errors';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const blobs = (overrides: Record<string, unknown> = {}) =>
  requireConfig(bundled, {
    version: 1,
    dataset: 'blobs',
    model: { name: 'mlp', width: 32 },
    budget: { fraction: 0.1 },
    train: { epochs: 3, batchSize: 32, lr: 0.05, evalPoints: 5 },
    methods: [{ name: 'full' }, { name: 'random' }, { name: 'rs2' }, { name: 'full-short' }],
    seeds: [0],
    backend: 'wasm',
    ...overrides,
  });

const curves = (result: Awaited<ReturnType<typeof runExperiment>>) =>
  result.runs.map((r) => r.points.map((p) => [p.step, p.samples, p.testAcc]));

describe('runExperiment', () => {
  test('trains every method, records the backend, and summarises per row', async () => {
    const events: ExperimentEvent[] = [];
    const result = await runExperiment(blobs(), {
      datasets: bundled,
      source: nodePackSource,
      onEvent: (e) => events.push(e),
    });
    expect(result.backend).toBe('wasm');
    expect(result.runs.map((r) => r.label)).toEqual(['full', 'random 10%', 'rs2 10%', 'full-short 10%']);
    expect(result.summary.map((r) => r.label)).toEqual(['full', 'random 10%', 'rs2 10%', 'full-short 10%']);
    const [full, random, rs2, short] = result.runs;
    expect(full.finalTestAcc).toBeGreaterThan(0.85);
    expect(full.steps).toBe(3 * Math.ceil(full.examplesPerRound / 32));
    expect(rs2.steps).toBe(random.steps);
    expect(short.steps).toBe(rs2.steps);
    for (const run of result.runs) {
      expect(run.backend).toBe('wasm');
      expect(run.points[0]).toMatchObject({ step: 0, samples: 0 });
      expect(run.points.at(-1)!.step).toBe(run.steps);
      expect(run.evalMs).toBeGreaterThan(0);
      // Time counts overhead and training only, so the last point is their sum.
      expect(run.points.at(-1)!.timeMs).toBeCloseTo(run.overheadMs + run.trainMs, 0);
      for (let i = 1; i < run.points.length; i++)
        expect(run.points[i].timeMs).toBeGreaterThan(run.points[i - 1].timeMs);
    }
    expect(result.summary[0].speedupVsFull).toBe(1);
    // The default target is one every run reached: every row has a time and a speed-up.
    expect(result.targetRule).toBe('reached-by-all');
    expect(result.targetAcc).toBe(reachedByAll(result.runs));
    for (const row of result.summary) expect(row.speedupVsFull).not.toBeNull();
    expect(events.filter((e) => e.type === 'run-end')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'point')).toHaveLength(result.runs.reduce((n, r) => n + r.points.length, 0));
  });

  test('repeats time every run again on its seed, each seed in another order, and give time to target a spread', async () => {
    const events: ExperimentEvent[] = [];
    const config = blobs({
      methods: [{ name: 'full' }, { name: 'random' }, { name: 'rs2' }],
      seeds: [0, 1],
      repeats: 3,
    });
    const result = await runExperiment(config, {
      datasets: bundled,
      source: nodePackSource,
      onEvent: (e) => events.push(e),
    });
    const once = await runExperiment({ ...config, repeats: 1 }, { datasets: bundled, source: nodePackSource });
    // The result is the runs' own: the same curves as without repeats, one run per seed and method.
    expect(curves(result)).toEqual(curves(once));
    for (const run of result.runs) {
      expect(run.repeats).toHaveLength(2);
      for (const repeat of run.repeats!) expect(repeat.pointTimesMs).toHaveLength(run.points.length);
    }
    // Runs and repeats counted together: 6 runs, each timed twice more.
    expect(events.filter((e) => e.type === 'run-start').every((e) => e.type === 'run-start' && e.runCount === 18)).toBe(
      true,
    );
    const repeats = events.filter((e): e is Extract<ExperimentEvent, { type: 'repeat' }> => e.type === 'repeat');
    expect(repeats.map((e) => e.position)).toEqual(Array.from({ length: 12 }, (_, i) => 6 + i));
    // No method always goes first: repeat 1 of seed 0 starts with random, of seed 1 with rs2.
    expect(repeats.slice(0, 6).map((e) => `${e.seed}:${e.label}`)).toEqual([
      '0:random 10%',
      '0:rs2 10%',
      '0:full',
      '1:rs2 10%',
      '1:full',
      '1:random 10%',
    ]);
    expect(events.filter((e) => e.type === 'point')).toHaveLength(result.runs.reduce((n, r) => n + r.points.length, 0));
    for (const row of result.summary) {
      expect(row.timeToTargetMs).not.toBeNull();
      expect(row.timeToTargetMsStd).toBeGreaterThan(0);
      if (row.method !== 'full') expect(row.speedupVsFullStd).toBeGreaterThan(0);
    }
  });

  test('the same seed gives the same subsets and curves; another seed does not', async () => {
    const config = blobs({ methods: [{ name: 'random' }, { name: 'rs2' }] });
    const a = await runExperiment(config, { datasets: bundled, source: nodePackSource });
    const b = await runExperiment(config, { datasets: bundled, source: nodePackSource });
    const c = await runExperiment({ ...config, seeds: [1] }, { datasets: bundled, source: nodePackSource });
    expect(curves(a)).toEqual(curves(b));
    expect(curves(a)).not.toEqual(curves(c));
  });

  test('frees every tensor it made, also when cancelled', async () => {
    await initBackend({ prefer: 'wasm', only: true });
    const before = tf.memory().numTensors;
    await runExperiment(blobs({ methods: [{ name: 'rs2' }] }), { datasets: bundled, source: nodePackSource });
    expect(tf.memory().numTensors).toBe(before);

    let points = 0;
    const cancelled = runExperiment(blobs(), {
      datasets: bundled,
      source: nodePackSource,
      onEvent: (e) => {
        if (e.type === 'point') points++;
      },
      shouldStop: () => points >= 2,
    });
    await expect(cancelled).rejects.toMatchObject({ name: 'RunCancelled' });
    expect(tf.memory().numTensors).toBe(before);
  });

  test('several seeds give a spread in the summary', async () => {
    const result = await runExperiment(blobs({ methods: [{ name: 'random' }], seeds: [0, 1, 2] }), {
      datasets: bundled,
      source: nodePackSource,
    });
    expect(result.summary).toHaveLength(1);
    expect(result.summary[0].runs).toBe(3);
    expect(result.summary[0].finalTestAccStd).toBeGreaterThanOrEqual(0);
  });

  test('an MLP on MNIST reaches the accuracy PyTorch gets in the same setting', async () => {
    const config = requireConfig(bundled, {
      version: 1,
      dataset: 'mnist',
      model: { name: 'mlp' },
      budget: { fraction: 0.1 },
      train: { epochs: 2, batchSize: 64, lr: 0.05, evalPoints: 2 },
      methods: [{ name: 'full' }],
      seeds: [0],
      backend: 'wasm',
    });
    const result = await runExperiment(config, { datasets: bundled, source: nodePackSource });
    expect(result.runs[0].finalTestAcc).toBeGreaterThan(0.9);
  });

  test('at 1 image per class on MNIST, herding beats random as it does in PyTorch (about 51% against 37%)', async () => {
    const config = requireConfig(bundled, {
      version: 1,
      dataset: 'mnist',
      model: { name: 'mlp' },
      budget: { ipc: 1 },
      train: { epochs: 30, batchSize: 10, lr: 0.01, evalPoints: 1 },
      methods: [{ name: 'random' }, { name: 'herding' }],
      seeds: [0, 1, 2],
      backend: 'wasm',
    });
    const result = await runExperiment(config, { datasets: bundled, source: nodePackSource });
    const [random, herding] = result.summary;
    expect(herding.label).toBe('herding 1/class');
    expect(herding.finalTestAccMean).toBeGreaterThan(random.finalTestAccMean + 0.08);
  });

  test("a ConvNet trains on wasm with the lab's own gradient kernels", async () => {
    const config = requireConfig(bundled, {
      version: 1,
      dataset: 'mnist',
      model: { name: 'convnet', width: 8, depth: 2 },
      budget: { ipc: 30 },
      train: { epochs: 6, batchSize: 32, lr: 0.05, evalPoints: 1 },
      methods: [{ name: 'random' }],
      seeds: [0],
      backend: 'wasm',
    });
    const result = await runExperiment(config, { datasets: bundled, source: nodePackSource });
    expect(result.backend).toBe('wasm');
    expect(result.runs[0].finalTestAcc).toBeGreaterThan(0.6);
  });
});

describe('backend choice', () => {
  test('skips a backend that cannot run the probe and records why', async () => {
    // tfjs's wasm backend has no FFT kernel; the cpu backend has one.
    const probe = () => {
      tf.tidy(() => tf.spectral.fft(tf.complex([1, 2], [0, 0])).dataSync());
    };
    const skipped: string[] = [];
    const chosen = await initBackend({ prefer: 'wasm', probe, onSkip: (b, why) => skipped.push(`${b}: ${why}`) });
    expect(chosen).toBe('cpu');
    expect(skipped.find((s) => s.startsWith('wasm'))).toMatch(/cannot train this model .*(FFT|Complex)/);
    await expect(initBackend({ prefer: 'wasm', only: true, probe })).rejects.toThrow(
      /no backend could run this model: wasm: cannot train/,
    );
  });

  test('a run whose loss explodes is marked diverged at a step, keeps its partial curve, and stays out of the target; the others go on', async () => {
    const before = tf.memory().numTensors;
    const config = requireConfig(bundled, {
      version: 1,
      dataset: 'mnist',
      model: { name: 'mlp' },
      budget: { fraction: 0.1 },
      train: { epochs: 2, batchSize: 64, lr: 10, evalPoints: 5 },
      methods: [{ name: 'full' }, { name: 'random' }],
      seeds: [0],
      backend: 'wasm',
    });
    const result = await runExperiment(config, { datasets: bundled, source: nodePackSource });
    for (const run of result.runs) {
      expect(run.diverged?.phase).toBe('training');
      expect(run.diverged!.message).toMatch(
        /^the training diverged by step \d+: its training loss averaged \S+ over steps 1-\d+, over 100 times a uniform guess's \(2\.30\); lower the learning rate$/,
      );
      expect(run.points[0].step).toBe(0);
      expect(run.steps).toBeGreaterThan(run.diverged!.step);
    }
    expect(result.summary.map((row) => [row.timeToTargetMs, row.speedupVsFull, row.diverged?.runs])).toEqual([
      [null, null, 1],
      [null, null, 1],
    ]);
    // The same seed diverges at the same step.
    const again = await runExperiment(config, { datasets: bundled, source: nodePackSource });
    expect(again.runs.map((r) => r.diverged?.step)).toEqual(result.runs.map((r) => r.diverged?.step));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a loss that turns NaN stops training as diverged, with the curve measured before', async () => {
    const dataset = makeToyDataset('moons');
    const classCount = dataset.classes.length;
    const model = modelEntry('mlp').create(dataset.input, classCount, { name: 'mlp', width: 16, depth: 1 }, new Rng(0));
    // An augmentation that poisons every batch after the 12th: the loss turns NaN there.
    let batches = 0;
    const poison: Augmentation = {
      mix: ({ x }) => ({
        x: ++batches > 12 ? tf.mul(x, Number.NaN) : x,
        partner: tf.range(0, x.shape[0], 1, 'int32') as tf.Tensor1D,
        lambda: 1,
      }),
    };
    const training = trainModel({
      model,
      classCount,
      train: batchSource(dataset.train, dataset.input, 'cpu'),
      test: batchSource(dataset.test, dataset.input, 'cpu'),
      plan: {
        examplesPerRound: 64,
        totalSteps: 40,
        nextRound: () => Int32Array.from({ length: 64 }, (_, i) => i),
        augment: poison,
      },
      settings: { batchSize: 16, lr: 0.1, evalPoints: 4, optimizer: 'sgd', momentum: 0, weightDecay: 0 },
      clock: new Clock(),
      rng: new Rng(1),
    });
    const error = await training.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunDiverged);
    const diverged = error as RunDiverged;
    expect(diverged.message).toBe(
      'the training diverged by step 20: its training loss is no longer a finite number; lower the learning rate',
    );
    expect(diverged.points.map((p) => p.step)).toEqual([0, 10]);
    model.dispose();
  });
});
