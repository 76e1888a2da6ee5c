/** The boundary panels' data path: one seed per method or every seed, the seed control, the shared scale, the words. */
import { describe, expect, test } from 'vitest';
import type { DecisionBoundary } from '../../../../src/core/results/types';
import type { RunBoundary } from '../../../../src/ui/results/experiment-state';
import {
  boundaryDescription,
  boundaryLabel,
  boundarySeeds,
  byMethod,
  panelCaption,
  panelLabel,
  parseSeed,
  seedOnShow,
  seedOptions,
  seedValue,
  shownBoundaries,
} from '../../../../src/ui/picks/boundary-grid';
import { rangeOf } from '../../../../src/ui/picks/plot-range';

const grid = (x0 = -1, x1 = 1, y0 = -1, y1 = 1): DecisionBoundary => ({
  x0,
  x1,
  y0,
  y1,
  size: 2,
  classes: [0, 1, 1, 0],
});

const run = (label: string, seed: number, runIndex: number): RunBoundary => ({
  runIndex,
  label,
  seed,
  boundary: grid(),
});

/** A comparison's runs as they come, seed by seed: full and random at seeds 3 and 7, herding at seed 7 only. */
const runs = [
  run('full', 3, 0),
  run('random 10%', 3, 1),
  run('full', 7, 2),
  run('random 10%', 7, 3),
  run('herding 10%', 7, 4),
];
const keys = (shown: RunBoundary[]) => shown.map(panelCaption);

describe('boundary panels', () => {
  test('lists the seeds in the order they come', () => {
    expect(boundarySeeds(runs)).toEqual([3, 7]);
    expect(boundarySeeds([])).toEqual([]);
  });

  test('groups the runs by method, methods in the order they first come', () => {
    expect(byMethod(runs).map((group) => group.map((r) => r.runIndex))).toEqual([[0, 2], [1, 3], [4]]);
  });

  test('shows one panel per method at the first seed by default, the chosen seed when a run has it', () => {
    expect(seedOnShow(runs, null)).toBe(3);
    expect(seedOnShow(runs, 7)).toBe(7);
    expect(seedOnShow(runs, 'all')).toBe('all');
    // A seed no run has (a new comparison's) falls back to the first.
    expect(seedOnShow(runs, 5)).toBe(3);
    expect(seedOnShow([], 7)).toBeNull();

    expect(keys(shownBoundaries(runs, 3))).toEqual(['full · seed 3', 'random 10% · seed 3', 'herding 10% · seed 7']);
    expect(keys(shownBoundaries(runs, 7))).toEqual(['full · seed 7', 'random 10% · seed 7', 'herding 10% · seed 7']);
  });

  test('shows every run with every seed, method by method', () => {
    expect(keys(shownBoundaries(runs, 'all'))).toEqual([
      'full · seed 3',
      'full · seed 7',
      'random 10% · seed 3',
      'random 10% · seed 7',
      'herding 10% · seed 7',
    ]);
  });

  test("the seed control's options and values round-trip", () => {
    const options = seedOptions([3, 7]);
    expect(options).toEqual([
      { value: '3', label: 'seed 3' },
      { value: '7', label: 'seed 7' },
      { value: 'all', label: 'every seed' },
    ]);
    for (const option of options) expect(seedValue(parseSeed(option.value))).toBe(option.value);
    expect(parseSeed('7')).toBe(7);
    expect(parseSeed('all')).toBe('all');
  });

  test('names each panel by its run, the visible caption first', () => {
    const first = runs[1];
    expect(panelCaption(first)).toBe('random 10% · seed 3');
    expect(boundaryLabel(first)).toContain('the class that random 10% (seed 3) predicts');
    expect(panelLabel(first).startsWith('random 10% · seed 3: the class that random 10% (seed 3)')).toBe(true);
    expect(boundaryDescription(first)).toContain('at each of 2×2 points');
  });
});

describe('plot range', () => {
  const points = { x: Float32Array.of(0, 2), y: Float32Array.of(-1, 3), label: Int32Array.of(0, 1) };

  test('holds the points alone', () => {
    expect(rangeOf(points)).toEqual({ x: [0, 2], y: [-1, 3] });
  });

  test('takes in an overlay and every boundary, so that panels share one scale', () => {
    const overlay = { x: Float32Array.of(-4), y: Float32Array.of(0), label: Int32Array.of(0) };
    expect(rangeOf(points, overlay)).toEqual({ x: [-4, 2], y: [-1, 3] });
    expect(rangeOf(points, undefined, [grid(-1, 1, -2, 1), grid(0, 5, 0, 4)])).toEqual({ x: [-1, 5], y: [-2, 4] });
  });

  test('skips values that are not finite', () => {
    const odd = {
      x: Float32Array.of(Number.NaN, 1),
      y: Float32Array.of(2, Number.POSITIVE_INFINITY),
      label: Int32Array.of(0, 0),
    };
    expect(rangeOf(odd)).toEqual({ x: [1, 1], y: [2, 2] });
  });
});
