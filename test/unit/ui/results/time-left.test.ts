import { describe, expect, test } from 'vitest';
import { estimateRemainingMs, nextProgress, type RunProgress } from '../../../../src/ui/results/time-left';
import { workPlan, type WorkPlan } from '../../../../src/ui/results/work-plan';
import type { ExperimentEvent } from '../../../../src/core/results/types';

interface SimRun {
  steps: number;
  overheadMs: number;
  stepMs: number;
}

/**
 * A comparison played out on a simulated clock: progress events every 50 ms
 * (as the worker throttles them), the estimate read once a second by a clock
 * that lags the events by up to a second (as the status line's does).
 * Returns [true time left, shown estimate] at each reading.
 */
function simulate(runs: SimRun[], lagMs = 700): [number, number | null][] {
  const events: [ExperimentEvent, number][] = [];
  let t = 0;
  runs.forEach((run, runIndex) => {
    events.push([
      {
        type: 'run-start',
        runIndex,
        position: runIndex,
        runCount: runs.length,
        method: 'm',
        label: `m${runIndex}`,
        seed: 0,
      },
      t,
    ]);
    events.push([{ type: 'phase', runIndex, phase: 'overhead' }, t]);
    t += run.overheadMs;
    events.push([{ type: 'phase', runIndex, phase: 'train', totalSteps: run.steps }, t]);
    let lastSent = t;
    for (let step = 1; step <= run.steps; step++) {
      t += run.stepMs;
      if (t - lastSent >= 50 || step === run.steps) {
        events.push([{ type: 'progress', runIndex, step, totalSteps: run.steps, timeMs: 0 }, t]);
        lastSent = t;
      }
    }
    events.push([{ type: 'run-end', runIndex, run: {} as never }, t]);
  });
  const end = t;
  const readings: [number, number | null][] = [];
  let progress: RunProgress | null = null;
  let next = 0;
  for (let second = 1000; second < end; second += 1000) {
    while (next < events.length && events[next][1] <= second)
      progress = nextProgress(progress, events[next][0], events[next++][1]);
    if (progress) readings.push([end - second, estimateRemainingMs(progress, Math.max(0, second - lagMs))]);
  }
  return readings;
}

describe('the time-left estimate', () => {
  test('counts down steadily on a steady comparison, and comes close to the truth', () => {
    const readings = simulate([0, 1, 2].map(() => ({ steps: 600, overheadMs: 400, stepMs: 10 })));
    const shown = readings.filter(([, s]) => s !== null) as [number, number][];
    expect(shown.length).toBeGreaterThan(readings.length - 3);
    for (let i = 1; i < shown.length; i++) {
      // Never up by more than a little from one second to the next.
      expect(shown[i][1]).toBeLessThanOrEqual(shown[i - 1][1] + 300);
    }
    // After the first run, within 25% (or 1.5 s) of the true time left.
    for (const [truth, estimate] of shown.filter(([truth]) => truth < 12000)) {
      expect(Math.abs(estimate - truth)).toBeLessThanOrEqual(Math.max(1500, 0.25 * truth));
    }
  });

  test('a long run then short ones: never rises much, never "0 s left" while work remains', () => {
    // The default comparison's shape: full data (625 steps), then two 10% subsets (63 steps).
    const readings = simulate([
      { steps: 625, overheadMs: 300, stepMs: 12 },
      { steps: 63, overheadMs: 300, stepMs: 12 },
      { steps: 63, overheadMs: 300, stepMs: 12 },
    ]);
    const shown = readings.filter(([, s]) => s !== null) as [number, number][];
    for (let i = 1; i < shown.length; i++) expect(shown[i][1]).toBeLessThanOrEqual(shown[i - 1][1] + 300);
    for (const [truth, estimate] of shown) if (truth > 0) expect(estimate).toBeGreaterThanOrEqual(1000);
  });

  test("reads this run's remaining steps at least, even when the page clock lags the events", () => {
    // Step 63 of 625 at 12 ms a step, read with a clock a second behind: about 6.7 s, not 0.
    let progress: RunProgress | null = null;
    const events: [ExperimentEvent, number][] = [
      [{ type: 'run-start', runIndex: 0, position: 0, runCount: 1, method: 'full', label: 'full', seed: 0 }, 0],
      [{ type: 'phase', runIndex: 0, phase: 'train', totalSteps: 625 }, 200],
      [{ type: 'progress', runIndex: 0, step: 63, totalSteps: 625, timeMs: 0 }, 200 + 63 * 12],
    ];
    for (const [event, at] of events) progress = nextProgress(progress, event, at);
    expect(estimateRemainingMs(progress!, 0)).toBeCloseTo(562 * 12, -2);
  });

  test('stands still while the user holds the run, and the held time counts neither in the pace nor the countdown', () => {
    // 1000 steps at 10 ms, held for 60 s after step 500, then on to step 600.
    const fold = (events: [ExperimentEvent, number][]) =>
      events.reduce<RunProgress | null>((p, [event, at]) => nextProgress(p, event, at), null);
    const start: [ExperimentEvent, number][] = [
      [{ type: 'run-start', runIndex: 0, position: 0, runCount: 1, method: 'full', label: 'full', seed: 0 }, 0],
      [{ type: 'phase', runIndex: 0, phase: 'train', totalSteps: 1000 }, 0],
      [{ type: 'progress', runIndex: 0, step: 500, totalSteps: 1000, timeMs: 0 }, 5000],
    ];
    const held = fold([
      ...start,
      [{ type: 'held', runIndex: 0, step: 500, totalSteps: 1000, rounds: 1, totalRounds: 2 }, 5000],
    ])!;
    const atHold = estimateRemainingMs(held, 5000)!;
    expect(atHold).toBeCloseTo(5000, -2);
    expect(estimateRemainingMs(held, 40_000)).toBe(atHold);
    // Let go at 65 s: the first step after it is said at once (the worker's throttle has long expired), later ones as they come.
    const firstStep = nextProgress(
      held,
      { type: 'progress', runIndex: 0, step: 501, totalSteps: 1000, timeMs: 0 },
      65_010,
    )!;
    expect(firstStep.heldSince).toBeUndefined();
    const resumed = nextProgress(
      firstStep,
      { type: 'progress', runIndex: 0, step: 600, totalSteps: 1000, timeMs: 0 },
      66_000,
    )!;
    // 400 steps left at 10 ms each, as if never held.
    expect(estimateRemainingMs(resumed, 66_000)).toBeCloseTo(4000, -2);
    // A paused distillation holds the estimate too, and its next snapshot lets it go.
    const snapshot = (paused: boolean): ExperimentEvent => ({
      type: 'distill-snapshot',
      runIndex: 0,
      label: 'dm',
      seed: 0,
      snapshot: { classes: [0], shape: [2], values: [0, 0], loss: [], iteration: 3, iterations: 10, paused },
    });
    const distilling = nextProgress(fold(start), snapshot(true), 5200)!;
    expect(estimateRemainingMs(distilling, 50_000)).toBe(estimateRemainingMs(distilling, 5200));
    expect(nextProgress(distilling, snapshot(false), 9_000)!.heldSince).toBeUndefined();
  });
});

interface PlannedRun {
  method: string;
  steps: number;
  stepMs: number;
  /** Selection, pre-training: overhead without snapshots. */
  overheadMs: number;
  /** A distillation after the overhead: its iterations, snapshotted every 250 ms. */
  iterations?: number;
  iterationMs?: number;
  /** A repeat (the config's `repeats`) of the first run of its method: streams no snapshots. */
  repeat?: boolean;
  /** Its distillation streams no snapshots. */
  unseen?: boolean;
}

/**
 * A comparison played out as the worker streams it (run-start, phases,
 * distillation snapshots, throttled progress, run-end), its plan known to
 * the estimate, read once a second. Returns [elapsed, true time left, shown
 * estimate] at each reading.
 */
function simulatePlanned(runs: PlannedRun[]): [number, number, number | null][] {
  const events: [ExperimentEvent, number][] = [];
  let t = 0;
  runs.forEach((run, position) => {
    const runIndex = run.repeat ? runs.findIndex((r) => r.method === run.method) : position;
    const label = run.method;
    const start: ExperimentEvent = run.repeat
      ? { type: 'repeat', runIndex, position, runCount: runs.length, label, seed: 0, repeat: 1, repeats: 2 }
      : { type: 'run-start', runIndex, position, runCount: runs.length, method: run.method, label, seed: 0 };
    events.push([start, t]);
    events.push([{ type: 'phase', runIndex, phase: 'overhead' }, t]);
    t += run.overheadMs;
    if (run.iterations) {
      events.push([{ type: 'phase', runIndex, phase: 'overhead', part: 'distill' }, t]);
      let lastSent = -Infinity;
      for (let iteration = 1; iteration <= run.iterations; iteration++) {
        t += run.iterationMs!;
        if (!run.repeat && !run.unseen && (t - lastSent >= 250 || iteration === run.iterations)) {
          const snapshot = { classes: [0], shape: [2], values: [0, 0], loss: [], iteration, paused: false };
          events.push([
            {
              type: 'distill-snapshot',
              runIndex,
              label: run.method,
              seed: 0,
              snapshot: { ...snapshot, iterations: run.iterations },
            },
            t,
          ]);
          lastSent = t;
        }
      }
    }
    events.push([{ type: 'phase', runIndex, phase: 'train', totalSteps: run.steps }, t]);
    let lastSent = t;
    for (let step = 1; step <= run.steps; step++) {
      t += run.stepMs;
      if (t - lastSent >= 50 || step === run.steps) {
        events.push([{ type: 'progress', runIndex, step, totalSteps: run.steps, timeMs: 0 }, t]);
        lastSent = t;
      }
    }
    if (!run.repeat) events.push([{ type: 'run-end', runIndex, run: {} as never }, t]);
  });
  const plan: WorkPlan = {
    runs: runs.map(({ method, steps, iterations }) => ({ method, steps, iterations: iterations ?? 0 })),
  };
  const end = t;
  const readings: [number, number, number | null][] = [];
  let progress: RunProgress | null = null;
  let next = 0;
  for (let second = 1000; second < end; second += 1000) {
    while (next < events.length && events[next][1] <= second)
      progress = nextProgress(progress, events[next][0], events[next++][1], plan);
    if (progress) readings.push([second, end - second, estimateRemainingMs(progress, second)]);
  }
  return readings;
}

/** Every estimate shown is within a factor of 2 of the truth (or 2 s); before a tenth of the time, none is shown. */
function expectWithinTwice(readings: [number, number, number | null][]) {
  const total = readings[0][0] + readings[0][1];
  for (const [elapsed, truth, shown] of readings) {
    if (elapsed < 0.08 * total) expect(shown, `at ${elapsed} ms`).toBeNull();
    if (shown === null) continue;
    expect(shown, `at ${elapsed} ms, truly ${truth} ms left`).toBeLessThanOrEqual(Math.max(2 * truth, truth + 2000));
    expect(shown, `at ${elapsed} ms, truly ${truth} ms left`).toBeGreaterThanOrEqual(Math.min(truth / 2, truth - 2000));
  }
}

describe('the time-left estimate over the whole comparison (its plan known)', () => {
  test("a long run then short ones: the runs to come are counted at their own size, not the first run's", () => {
    // The default comparison's shape: full data, then three 10% subsets, one with a selection overhead.
    const readings = simulatePlanned([
      { method: 'full', steps: 625, stepMs: 12, overheadMs: 100 },
      { method: 'random', steps: 63, stepMs: 12, overheadMs: 100 },
      { method: 'rs2', steps: 63, stepMs: 12, overheadMs: 100 },
      { method: 'herding', steps: 63, stepMs: 12, overheadMs: 1500 },
    ]);
    expectWithinTwice(readings);
    // A number is shown from soon after the first tenth.
    const total = readings[0][0] + readings[0][1];
    expect(readings.filter(([elapsed, , shown]) => elapsed > 0.2 * total && shown === null)).toEqual([]);
  });

  test('a distillation-heavy comparison: the iterations count as work, and the estimate does not sit at "1 s left" through them', () => {
    const full = { method: 'full', steps: 300, stepMs: 10, overheadMs: 100 };
    const dm = { method: 'dm', steps: 20, stepMs: 10, overheadMs: 1000, iterations: 200, iterationMs: 100 };
    const readings = simulatePlanned([full, dm, { ...dm }, { ...full }]);
    expectWithinTwice(readings);
    // While the first distillation runs (from 4.1 s to 25 s), the estimate counts down from well above a second.
    const during = readings.filter(([elapsed]) => elapsed > 6000 && elapsed < 24_000);
    expect(during.length).toBeGreaterThan(10);
    for (const [, truth, shown] of during) {
      expect(shown).not.toBeNull();
      expect(shown!).toBeGreaterThan(truth / 2);
    }
  });

  test('repeats, which distill unseen, count their iterations at the pace seen before', () => {
    const full = { method: 'full', steps: 300, stepMs: 10, overheadMs: 100 };
    const dm = { method: 'dm', steps: 20, stepMs: 10, overheadMs: 1000, iterations: 100, iterationMs: 100 };
    const readings = simulatePlanned([full, dm, { ...dm, repeat: true }, { ...full, repeat: true }]);
    expectWithinTwice(readings);
    const total = readings[0][0] + readings[0][1];
    expect(readings.filter(([elapsed, , shown]) => elapsed > 0.3 * total && shown === null)).toEqual([]);
  });

  test('a distillation seen by no snapshot: estimating until one has ended, then its overhead as the pace', () => {
    const full = { method: 'full', steps: 300, stepMs: 10, overheadMs: 100 };
    const dm = {
      method: 'dm',
      steps: 20,
      stepMs: 10,
      overheadMs: 500,
      iterations: 100,
      iterationMs: 100,
      unseen: true,
    };
    const readings = simulatePlanned([dm, full, { ...full }, { ...dm }]);
    expectWithinTwice(readings);
    const firstEnds = 500 + 100 * 100 + 20 * 10;
    expect(readings.filter(([elapsed, , shown]) => elapsed > firstEnds + 1000 && shown === null)).toEqual([]);
  });

  test('a fast and slow mix: long and short runs, slower mixed steps, over two seeds', () => {
    // Full data is long, the subsets short; a mixing augmentation makes its row's steps half as slow again.
    const full = { method: 'full', steps: 500, stepMs: 10, overheadMs: 100 };
    const plain = { method: 'random', steps: 50, stepMs: 10, overheadMs: 100 };
    const mixed = { method: 'random+mixup', steps: 50, stepMs: 15, overheadMs: 100 };
    // Each seed's methods rotated, as run.ts orders them.
    const readings = simulatePlanned([full, mixed, plain, { ...mixed }, { ...plain }, { ...full }]);
    expectWithinTwice(readings);
    const total = readings[0][0] + readings[0][1];
    expect(readings.filter(([elapsed, , shown]) => elapsed > 0.2 * total && shown === null)).toEqual([]);
  });
});

describe('the plan of a comparison', () => {
  test('counts every run, seed and repeat, full data at its size, the rest at the budget, distillation iterations', () => {
    const plan = workPlan(
      {
        methods: [{ name: 'full' }, { name: 'random' }, { name: 'dm', iterations: 300 } as never],
        seeds: [0, 1],
        repeats: 1,
        train: { epochs: 2, batchSize: 100 } as never,
        budget: { fraction: 0.095 },
      },
      1000,
      () => 95,
    );
    expect(plan.runs).toHaveLength(6);
    expect(plan.runs.filter((run) => run.method === 'full').map((run) => run.steps)).toEqual([20, 20]);
    expect(plan.runs.find((run) => run.method === 'random')!.steps).toBe(2);
    expect(plan.runs.find((run) => run.method === 'dm')!.iterations).toBe(300);
  });

  test('full data for its own epochs, where it names them', () => {
    const plan = workPlan(
      {
        methods: [{ name: 'full', epochs: 1 }],
        seeds: [0],
        repeats: 1,
        train: { epochs: 30, batchSize: 100 } as never,
        budget: { fraction: 0.01 },
      },
      1000,
      () => 10,
    );
    expect(plan.runs.map((run) => run.steps)).toEqual([10]);
  });

  test('a sweep runs every budgeted method at each budget and full data once per seed', () => {
    const plan = workPlan(
      {
        methods: [{ name: 'full' }, { name: 'random' }, { name: 'dm', iterations: 50 } as never],
        seeds: [0, 1],
        repeats: 2,
        train: { epochs: 1, batchSize: 10 } as never,
        budgets: [{ ipc: 1 }, { ipc: 10 }],
      },
      1000,
      (budget) => budget.ipc! * 10,
    );
    // Per seed: full once, random and dm at 1 and at 10 per class; twice over for the repeats.
    expect(plan.runs).toHaveLength(2 * 2 * 5);
    expect(plan.runs.filter((run) => run.method === 'full')).toHaveLength(4);
    expect(plan.runs.filter((run) => run.method === 'random').map((run) => run.steps)).toEqual([
      1, 10, 1, 10, 1, 10, 1, 10,
    ]);
  });
});
