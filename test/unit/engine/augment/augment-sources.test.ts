/** A mixing augmentation combines with every data source: full data, a static subset, RS2 rounds, a coreset and a distilled set. */
import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { requireConfig } from '../../../../src/engine/config';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

test('every data source trains with a mix, each as a row of its own beside the plain one', async () => {
  const before = tf.memory().numTensors;
  const mix = { name: 'mixup', alpha: 0.4 };
  const config = requireConfig(bundled, {
    version: 1,
    dataset: 'blobs',
    model: { name: 'mlp', width: 16 },
    budget: { ipc: 10 },
    train: { epochs: 4, batchSize: 16, lr: 0.05, evalPoints: 2 },
    methods: [
      { name: 'random' },
      { name: 'full', augment: mix },
      { name: 'random', augment: mix },
      { name: 'rs2', augment: { name: 'manifold-mixup' } },
      { name: 'herding', augment: mix },
      { name: 'dm', iterations: 20, augment: mix },
    ],
    seeds: [0],
    backend: 'wasm',
  });
  const result = await runExperiment(config, { datasets: bundled, source: nodePackSource });
  expect(result.runs.map((r) => r.label)).toEqual([
    'random 10/class',
    'full + mixup α=0.4',
    'random 10/class + mixup α=0.4',
    'rs2 10/class + manifold-mixup',
    'herding 10/class + mixup α=0.4',
    'dm 10/class + mixup α=0.4',
  ]);
  for (const run of result.runs) {
    expect(run.diverged).toBeUndefined();
    // Four gaussian blobs: every row learns far above chance (25%).
    expect(run.finalTestAcc).toBeGreaterThan(0.5);
  }
  expect(tf.memory().numTensors).toBe(before);
});
