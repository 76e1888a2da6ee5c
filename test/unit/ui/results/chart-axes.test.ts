/** The chart's axes: x from 0 to a round end, round evenly spaced ticks, labels that never repeat, one accuracy range. */
import { describe, expect, test } from 'vitest';
import {
  accuracyRange,
  niceStep,
  niceTicks,
  tickLabels,
  xAxisEnd,
  xMinStep,
} from '../../../../src/ui/results/chart-axes';

/** Every gap between neighbouring ticks, rounded off float noise. */
const gaps = (ticks: number[]) => ticks.slice(1).map((t, i) => Number((t - ticks[i]).toPrecision(9)));

describe('chart axes', () => {
  test('steps are 1, 2 or 5 × 10^k', () => {
    expect(niceStep(3, 6)).toBe(0.5);
    expect(niceStep(0.0081, 6)).toBe(0.002);
    expect(niceStep(70, 6)).toBe(20);
    expect(niceStep(1000, 5)).toBe(200);
    expect(niceStep(3, 6, 1)).toBe(1);
  });

  test('ticks are round numbers, evenly spaced, that cover the range', () => {
    expect(niceTicks(0, 3)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(niceTicks(40, 100, 5)).toEqual([40, 60, 80, 100]);
    expect(niceTicks(0, 0)).toEqual([0]);
    // Whole steps never get fractional ticks.
    expect(niceTicks(0, 3, 6, 1)).toEqual([0, 1, 2, 3]);
    const short = niceTicks(0, xAxisEnd(0.0081));
    expect(short[0]).toBe(0);
    expect(new Set(gaps(short)).size).toBe(1);
  });

  test('the x axis starts at 0 and ends on a round number past the data', () => {
    // A run that took 8.1 ms: it read "0.003, 0.005, 0.008", no 0.
    expect(xAxisEnd(0.0081)).toBe(0.01);
    expect(niceTicks(0, xAxisEnd(0.0081))).toEqual([0, 0.002, 0.004, 0.006, 0.008, 0.01]);
    expect(xAxisEnd(37.2)).toBe(40);
    expect(xAxisEnd(100)).toBe(100);
    expect(xAxisEnd(0)).toBe(1);
    expect(xAxisEnd(null)).toBe(1);
    expect(xAxisEnd(3, 6, xMinStep('steps'))).toBe(3);
    expect(xMinStep('time')).toBe(0);
  });

  test('labels have just enough decimals that no two are equal', () => {
    // It read "0, 0.001, 0.001, 0.002".
    expect(tickLabels([0, 0.0005, 0.001, 0.0015, 0.002])).toEqual(['0.0000', '0.0005', '0.0010', '0.0015', '0.0020']);
    expect(tickLabels([0, 0.002, 0.004, 0.006, 0.008, 0.01])).toEqual([
      '0.000',
      '0.002',
      '0.004',
      '0.006',
      '0.008',
      '0.010',
    ]);
    expect(tickLabels([0, 0.5, 1, 1.5])).toEqual(['0.0', '0.5', '1.0', '1.5']);
    expect(tickLabels([0, 20, 40, 60])).toEqual(['0', '20', '40', '60']);
    expect(tickLabels([0.1 + 0.2, 0.6])).toEqual(['0.3', '0.6']);
    for (const end of [0.0081, 0.37, 2.4, 13, 950, 12345]) {
      const labels = tickLabels(niceTicks(0, xAxisEnd(end)));
      expect(new Set(labels).size).toBe(labels.length);
      expect(labels[0]).toMatch(/^0(\.0+)?$/);
    }
  });

  test('the accuracy axis: the data with some air, on multiples of 5, within 0..100', () => {
    expect(accuracyRange(null, null)).toEqual([0, 100]);
    expect(accuracyRange(12, 88)).toEqual([5, 90]);
    expect(accuracyRange(2, 99)).toEqual([0, 100]);
  });
});
