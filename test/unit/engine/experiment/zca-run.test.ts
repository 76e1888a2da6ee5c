import { expect, test } from 'vitest';
import { parseConfig, requireConfig } from '../../../../src/engine/config';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { runExperiment } from '../../../../src/engine/experiment/run';

const datasets = new OpenDatasets();

const config = (zca: boolean) =>
  requireConfig(datasets, {
    version: 1,
    dataset: 'mnist',
    model: { name: 'mlp', width: 32 },
    budget: { ipc: 5 },
    train: { epochs: 100, batchSize: 50, lr: 0.05, evalPoints: 2 },
    methods: [
      { name: 'full', epochs: 2 },
      { name: 'dm', iterations: 5 },
    ],
    seeds: [0],
    backend: 'wasm',
    data: { zca },
  });

test('with ZCA whitening every method trains on the whitened images (full data learns them), and a distilled set comes back as pixels', async () => {
  const options = { datasets, source: nodePackSource, loaded: new Map() };
  const whitened = await runExperiment(config(true), options);
  const plain = await runExperiment(config(false), options);
  for (const result of [whitened, plain]) expect(result.runs[0].finalTestAcc).toBeGreaterThan(0.8);
  // Whitening changes what the runs see, so their curves differ.
  expect(whitened.runs[0].points.map((p) => p.testAcc)).not.toEqual(plain.runs[0].points.map((p) => p.testAcc));
  // The set is learnt in whitened space and shown in pixels: mostly within 0..1, as the plain set.
  const values = whitened.runs.find((r) => r.method === 'dm')!.synthetic!.values;
  const inside = Array.from(values).filter((v) => v > -0.1 && v < 1.1).length / values.length;
  expect(inside).toBeGreaterThan(0.95);
  // The whitened dataset is made once and kept with the loaded ones.
  expect([...options.loaded.keys()].filter((key) => key.includes(':zca:'))).toHaveLength(1);
  expect(whitened.wall.setup.dataMs).toBeGreaterThan(plain.wall.setup.dataMs);
}, 120_000);

test('whitening is refused for data that are not images', () => {
  const parsed = parseConfig(datasets, { ...config(false), dataset: 'moons', data: { zca: true } });
  expect(parsed.ok ? [] : parsed.problems).toEqual([
    { path: 'data.zca', message: 'whitens images; dataset "moons" holds vector data' },
  ]);
});
