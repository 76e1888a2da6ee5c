import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { summaryTable } from '../../../../src/cli/report';
import { requireConfig } from '../../../../src/engine/config';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

const datasets = new OpenDatasets();

const config = (fairEvaluation: boolean) =>
  requireConfig(datasets, {
    version: 1,
    dataset: 'blobs',
    model: { name: 'mlp', width: 16 },
    budget: { ipc: 2 },
    train: { epochs: 20, batchSize: 16, lr: 0.05, evalPoints: 2 },
    methods: [
      { name: 'random' },
      { name: 'dm', iterations: 10 },
      { name: 'datm', iterations: 4, experts: 1, expertEpochs: 2, syntheticSteps: 2 },
    ],
    seeds: [0, 1],
    backend: 'cpu',
    fairEvaluation,
  });

test("fair evaluation trains each distilled run's matched controls off its clock; the table gives the gain over them", async () => {
  const before = tf.memory().numTensors;
  const run = (fair: boolean) => runExperiment(config(fair), { datasets, source: nodePackSource });
  const [plain, fair] = [await run(false), await run(true)];
  const of = (result: typeof fair, method: string) => result.runs.filter((r) => r.method === method);
  // Only distilled runs get controls; a soft-label set (datm) also its hard-label control.
  expect(of(fair, 'random').every((r) => r.fair === undefined)).toBe(true);
  for (const r of of(fair, 'dm')) {
    expect(r.fair!.randomAcc).toBeGreaterThan(0.25);
    expect(r.fair!.hardLabelAcc).toBeUndefined();
  }
  for (const r of of(fair, 'datm')) expect(r.fair!.hardLabelAcc).toBeGreaterThan(0);
  // The runs themselves are as without the controls.
  const curves = (runs: typeof fair.runs) => runs.map((r) => r.points.map((p) => p.testAcc));
  expect(curves(fair.runs)).toEqual(curves(plain.runs));
  expect(plain.runs.every((r) => r.fair === undefined)).toBe(true);
  // The row's gain is its accuracy less its control's, seed by seed.
  const dm = fair.summary.find((row) => row.method === 'dm')!;
  const gains = of(fair, 'dm').map((r) => r.finalTestAcc - r.fair!.randomAcc);
  expect(dm.fair!.gainMean).toBeCloseTo((gains[0] + gains[1]) / 2, 10);
  expect(dm.fair!.hardLabelShare).toBeUndefined();
  expect(fair.summary.find((row) => row.method === 'datm')!.fair).toHaveProperty('hardLabelShare');
  expect(summaryTable(fair)).toContain('gain over matched random');
  expect(summaryTable(plain)).not.toContain('gain over matched random');
  expect(tf.memory().numTensors).toBe(before);
});
