/** Results as CSV: the summary and the curves read back as the numbers they hold; formula-like labels are escaped. */
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { curvesCsv, summaryCsv } from '../../src/engine/experiment/csv';
import type { ExperimentResult } from '../../src/engine/experiment/types';

const point = (step: number, timeMs: number, testAcc: number) => ({ step, timeMs, samples: step * 64, testAcc, testLoss: 0.5 });
const result = {
  targetAcc: 0.8,
  summary: [
    { label: 'full', method: 'full', runs: 1, finalTestAccMean: 0.9, finalTestAccStd: 0, timeToTargetMs: 1500, speedupVsFull: 1, overheadMsMean: 0, trainMsMean: 2000, steps: 100 },
    { label: '=HYPERLINK("x"), random', method: 'random', runs: 1, finalTestAccMean: 0.7, finalTestAccStd: 0, timeToTargetMs: null, speedupVsFull: null, overheadMsMean: 250, trainMsMean: 300, steps: 10 },
  ],
  runs: [
    { label: 'full', method: 'full', seed: 0, points: [point(0, 0, 0.1), point(100, 2000, 0.9)] },
    { label: '=HYPERLINK("x"), random', method: 'random', seed: 0, points: [point(0, 0, 0.1)] },
  ],
} as unknown as ExperimentResult;

const rows = (text: string) => Papa.parse<string[]>(text.trim()).data;

describe('results as CSV', () => {
  test('the summary holds every row, times in seconds, and missing values empty', () => {
    const [header, full, random] = rows(summaryCsv(result));
    expect(header).toEqual(['row', 'method', 'runs', 'final_acc_mean', 'final_acc_std', 'target_acc', 'time_to_target_s', 'speedup_vs_full', 'overhead_s', 'train_s', 'steps']);
    expect(full).toEqual(['full', 'full', '1', '0.9', '0', '0.8', '1.5', '1', '0', '2', '100']);
    expect(random.slice(6, 10)).toEqual(['', '', '0.25', '0.3']);
    // A label a spreadsheet would run as a formula is prefixed so that it stays text.
    expect(random[0]).toBe(`'=HYPERLINK("x"), random`);
  });

  test('the curves list every point of every run', () => {
    const [header, ...points] = rows(curvesCsv(result));
    expect(header).toEqual(['row', 'method', 'seed', 'step', 'samples', 'time_s', 'test_acc', 'test_loss']);
    expect(points).toHaveLength(3);
    expect(points[1]).toEqual(['full', 'full', '0', '100', '6400', '2', '0.9', '0.5']);
  });
});
