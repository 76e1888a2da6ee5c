/** A sweep's view of the table: a line per method across the budgets, references, matched controls; and its plot. */
import { describe, expect, test } from 'vitest';
import { lineName, sweepTable, sweepView } from '../../../../src/core/results/sweep';
import type { SummaryRow } from '../../../../src/core/results/types';
import { plannedRuns } from '../../../../src/core/settings/sweep';
import { spreadLabels, sweepPlot } from '../../../../src/ui/results/sweep-plot';

function row(
  label: string,
  method: string,
  budget: SummaryRow['budget'],
  acc: number,
  timeMs: number | null,
): SummaryRow {
  return {
    method,
    label,
    ...(budget ? { budget } : {}),
    runs: 2,
    finalTestAccMean: acc,
    finalTestAccStd: 0.01,
    bestTestAccMean: acc,
    timeToTargetMs: timeMs,
    timeToTargetMsStd: timeMs === null ? null : 10,
    stepsToTarget: null,
    samplesToTarget: null,
    speedupVsFull: null,
    speedupVsFullStd: null,
    speedupVsFullSteps: null,
    overheadMsMean: 0,
    overheadPartsMs: {},
    reusedPartsMs: {},
    trainMsMean: 0,
    steps: 10,
  };
}

const rows: SummaryRow[] = [
  row('full', 'full', undefined, 0.98, 2000),
  row('rs2 100/class (with replacement)', 'rs2', { ipc: 100 }, 0.9, 800),
  row('rs2 1/class (with replacement)', 'rs2', { ipc: 1 }, 0.5, null),
  row('rs2 10/class (with replacement)', 'rs2', { ipc: 10 }, 0.8, 500),
  {
    ...row('dm 1/class', 'dm', { ipc: 1 }, 0.7, 300),
    fair: { gainMean: 0.2, gainStd: 0.02, randomAccMean: 0.5, randomAccStd: 0.03 },
  },
  {
    ...row('dm 10/class', 'dm', { ipc: 10 }, 0.85, 400),
    fair: { gainMean: 0.05, gainStd: 0.02, randomAccMean: 0.8, randomAccStd: 0.01 },
  },
];

describe('the sweep view', () => {
  test('a line per method, its points by budget, full data across, fair evaluation’s controls as lines', () => {
    expect(lineName('rs2 10% (with replacement)', { fraction: 0.1 })).toBe('rs2 (with replacement)');
    expect(lineName('random 1/class + KD', { ipc: 1 })).toBe('random + KD');
    const view = sweepView(rows)!;
    expect(view.kind).toBe('ipc');
    expect(view.budgets).toEqual([1, 10, 100]);
    expect(view.lines.map((l) => [l.name, l.control, l.points.map((p) => [p.budget, p.accMean])])).toEqual([
      [
        'rs2 (with replacement)',
        false,
        [
          [1, 0.5],
          [10, 0.8],
          [100, 0.9],
        ],
      ],
      [
        'dm',
        false,
        [
          [1, 0.7],
          [10, 0.85],
        ],
      ],
      [
        'dm · matched random',
        true,
        [
          [1, 0.5],
          [10, 0.8],
        ],
      ],
    ]);
    expect(view.lines[0].colourKey).toBe('rs2 1/class (with replacement)');
    expect(view.references).toEqual([{ name: 'full', accMean: 0.98, accStd: 0.01, timeToTargetMs: 2000 }]);
    expect(sweepTable(view)).toEqual([
      ['method', '1/class', '10/class', '100/class'],
      ['rs2 (with replacement)', '50.0 ± 1.0 (not reached)', '80.0 ± 1.0 (0.50 s)', '90.0 ± 1.0 (0.80 s)'],
      ['dm', '70.0 ± 1.0 (0.30 s)', '85.0 ± 1.0 (0.40 s)', '-'],
      ['dm · matched random', '50.0 ± 3.0', '80.0 ± 1.0', '-'],
      ['full (no budget)', '98.0 ± 1.0', '98.0 ± 1.0', '98.0 ± 1.0'],
    ]);
  });

  test('one budget is no sweep', () => {
    expect(sweepView(rows.filter((r) => r.budget?.ipc !== 10 && r.budget?.ipc !== 100))).toBeNull();
    expect(sweepView([rows[0]])).toBeNull();
  });

  test('the runs of a sweep are numbered seed by seed, budget by budget, full data at the first budget only', () => {
    const planned = plannedRuns({
      seeds: [3, 4],
      methods: [{ name: 'random' }, { name: 'full' }],
      budgets: [{ ipc: 1 }, { ipc: 5 }],
    });
    expect(planned.map((p) => [p.runIndex, p.seed, p.spec.name, p.budget.ipc])).toEqual([
      [0, 3, 'random', 1],
      [1, 3, 'full', 1],
      [2, 3, 'random', 5],
      [3, 4, 'random', 1],
      [4, 4, 'full', 1],
      [5, 4, 'random', 5],
    ]);
  });
});

describe('the sweep figure’s geometry', () => {
  test('budgets on a log axis, accuracy and time panels, bands of ± the spread, references level', () => {
    const plot = sweepPlot(sweepView(rows)!);
    const [x1, x10, x100] = plot.xTicks.map((t) => t.x);
    // 1, 10 and 100 stand equally apart on a log axis.
    expect(x10 - x1).toBeCloseTo(x100 - x10, 6);
    expect(plot.xTicks.map((t) => t.label)).toEqual(['1/class', '10/class', '100/class']);
    const accuracy = plot.accuracy;
    const rs2 = accuracy.lines.find((l) => l.name === 'rs2 (with replacement)')!;
    expect(rs2.points.map((p) => p[0])).toEqual([x1, x10, x100]);
    // Higher accuracy is drawn higher (smaller y); the band runs out along the top and back along the bottom.
    expect(rs2.points[2][1]).toBeLessThan(rs2.points[0][1]);
    expect(rs2.band).toHaveLength(6);
    expect(rs2.band[0][1]).toBeLessThan(rs2.points[0][1]);
    expect(rs2.band[5][1]).toBeGreaterThan(rs2.points[0][1]);
    const full = accuracy.references[0];
    expect(full.y).toBeLessThan(rs2.points[2][1]);
    // Time to target: the point that did not reach it is left out; the controls have no time.
    const time = plot.time;
    expect(time.lines.find((l) => l.name === 'rs2 (with replacement)')!.points.map((p) => p[0])).toEqual([x10, x100]);
    expect(time.lines.some((l) => l.control)).toBe(false);
    for (const panel of [accuracy, time])
      for (const line of panel.lines)
        for (const [, y] of [...line.points, ...line.band]) {
          expect(y).toBeGreaterThanOrEqual(panel.box.top - 1e-9);
          expect(y).toBeLessThanOrEqual(panel.box.top + panel.box.height + 1e-9);
        }
  });
});

describe('the names at the plot’s right', () => {
  test('stand at their lines where they can, apart where they would overlap, inside the panel', () => {
    expect(spreadLabels([10, 50, 100], 200)).toEqual([10, 50, 100]);
    expect(spreadLabels([50, 45, 52], 200)).toEqual([57, 45, 69]);
    // Pushed past the bottom, the stack moves up.
    expect(spreadLabels([195, 198], 200)).toEqual([188, 200]);
  });
});
