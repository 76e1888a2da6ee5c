import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { requireConfig } from '../../../../src/engine/config';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

const datasets = new OpenDatasets();

const config = (evaluateOn?: unknown[]) =>
  requireConfig(datasets, {
    version: 1,
    dataset: 'blobs',
    model: { name: 'mlp', width: 16 },
    budget: { ipc: 5 },
    train: { epochs: 30, batchSize: 16, lr: 0.05, evalPoints: 2 },
    methods: [{ name: 'dm', iterations: 10, ...(evaluateOn ? { evaluateOn } : {}) }, { name: 'random' }],
    seeds: [0, 1],
    backend: 'cpu',
  });

test('a distilled set trains each other model its row names, after the run and off its clock, and the table gives each its column', async () => {
  const before = tf.memory().numTensors;
  const run = (evaluateOn?: unknown[]) => runExperiment(config(evaluateOn), { datasets, source: nodePackSource });
  const others = [
    { name: 'mlp', width: 8 },
    { name: 'mlp', width: 64, depth: 2 },
  ];
  const plain = await run();
  const crossed = await run(others);
  const dm = crossed.runs.filter((r) => r.method === 'dm');
  for (const { crossArch } of dm) {
    expect(crossArch!.map((e) => e.label)).toEqual(['mlp (width 8, depth 1)', 'mlp (width 64, depth 2)']);
    // Four gaussian blobs: every model learns the distilled set far above chance (25%).
    for (const e of crossArch!) expect(e.testAcc).toBeGreaterThan(0.5);
  }
  expect(crossed.runs.find((r) => r.method === 'random')!.crossArch).toBeUndefined();
  // The run itself is as it was without them: the same curve, the same clock-free numbers.
  const curves = (runs: typeof dm) => runs.map((r) => r.points.map((p) => p.testAcc));
  expect(curves(dm)).toEqual(curves(plain.runs.filter((r) => r.method === 'dm')));
  // The same seed gives the same accuracies.
  const again = await run(others);
  expect(again.runs.map((r) => r.crossArch)).toEqual(crossed.runs.map((r) => r.crossArch));
  const row = crossed.summary.find((r) => r.method === 'dm')!;
  expect(row.crossArch!.map((c) => c.label)).toEqual(['mlp (width 8, depth 1)', 'mlp (width 64, depth 2)']);
  const mean = (dm[0].crossArch![1].testAcc + dm[1].crossArch![1].testAcc) / 2;
  expect(row.crossArch![1].accMean).toBeCloseTo(mean, 10);
  expect(crossed.summary.find((r) => r.method === 'random')!.crossArch).toBeUndefined();
  expect(tf.memory().numTensors).toBe(before);
});
