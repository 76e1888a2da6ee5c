import { describe, expect, test } from 'vitest';
import { defaultConfig, parseConfig } from '../../../src/engine/config';
import { OpenDatasets } from '../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const valid = {
  version: 1,
  dataset: 'mnist',
  model: { name: 'mlp' },
  budget: { fraction: 0.1 },
  train: { epochs: 5, batchSize: 64, lr: 0.05 },
  methods: [{ name: 'full' }, { name: 'random' }, { name: 'rs2' }, { name: 'full-short' }],
  seeds: [0],
};

function problems(input: unknown) {
  const result = parseConfig(bundled, input);
  if (result.ok) throw new Error('expected the config to be refused');
  return result.problems;
}

describe('config', () => {
  test('accepts the issue example and fills defaults', () => {
    const result = parseConfig(bundled, valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.train.optimizer).toBe('sgd');
    expect(result.config.model).toEqual({ name: 'mlp', width: 256, depth: 1 });
    expect(result.config.methods[2]).toEqual({ name: 'rs2', replacement: false });
  });

  test('the default config is MNIST, MLP, full / random / RS2 / herding', () => {
    const config = defaultConfig();
    expect(config.dataset).toBe('mnist');
    expect(config.methods.map((m) => m.name)).toEqual(['full', 'random', 'rs2', 'herding']);
  });

  test('an unknown method is refused with a message naming it and the allowed ones', () => {
    const [problem, ...rest] = problems({ ...valid, methods: [{ name: 'full' }, { name: 'herdingg' }] });
    expect(rest).toEqual([]);
    expect(problem.path).toBe('methods[1].name');
    expect(problem.message).toContain('"herdingg"');
    expect(problem.message).toContain('full, random, rs2, full-short');
  });

  test('unknown dataset and model are named', () => {
    const found = problems({ ...valid, dataset: 'cifar', model: { name: 'resnet' } });
    expect(found.map((p) => p.path).sort()).toEqual(['dataset', 'model.name']);
    expect(found.find((p) => p.path === 'dataset')!.message).toMatch(
      /unknown dataset "cifar"; allowed: mnist, fashion-mnist/,
    );
  });

  test('one message per bad field', () => {
    const found = problems({
      ...valid,
      budget: { fraction: 0 },
      train: { epochs: 0, batchSize: 0, lr: Number.NaN },
    });
    const byPath = Object.fromEntries(found.map((p) => [p.path, p.message]));
    expect(byPath['budget.fraction']).toMatch(/greater than 0/);
    expect(byPath['train.epochs']).toMatch(/at least 1/);
    expect(byPath['train.batchSize']).toMatch(/at least 1/);
    expect(byPath['train.lr']).toBeDefined();
    expect(found).toHaveLength(4);
  });

  test('fraction above 1, both or neither budget, absurd values', () => {
    expect(problems({ ...valid, budget: { fraction: 1.5 } })[0]).toMatchObject({
      path: 'budget.fraction',
      message: 'must be at most 1',
    });
    expect(problems({ ...valid, budget: { fraction: 0.1, ipc: 10 } })[0].path).toBe('budget');
    expect(problems({ ...valid, budget: {} })[0].message).toMatch(/exactly one of fraction/);
    expect(problems({ ...valid, train: { ...valid.train, epochs: 1e9 } })[0]).toMatchObject({ path: 'train.epochs' });
    expect(problems({ ...valid, seeds: [1, 1] })[0]).toMatchObject({
      path: 'seeds',
      message: 'must not repeat a seed',
    });
  });

  test('missing fields and unknown settings are named', () => {
    const { train: _train, ...withoutTrain } = valid;
    expect(problems(withoutTrain)[0]).toMatchObject({ path: 'train' });
    expect(problems(withoutTrain)[0].message).toMatch(/missing/);
    expect(problems({ ...valid, methods: [{ name: 'rs2', replacment: true }] })[0]).toMatchObject({
      path: 'methods[0].replacment',
      message: 'is not a known setting',
    });
    expect(problems({ ...valid, version: 7 })[0].message).toMatch(/unsupported version 7/);
    expect(problems(null)[0].path).toBe('(config)');
  });

  test('model settings are checked against the model, and the model against the data', () => {
    expect(problems({ ...valid, model: { name: 'mlp', width: -3 } })[0]).toMatchObject({ path: 'model.width' });
    const mismatch = problems({ ...valid, dataset: 'spam', model: { name: 'convnet' } });
    expect(mismatch[0].path).toBe('model.name');
    expect(mismatch[0].message).toMatch(/cannot read tokens data.*allowed: text/);
  });
});
