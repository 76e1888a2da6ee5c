/** The chart as an SVG file: a line per row, a band where seeds vary, the target, and every label as text. */
import { describe, expect, test } from 'vitest';
import { buildChartData } from '../../../../src/ui/results/chart-data';
import { chartSvg, escapeXml, niceTicks } from '../../../../src/ui/results/chart-svg';
import type { RunCurve } from '../../../../src/ui/results/experiment-state';

const point = (step: number, timeMs: number, testAcc: number) => ({
  step,
  timeMs,
  samples: step * 10,
  testAcc,
  testLoss: 1,
});
const hostile = '<script>alert("x")</script> & co';
const runs: RunCurve[] = [
  { runIndex: 0, label: 'full', seed: 0, points: [point(0, 0, 0.1), point(10, 1000, 0.8)] },
  { runIndex: 1, label: hostile, seed: 0, points: [point(0, 0, 0.1), point(5, 400, 0.6)] },
  { runIndex: 2, label: 'full', seed: 1, points: [point(0, 0, 0.2), point(10, 3000, 0.9)] },
];

describe('the chart as SVG', () => {
  test('draws each row, the seeds band and the target, with labels as escaped text', () => {
    const svg = chartSvg(buildChartData(runs, 'time'), 'time', 0.75);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<polygon /g)).toHaveLength(1);
    expect(svg).toContain('target 75.0%');
    expect(svg).toContain('Time (s)');
    expect(svg).toContain(escapeXml(hostile));
    expect(svg).not.toContain('<script');
    // Every element that opens is closed or self-closing.
    const opened = (svg.match(/<(svg|text)\b/g) ?? []).length;
    const closed = (svg.match(/<\/(svg|text)>/g) ?? []).length;
    expect(closed).toBe(opened);
  });

  test("uses the page's axes: x from 0 to a round end with distinct labels, accuracy fitted to the data", () => {
    const svg = chartSvg(buildChartData(runs, 'time'), 'time', 0.75);
    const xLabels = [...svg.matchAll(/text-anchor="middle">([\d.]+)<\/text>/g)].map((m) => m[1]);
    // The mean line ends at 2 s.
    expect(xLabels).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0']);
    // Accuracy from 10% to 90%: the axis runs 5..95, as the page's (and so the PNG's) does, not to 100.
    const yLabels = [...svg.matchAll(/>(\d+)%<\/text>/g)].map((m) => m[1]);
    expect(yLabels).toEqual(['20', '40', '60', '80']);
    // Steps are whole: no fractional ticks.
    const steps = chartSvg(buildChartData(runs, 'steps'), 'steps', null);
    expect([...steps.matchAll(/text-anchor="middle">([\d.]+)<\/text>/g)].map((m) => m[1])).toEqual([
      '0',
      '2',
      '4',
      '6',
      '8',
      '10',
    ]);
  });

  test('ticks are round numbers that cover the range', () => {
    expect(niceTicks(0, 3)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(niceTicks(40, 100, 5)).toEqual([40, 60, 80, 100]);
    expect(niceTicks(0, 0)).toEqual([0]);
  });
});
