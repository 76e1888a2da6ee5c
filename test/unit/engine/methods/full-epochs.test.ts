/** full's own epochs: a short full-data reference for a comparison of tiny sets trained long. */
import { describe, expect, test } from 'vitest';
import type { Dataset } from '../../../../src/core/data/dataset';
import { parseConfig } from '../../../../src/engine/config';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { resolveBudget } from '../../../../src/engine/methods/budget';
import { methodEntry } from '../../../../src/engine/methods/registry';
import { planMethod } from './method-context';

/** 100 examples of 2 classes. */
function dataset(): Dataset {
  const y = Int32Array.from({ length: 100 }, (_, i) => i % 2);
  const split = { x: new Float32Array(200), y, count: 100 };
  return {
    id: 'tiny',
    name: 'tiny',
    classes: ['a', 'b'],
    input: { kind: 'vector', length: 2 },
    train: split,
    test: split,
  };
}

const config = (full: Record<string, unknown>) => ({
  version: 1,
  dataset: 'moons',
  model: { name: 'mlp' },
  budget: { ipc: 1 },
  train: { epochs: 30, batchSize: 10, lr: 0.01 },
  methods: [full, { name: 'random' }],
  seeds: [0],
});

describe("full's epochs", () => {
  test("takes its own epochs' steps over all the data, or the training's when unset", async () => {
    const options = { epochs: 30, batchSize: 8 };
    const own = await planMethod('full', dataset(), { ipc: 1 }, { epochs: 2 }, options);
    expect(own.plan.totalSteps).toBe(2 * Math.ceil(100 / 8));
    expect(own.plan.examplesPerRound).toBe(100);
    const training = await planMethod('full', dataset(), { ipc: 1 }, {}, options);
    expect(training.plan.totalSteps).toBe(30 * Math.ceil(100 / 8));
  });

  test('its row says so', () => {
    const budget = resolveBudget({ ipc: 1 }, dataset());
    expect(methodEntry('full').label({ epochs: 2 }, budget)).toBe('full (2 epochs)');
    expect(methodEntry('full').label({ epochs: 1 }, budget)).toBe('full (1 epoch)');
    expect(methodEntry('full').label({}, budget)).toBe('full');
  });

  test('a config sets it, a whole number of 1 to 1000, or leaves it out', () => {
    const bundled = new OpenDatasets();
    const parsed = parseConfig(bundled, config({ name: 'full', epochs: 2 }));
    expect(parsed.ok && parsed.config.methods[0]).toEqual({ name: 'full', epochs: 2 });
    const unset = parseConfig(bundled, config({ name: 'full' }));
    expect(unset.ok && unset.config.methods[0]).toEqual({ name: 'full' });
    for (const epochs of [0, 1.5, 1001, '2']) {
      const bad = parseConfig(bundled, config({ name: 'full', epochs }));
      expect(bad.ok, String(epochs)).toBe(false);
      if (!bad.ok) expect(new Set(bad.problems.map((p) => p.path))).toEqual(new Set(['methods[0].epochs']));
    }
  });
});
