import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { summaryTable } from '../../../../src/cli/report';
import { requireConfig } from '../../../../src/engine/config';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { matchedControls } from '../../../../src/engine/experiment/fair-evaluation';
import { Rng } from '../../../../src/core/rng';
import { modelEntry } from '../../../../src/engine/models/registry';
import { batchSource } from '../../../../src/engine/train/batch-source';
import { resolveBudget } from '../../../../src/engine/methods/budget';

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
  for (const r of of(fair, 'dm')) expect(r.fair!.softRandomAcc).toBeUndefined();
  // A soft-label set's matched random has soft labels too (a full-data teacher's), as well as hard.
  for (const r of of(fair, 'datm')) {
    expect(r.fair!.hardLabelAcc).toBeGreaterThan(0);
    expect(r.fair!.softRandomAcc).toBeGreaterThan(0.25);
  }
  // The teacher that gave them costs no run its time: nothing is charged or reported reused for it.
  for (const r of fair.runs) expect([r.overhead.teacher, r.reused.teacher]).toEqual([undefined, undefined]);
  // The runs themselves are as without the controls.
  const curves = (runs: typeof fair.runs) => runs.map((r) => r.points.map((p) => p.testAcc));
  expect(curves(fair.runs)).toEqual(curves(plain.runs));
  expect(plain.runs.every((r) => r.fair === undefined)).toBe(true);
  // The row's gain is its accuracy less its control's, seed by seed.
  const dm = fair.summary.find((row) => row.method === 'dm')!;
  const gains = of(fair, 'dm').map((r) => r.finalTestAcc - r.fair!.randomAcc);
  expect(dm.fair!.gainMean).toBeCloseTo((gains[0] + gains[1]) / 2, 10);
  expect(dm.fair!.hardLabelShare).toBeUndefined();
  const datm = fair.summary.find((row) => row.method === 'datm')!;
  expect(datm.fair).toHaveProperty('hardLabelShare');
  // Its gain is over the matched random with soft labels; the share kept is the hard-label set's gain over hard-label random.
  const datmRuns = of(fair, 'datm');
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const softGain = mean(datmRuns.map((r) => r.finalTestAcc - r.fair!.softRandomAcc!));
  expect(datm.fair!.gainMean).toBeCloseTo(softGain, 10);
  expect(datm.fair!.randomAccMean).toBeCloseTo(mean(datmRuns.map((r) => r.fair!.softRandomAcc!)), 10);
  const hardGain = mean(datmRuns.map((r) => r.fair!.hardLabelAcc! - r.fair!.randomAcc));
  if (softGain > 0) expect(datm.fair!.hardLabelShare).toBeCloseTo(hardGain / softGain, 10);
  expect(summaryTable(fair)).toContain('gain over matched random');
  expect(summaryTable(plain)).not.toContain('gain over matched random');
  expect(tf.memory().numTensors).toBe(before);
});

test("a soft-label set's matched random trains on the teacher's soft labels: uniform ones teach it nothing", async () => {
  await tf.setBackend('cpu');
  const dataset = await datasets.load('blobs', nodePackSource);
  const classCount = dataset.classes.length;
  const [train, test] = [dataset.train, dataset.test].map((split) => batchSource(split, dataset.input, 'cpu'));
  const budget = resolveBudget({ ipc: 5 }, dataset);
  const model = modelEntry('mlp');
  const initial = () => model.create(dataset.input, classCount, { name: 'mlp', width: 16, depth: 1 }, new Rng(7));
  // A "distilled" set of 4 real examples, one per class, with soft labels: what matchedControls reads of a plan.
  const count = classCount;
  const classes = Int32Array.from({ length: count }, (_, c) => c);
  const x = tf.tensor2d(dataset.train.x.slice(0, count * 2) as Float32Array, [count, 2]);
  const targets = tf.oneHot(tf.tensor1d(classes, 'int32'), classCount).toFloat() as tf.Tensor2D;
  const plan = {
    examplesPerRound: count,
    totalSteps: 300,
    nextRound: () => Int32Array.from(classes),
    examples: { x, targets },
    synthetic: {
      classes,
      shape: [2],
      values: new Float32Array(count * 2),
      labels: new Float32Array(count * classCount),
      loss: [],
    },
  };
  const job = {
    classCount,
    train,
    test,
    testSample: test,
    settings: { epochs: 300, batchSize: 16, lr: 0.05, momentum: 0.9, weightDecay: 0, optimizer: 'sgd', evalPoints: 1 },
    shouldStop: () => false,
  } as never;
  const uniform = {
    probabilities: new Float32Array(dataset.train.count * classCount).fill(1 / classCount),
    weight: 1,
    temperature: 1,
  };
  let asked = 0;
  const fair = await matchedControls(plan as never, budget, dataset.train.y, initial, 0, job, async () => {
    asked++;
    return uniform;
  });
  expect(asked).toBe(1);
  // The same random examples with hard labels learn the blobs; with uniform soft labels, nothing beyond chance.
  expect(fair.randomAcc).toBeGreaterThan(0.6);
  expect(fair.softRandomAcc).toBeLessThan(0.4);
  // A set without soft labels never asks for a teacher.
  const { synthetic, ...unlabelled } = plan;
  await matchedControls(
    { ...unlabelled, synthetic: { ...synthetic, labels: undefined } } as never,
    budget,
    dataset.train.y,
    initial,
    0,
    job,
    async () => {
      asked++;
      return uniform;
    },
  );
  expect(asked).toBe(1);
  tf.dispose([x, targets]);
  train.dispose();
  test.dispose();
});
