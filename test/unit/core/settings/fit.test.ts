/** Settings that cannot learn, or cannot tell methods apart, are said before a run. */
import { describe, expect, test } from 'vitest';
import { budgetExamples } from '../../../../src/core/settings/budget';
import { fitSettings, fitWarnings } from '../../../../src/core/settings/fit';

const mnistLike = { train: new Array(10).fill(800), test: new Array(10).fill(200) };
const defaults = {
  budget: { fraction: 0.1 },
  train: { epochs: 5, batchSize: 64 },
  methods: ['full', 'random', 'rs2', 'herding'],
};

describe('fit warnings', () => {
  test('the default comparison on MNIST gets none', () => {
    expect(fitWarnings(defaults, mnistLike)).toEqual([]);
  });

  test('a 40-image upload at the defaults trains 5 steps on 8 test images: both said, with a fix', () => {
    const upload = { train: [16, 16], test: [4, 4] };
    const warnings = fitWarnings(defaults, upload);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(
      'The methods train for only 5 steps (5 epochs of 1 batch of 3 examples): too few to learn from. Try 100 epochs, or a batch of at most 3.',
    );
    expect(warnings[1]).toMatch(/^The test split holds only 8 examples: accuracy moves in steps of 12\.5%, too coarse/);
  });

  test('a distilled set at one image per class and the default epochs and batch is too few steps', () => {
    const warnings = fitWarnings({ ...defaults, budget: { ipc: 1 }, methods: ['dm'] }, mnistLike);
    expect(warnings).toEqual([
      'The methods train for only 5 steps (5 epochs of 1 batch of 10 examples): too few to learn from. Try 100 epochs, or a batch of at most 10.',
    ]);
    // The distillation preset's settings (30 epochs of batches of 10) learn.
    expect(
      fitWarnings({ budget: { ipc: 1 }, train: { epochs: 30, batchSize: 10 }, methods: ['dm'] }, mnistLike),
    ).toEqual([]);
  });

  test('full alone counts all the data', () => {
    expect(fitWarnings({ ...defaults, budget: { ipc: 1 }, methods: ['full'] }, mnistLike)).toEqual([]);
  });

  test("full alone counts its own epochs where it names them, from a config's row too", () => {
    const tiny = { train: [20, 20], test: [100, 100] };
    const fullOnly = { ...defaults, train: { epochs: 50, batchSize: 64 }, methods: ['full'] };
    expect(fitWarnings(fullOnly, tiny)).toEqual([]);
    const config = { ...fullOnly, methods: [{ name: 'full', epochs: 2 }] };
    expect(fitSettings(config)).toMatchObject({ methods: ['full'], fullEpochs: 2 });
    expect(fitWarnings(fitSettings(config), tiny)).toEqual([
      'Full trains for only 2 steps (2 epochs of 1 batch of 40 examples): too few to learn from. Try 100 epochs, or a batch of at most 40.',
    ]);
  });

  test("the budget's examples are the engine's: ipc per class capped by small classes, a fraction at least one a class", () => {
    expect(budgetExamples({ ipc: 10 }, [3, 20, 20])).toBe(23);
    expect(budgetExamples({ fraction: 0.01 }, [10, 10, 10])).toBe(3);
    expect(budgetExamples({ fraction: 0.1 }, [800, 800])).toBe(160);
  });
});
