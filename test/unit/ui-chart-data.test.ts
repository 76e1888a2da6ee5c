/** The chart's data path: seeds become a mean line and a min..max band on one x axis. */
import { describe, expect, test } from 'vitest';
import { buildChartData, coloursByLabel } from '../../src/ui/chart-data';
import type { RunCurve } from '../../src/ui/experiment-state';

const point = (step: number, timeMs: number, testAcc: number) => ({ step, timeMs, samples: step * 10, testAcc, testLoss: 1 });

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
