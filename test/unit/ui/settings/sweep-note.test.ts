/** What a sweep will cost, said before Run: its work, and its time at the pace of results made the same way. */
import { expect, test } from 'vitest';
import type { RunResult } from '../../../../src/core/results/types';
import type { KeptResult } from '../../../../src/ui/history/history-data';
import { sweepNote } from '../../../../src/ui/settings/sweep-note';
import { paceOf, plannedMs, workPlan } from '../../../../src/ui/results/work-plan';

const config = {
  dataset: 'mnist',
  model: { name: 'mlp', width: 64 },
  methods: [{ name: 'full' }, { name: 'random' }, { name: 'dm', iterations: 100 }],
  seeds: [0, 1],
  repeats: 1,
  train: { epochs: 2, batchSize: 10 } as never,
  budgets: [{ ipc: 1 }, { ipc: 10 }],
};
const classSizes = [50, 50];

const run = (method: string, steps: number, trainMs: number, overhead: RunResult['overhead'], settings = {}) =>
  ({
    method,
    steps,
    trainMs,
    overhead,
    overheadMs: Object.values(overhead).reduce((a, b) => a + b, 0),
    settings,
  }) as RunResult;

const made = (dataset = 'mnist', width = 64): KeptResult =>
  ({
    config: { dataset, model: { width, name: 'mlp' }, train: { batchSize: 10 } },
    backend: 'wasm',
    runs: [
      run('full', 20, 200, {}),
      run('random', 10, 100, { select: 50 }),
      run('dm', 10, 100, { distill: 500 }, { iterations: 50 }),
    ],
    summary: [],
    targetAcc: 0,
    targetRule: 'reached-by-all',
  }) as unknown as KeptResult;

test('the pace of finished runs, and a plan at that pace', () => {
  const pace = paceOf(made().runs)!;
  expect(pace.msPerStep).toBe(10);
  expect(pace.byMethod.dm).toEqual({ msPerIteration: 10, otherOverheadMs: 0 });
  expect(pace.byMethod.random).toEqual({ msPerIteration: 0, otherOverheadMs: 50 });
  const plan = workPlan(config, 100, (budget) => budget.ipc! * 2);
  // Per seed: full 20 steps; random 2 and 4 steps (+50 ms each); dm 2 and 4 steps, 100 iterations each.
  const perSeed = 20 * 10 + (2 + 4) * 10 + 2 * 50 + (2 + 4) * 10 + 2 * 100 * 10;
  expect(plannedMs(plan, pace)).toBeCloseTo(2 * perSeed, 6);
  expect(plannedMs(plan, { ...pace, byMethod: { full: pace.byMethod.full } })).toBeNull();
});

test('a sweep says its work, and its time where the results on show were made the same way', () => {
  expect(sweepNote({ ...config, budgets: undefined, budget: { ipc: 1 } }, classSizes, null)).toBeUndefined();
  expect(sweepNote(config, classSizes, null)).toBe(
    'A sweep of 2 budgets: 10 runs, 64 training steps and 400 distillation iterations in all. Its time is estimated once its first runs have measured the pace (the time left, by Run).',
  );
  expect(sweepNote(config, classSizes, made())).toMatch(/ About 5 s at the pace of the results on show/);
  // Another dataset or model runs at another pace: no time is said.
  expect(sweepNote(config, classSizes, made('fashion-mnist'))).toMatch(/estimated once its first runs/);
  expect(sweepNote(config, classSizes, made('mnist', 128))).toMatch(/estimated once its first runs/);
});
