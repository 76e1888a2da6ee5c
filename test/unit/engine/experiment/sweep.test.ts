import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { summaryTable } from '../../../../src/cli/report';
import { sweepView } from '../../../../src/core/results/sweep';
import { plannedRuns } from '../../../../src/core/settings/sweep';
import { requireConfig } from '../../../../src/engine/config';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { runExperiment } from '../../../../src/engine/experiment/run';

const datasets = new OpenDatasets();

const sweep = requireConfig(datasets, {
  version: 1,
  dataset: 'blobs',
  model: { name: 'mlp', width: 16 },
  budgets: [{ ipc: 8 }, { ipc: 1 }, { ipc: 3 }],
  train: { epochs: 15, batchSize: 16, lr: 0.05, evalPoints: 2 },
  methods: [
    { name: 'full', epochs: 2 },
    { name: 'random' },
    { name: 'herding' },
    { name: 'mtt', iterations: 3, experts: 1, expertEpochs: 2, syntheticSteps: 2 },
  ],
  seeds: [0, 1],
  backend: 'cpu',
});

test('a sweep runs every budgeted method at each budget, smallest first, and full data once per seed', async () => {
  const before = tf.memory().numTensors;
  const artifacts = new Map<string, unknown>();
  const result = await runExperiment(sweep, { datasets, source: nodePackSource, artifacts });
  expect(sweep.budgets).toEqual([{ ipc: 1 }, { ipc: 3 }, { ipc: 8 }]);
  // Per seed: full once, three methods at three budgets.
  expect(result.runs).toHaveLength(2 * (1 + 3 * 3));
  expect(result.runs.map((r) => [r.seed, r.label])).toEqual(
    plannedRuns(sweep).map((p) => [p.seed, result.runs[p.runIndex].label]),
  );
  expect(result.runs.filter((r) => r.method === 'full').map((r) => r.budget)).toEqual([undefined, undefined]);
  const random = result.runs.filter((r) => r.method === 'random' && r.seed === 0);
  expect(random.map((r) => [r.label, r.budget, r.examplesPerRound])).toEqual([
    ['random 1/class', { ipc: 1 }, 4],
    ['random 3/class', { ipc: 3 }, 12],
    ['random 8/class', { ipc: 8 }, 32],
  ]);
  // One expert buffer per seed serves trajectory matching at every budget.
  expect([...artifacts.keys()].filter((key) => key.startsWith('["experts"'))).toHaveLength(2);
  // A row per method and budget; the sweep's view has a line per method, full data as a reference.
  expect(result.summary.map((row) => row.label)).toContain('herding 3/class');
  expect(result.summary.find((row) => row.label === 'mtt 8/class')!.budget).toEqual({ ipc: 8 });
  const view = sweepView(result.summary)!;
  expect(view.budgets).toEqual([1, 3, 8]);
  expect(view.lines.map((line) => [line.name, line.points.length])).toEqual([
    ['random', 3],
    ['herding', 3],
    ['mtt', 3],
  ]);
  expect(view.references.map((ref) => ref.name)).toEqual(['full (2 epochs)']);
  // More examples per class: random's accuracy does not fall from 1 to 8 per class on separable blobs.
  const randomLine = view.lines[0].points.map((p) => p.accMean);
  expect(randomLine[2]).toBeGreaterThanOrEqual(randomLine[0]);
  expect(summaryTable(result)).toContain('accuracy (%) against the budget');
  // The same seed gives the same sweep.
  const again = await runExperiment(sweep, { datasets, source: nodePackSource });
  expect(again.runs.map((r) => r.points.map((p) => p.testAcc))).toEqual(
    result.runs.map((r) => r.points.map((p) => p.testAcc)),
  );
  expect(tf.memory().numTensors).toBe(before);
});

test('a budget of a sweep that a class cannot fill is refused by its place in the list', async () => {
  const config = requireConfig(datasets, { ...sweep, budgets: [{ ipc: 1 }, { ipc: 100000 }] });
  await expect(runExperiment(config, { datasets, source: nodePackSource })).rejects.toThrow(
    /^budgets\[1\]: 100000 examples per class is more than any class of "blobs" holds/,
  );
});

test('scoring, forgetting and embedding methods pre-train once per seed for every budget, each run charged what it took, its subsets as alone', async () => {
  const base = {
    version: 1,
    dataset: 'blobs',
    model: { name: 'mlp', width: 16 },
    train: { epochs: 4, batchSize: 16, lr: 0.05, evalPoints: 2 },
    methods: [
      { name: 'el2n', pretrainEpochs: 2 },
      { name: 'forgetting', pretrainEpochs: 2 },
      { name: 'kcenter', features: 'embedding', embedEpochs: 2 },
    ],
    seeds: [0],
    backend: 'cpu',
  };
  const artifacts = new Map<string, unknown>();
  const swept = await runExperiment(requireConfig(datasets, { ...base, budgets: [{ ipc: 2 }, { ipc: 6 }] }), {
    datasets,
    source: nodePackSource,
    artifacts,
  });
  expect([...artifacts.keys()].filter((key) => key.startsWith('["kept"'))).toHaveLength(3);
  for (const method of ['el2n', 'forgetting', 'kcenter']) {
    const [small, large] = swept.runs.filter((r) => r.method === method);
    expect(large.overhead.pretrain, method).toBe(small.overhead.pretrain);
  }
  const alone = await runExperiment(requireConfig(datasets, { ...base, budget: { ipc: 6 } }), {
    datasets,
    source: nodePackSource,
  });
  for (const [i, run] of alone.runs.entries()) {
    const large = swept.runs.filter((r) => r.method === run.method)[1];
    expect(large.selection!.indices, run.method).toEqual(run.selection!.indices);
    expect(large.points.map((p) => p.testAcc)).toEqual(alone.runs[i].points.map((p) => p.testAcc));
  }
});
