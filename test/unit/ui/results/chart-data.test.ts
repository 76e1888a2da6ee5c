/** The chart's data path: seeds become a mean line and a min..max band on one x axis. */
import { describe, expect, test } from 'vitest';
import {
  buildChartData,
  chartSummary,
  coloursByLabel,
  crossings,
  formatX,
  rowPoints,
  seedsNote,
  valuesNear,
} from '../../../../src/ui/results/chart-data';
import { retarget } from '../../../../src/core/results/summary';
import type { RunCurve } from '../../../../src/ui/results/experiment-state';

const point = (step: number, timeMs: number, testAcc: number) => ({
  step,
  timeMs,
  samples: step * 10,
  testAcc,
  testLoss: 1,
});

const runs: RunCurve[] = [
  { runIndex: 0, label: 'full', seed: 0, points: [point(0, 0, 0.1), point(10, 1000, 0.8)] },
  { runIndex: 1, label: 'rs2 10%', seed: 0, points: [point(0, 0, 0.1), point(5, 400, 0.6)] },
  { runIndex: 2, label: 'full', seed: 1, points: [point(0, 0, 0.2), point(10, 3000, 0.9)] },
];

describe('chart data', () => {
  test('one row per label, with a band only where several seeds ran', () => {
    const chart = buildChartData(runs, 'time');
    expect(chart.rows.map((r) => [r.label, r.seeds, r.band !== null])).toEqual([
      ['full', 2, true],
      ['rs2 10%', 1, false],
    ]);
  });

  test('the mean and band follow the seeds, on a shared x axis in seconds', () => {
    const chart = buildChartData(runs, 'time');
    const [full, rs2] = chart.rows;
    const xs = chart.columns[0];
    expect(xs).toEqual([0, 0.4, 2]);
    const at = (column: number, x: number) => chart.columns[column][xs.indexOf(x)];
    expect(at(full.mean, 0)).toBeCloseTo(15);
    expect(at(full.mean, 2)).toBeCloseTo(85);
    expect(at(full.band![0], 2)).toBeCloseTo(90);
    expect(at(full.band![1], 2)).toBeCloseTo(80);
    expect(at(rs2.mean, 0.4)).toBeCloseTo(60);
    expect(at(rs2.mean, 2)).toBeNull();
  });

  test('the x axis can be steps or samples seen', () => {
    expect(buildChartData(runs, 'steps').columns[0]).toEqual([0, 5, 10]);
    expect(buildChartData(runs, 'samples').columns[0]).toEqual([0, 50, 100]);
  });

  test('the table and the chart give a label the same colour', () => {
    const colours = coloursByLabel(runs);
    const chart = buildChartData(runs, 'time');
    for (const row of chart.rows) expect(colours.get(row.label)).toBe(row.colour);
  });
});

describe('the target on the chart', () => {
  const seeds: RunCurve[] = [
    { runIndex: 0, label: 'full', seed: 0, points: [point(0, 0, 0.1), point(10, 1000, 0.8), point(20, 2000, 0.9)] },
    { runIndex: 1, label: 'random 10%', seed: 0, points: [point(0, 0, 0.1), point(2, 200, 0.75), point(4, 400, 0.85)] },
    { runIndex: 2, label: 'full', seed: 1, points: [point(0, 0, 0.1), point(10, 1500, 0.85), point(20, 3000, 0.9)] },
    { runIndex: 3, label: 'random 10%', seed: 1, points: [point(0, 0, 0.1), point(2, 300, 0.7), point(4, 500, 0.8)] },
  ];

  test("a dragged target's crossings: each row's mean over seeds of its interpolated crossing, null if a seed never gets there", () => {
    const near = (map: Map<string, number | null>) =>
      Object.fromEntries([...map].map(([label, x]) => [label, x === null ? null : Math.round(x * 1e6) / 1e6]));
    // Full, seed 1, crosses 0.8 14/15 of the way from (0 s, 10%) to (1.5 s, 85%); random, seed 0, half-way from 75% to 85%.
    expect(near(crossings(seeds, 0.8, 'time'))).toEqual({ full: 1.2, 'random 10%': 0.4 });
    expect(near(crossings(seeds, 0.8, 'steps'))).toEqual({ full: 9.666667, 'random 10%': 3.5 });
    expect(near(crossings(seeds, 0.85, 'time'))).toEqual({ full: 1.5, 'random 10%': null });
    expect(near(crossings(seeds, 0.95, 'time'))).toEqual({ full: null, 'random 10%': null });
  });

  test("on the time axis they are the table's times to target (the same rule)", () => {
    const rows = [
      { method: 'full', label: 'full' },
      { method: 'random', label: 'random 10%' },
    ].map((row) => ({
      ...row,
      runs: 2,
      finalTestAccMean: 0,
      finalTestAccStd: 0,
      bestTestAccMean: 0,
      timeToTargetMs: null,
      timeToTargetMsStd: null,
      stepsToTarget: null,
      samplesToTarget: null,
      speedupVsFull: null,
      speedupVsFullStd: null,
      speedupVsFullSteps: null,
      overheadMsMean: 0,
      overheadPartsMs: {},
      reusedPartsMs: {},
      trainMsMean: 0,
      steps: 0,
    }));
    for (const target of [0.7, 0.75, 0.8, 0.85]) {
      const table = retarget(rows, seeds, target);
      const chart = crossings(seeds, target, 'time');
      for (const row of table) {
        const x = chart.get(row.label) ?? null;
        if (row.timeToTargetMs === null) expect(x).toBeNull();
        else expect(x).toBeCloseTo(row.timeToTargetMs / 1000, 12);
      }
    }
  });

  test('hovering shows each row at its point nearest the cursor; the seeds are said once', () => {
    const chart = buildChartData(seeds, 'time');
    expect(valuesNear(chart, 0.4).map((v) => [v.label, v.x, v.acc])).toEqual([
      ['full', 0, 10],
      ['random 10%', 0.45, 82.5],
    ]);
    expect(valuesNear(chart, 2.4).map((v) => [v.label, v.x])).toEqual([
      ['full', 2.5],
      ['random 10%', 0.45],
    ]);
    expect(seedsNote(chart.rows)).toBe('Each line is the mean of 2 seeds, its band their min–max.');
    expect(seedsNote(buildChartData(seeds.slice(0, 2), 'time').rows)).toBeNull();
  });

  test('the text alternative: every row with its points, and a summary sentence per row', () => {
    const chart = buildChartData(seeds, 'time');
    expect(rowPoints(chart, chart.rows[1])).toEqual([
      { x: 0, acc: 10 },
      { x: 0.25, acc: 72.5 },
      { x: 0.45, acc: 82.5 },
    ]);
    expect(chartSummary(chart, 'time', 0.8, crossings(seeds, 0.8, 'time'))).toBe(
      'Test accuracy against time (s). full ends at 90.0% at 2.50 s; reaches 80.0% at 1.20 s. random 10% ends at 82.5% at 0.45 s; reaches 80.0% at 0.40 s.',
    );
    expect(formatX(1200, 'samples')).toBe('1,200 samples');
  });
});
