/** The chart from the keyboard: the keys that step through its points, and those that move the target on its handle. */
import { describe, expect, test } from 'vitest';
import { nextColumn } from '../../../../src/ui/results/chart-keys';
import { nudged } from '../../../../src/ui/results/chart-target';

describe('reading the plot by keys', () => {
  test('right and left start at the ends, then step', () => {
    expect(nextColumn('ArrowRight', null, 5)).toBe(0);
    expect(nextColumn('ArrowLeft', null, 5)).toBe(4);
    expect(nextColumn('ArrowRight', 2, 5)).toBe(3);
    expect(nextColumn('ArrowLeft', 2, 5)).toBe(1);
  });

  test('the ends hold, Home and End jump, and fewer columns than before clamp', () => {
    expect(nextColumn('ArrowRight', 4, 5)).toBe(4);
    expect(nextColumn('ArrowLeft', 0, 5)).toBe(0);
    expect(nextColumn('Home', 3, 5)).toBe(0);
    expect(nextColumn('End', 0, 5)).toBe(4);
    expect(nextColumn('ArrowRight', 7, 3)).toBe(2);
  });

  test('other keys, and a plot with no points, read nothing', () => {
    expect(nextColumn('ArrowUp', 1, 5)).toBeUndefined();
    expect(nextColumn('a', null, 5)).toBeUndefined();
    expect(nextColumn('ArrowRight', null, 0)).toBeUndefined();
  });
});

describe('moving the target by keys', () => {
  test('arrows move it by a tenth of a point, Page Up and Down by a point', () => {
    expect(nudged(0.8, 'ArrowUp')).toBeCloseTo(0.801, 10);
    expect(nudged(0.8, 'ArrowRight')).toBeCloseTo(0.801, 10);
    expect(nudged(0.8, 'ArrowDown')).toBeCloseTo(0.799, 10);
    expect(nudged(0.8, 'ArrowLeft')).toBeCloseTo(0.799, 10);
    expect(nudged(0.8, 'PageUp')).toBeCloseTo(0.81, 10);
    expect(nudged(0.8, 'PageDown')).toBeCloseTo(0.79, 10);
  });

  test('it lands on a tenth of a point and stays within 0..100%', () => {
    expect(nudged(0.80049, 'ArrowUp')).toBeCloseTo(0.801, 10);
    expect(nudged(0.9995, 'PageUp')).toBe(1);
    expect(nudged(0.0005, 'PageDown')).toBe(0);
  });

  test('other keys leave it', () => {
    expect(nudged(0.8, 'Home')).toBeUndefined();
    expect(nudged(0.8, 'Enter')).toBeUndefined();
  });
});
