/** The comparison's story in sentences: what the table shows, in the order a class reads it. */
import { describe, expect, test } from 'vitest';
import { takeaway } from '../../../../src/ui/results/takeaway';

const row = (label: string, method: string, acc: number, timeMs: number | null, speedup: number | null = null) => ({
  label,
  method,
  finalTestAccMean: acc,
  timeToTargetMs: timeMs,
  speedupVsFull: speedup,
});

describe('takeaway', () => {
  test('names the first to the target, its speed-up, those that never got there, and the best final accuracy', () => {
    const rows = [
      row('full', 'full', 0.91, 6200),
      row('rs2 10%', 'rs2', 0.86, 2500, 2.48),
      row('el2n 10%', 'el2n', 0.42, null),
      row('kcenter 10%', 'kcenter', 0.7, null),
    ];
    expect(takeaway(rows, 0.8)).toBe(
      'rs2 10% reached 80.0% first, in 2.50 s: 2.5× faster than full data. el2n 10% and kcenter 10% never reached 80.0%. Highest final accuracy: full, 91.0%.',
    );
  });

  test('full data first says how long the fastest other method took', () => {
    const rows = [row('dm 1/class', 'dm', 0.6, 9000, 0.2), row('full', 'full', 0.9, 1800)];
    expect(takeaway(rows, 0.5)).toBe(
      'Full data reached 50.0% first, in 1.80 s; the fastest of the others, dm 1/class, took 9.00 s. Highest final accuracy: full, 90.0%.',
    );
  });

  test('without a target or rows it says only what it can, and a diverged row is never the best', () => {
    expect(takeaway([], 0.8)).toBeNull();
    const diverged = { ...row('mixup', 'random', 0.99, null), diverged: { runs: 1, first: {} as never } };
    expect(takeaway([diverged, row('random', 'random', 0.5, null)], null)).toBe(
      'Highest final accuracy: random, 50.0%.',
    );
    expect(takeaway([row('random', 'random', 0.5, null)], 0.9)).toBe(
      'No method reached 90.0%. Highest final accuracy: random, 50.0%.',
    );
  });
});
