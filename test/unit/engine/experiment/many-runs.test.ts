/**
 * Many runs in one session leave no tensor behind: five methods (a random
 * subset, two coresets, two distillations) times five seeds on the ConvNet,
 * at tiny settings, on the wasm backend the page trains convnets on.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { requireConfig } from '../../../../src/engine/config';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

test('25 ConvNet runs (5 methods x 5 seeds) end with as many tensors as they started with', async () => {
  await initBackend({ prefer: 'wasm', only: true });
  const before = tf.memory().numTensors;
  const config = requireConfig(bundled, {
    version: 1,
    dataset: 'mnist',
    model: { name: 'convnet' },
    budget: { ipc: 2 },
    train: { epochs: 1, batchSize: 10, lr: 0.01, evalPoints: 1 },
    methods: [
      { name: 'random' },
      { name: 'herding' },
      { name: 'kcenter' },
      { name: 'dm', iterations: 3 },
      { name: 'dc', iterations: 1 },
    ],
    seeds: [0, 1, 2, 3, 4],
    backend: 'wasm',
  });
  const result = await runExperiment(config, { datasets: bundled, source: nodePackSource });
  expect(result.runs).toHaveLength(25);
  expect(result.runs.filter((run) => run.diverged)).toEqual([]);
  expect(tf.memory().numTensors).toBe(before);
}, 300_000);
