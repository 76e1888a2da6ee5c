/** Results as CSV: the summary and the curves read back as the numbers they hold; formula-like labels are escaped. */
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { curvesCsv, summaryCsv } from '../../../../src/core/results/csv';
import type { ExperimentResult } from '../../../../src/core/results/types';

const point = (step: number, timeMs: number, testAcc: number) => ({
  step,
  timeMs,
  samples: step * 64,
  testAcc,
  testLoss: 0.5,
});
const result = {
  targetAcc: 0.8,
  summary: [
    {
      label: 'full',
      method: 'full',
      runs: 2,
      finalTestAccMean: 0.9,
      finalTestAccStd: 0,
      bestTestAccMean: 0.9,
      timeToTargetMs: 1500,
      timeToTargetMsStd: 100,
      stepsToTarget: 80,
      samplesToTarget: 5120,
      speedupVsFull: 1,
      speedupVsFullStd: 0,
      speedupVsFullSteps: 1,
      overheadMsMean: 0,
      trainMsMean: 2000,
      steps: 100,
    },
    {
      label: '=HYPERLINK("x"), random',
      method: 'random',
      runs: 1,
      finalTestAccMean: 0.7,
      finalTestAccStd: 0,
      bestTestAccMean: 0.75,
      didNotLearn: { runs: 1, reason: 'it ended at 70.0%, at or below chance (70.0%, the largest class’s share)' },
      timeToTargetMs: null,
      timeToTargetMsStd: null,
      stepsToTarget: null,
      samplesToTarget: null,
      speedupVsFull: null,
      speedupVsFullStd: null,
      speedupVsFullSteps: null,
      overheadMsMean: 250,
      trainMsMean: 300,
      steps: 10,
    },
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
    expect(header).toEqual([
      'row',
      'method',
      'runs',
      'final_acc_mean',
      'final_acc_std',
      'best_acc_mean',
      'did_not_learn',
      'target_acc',
      'time_to_target_s',
      'time_to_target_s_std',
      'steps_to_target',
      'samples_to_target',
      'speedup_vs_full',
      'speedup_vs_full_std',
      'speedup_vs_full_steps',
      'overhead_s',
      'train_s',
      'steps',
    ]);
    expect(full).toEqual([
      'full',
      'full',
      '2',
      '0.9',
      '0',
      '0.9',
      '',
      '0.8',
      '1.5',
      '0.1',
      '80',
      '5120',
      '1',
      '0',
      '1',
      '0',
      '2',
      '100',
    ]);
    expect(random.slice(6, 17)).toEqual([
      'it ended at 70.0%, at or below chance (70.0%, the largest class’s share)',
      '0.8',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '0.25',
      '0.3',
    ]);
    // A label a spreadsheet would run as a formula is prefixed so that it stays text.
    expect(random[0]).toBe(`'=HYPERLINK("x"), random`);
  });

  test('the curves list every point of every run', () => {
    const [header, ...points] = rows(curvesCsv(result));
    expect(header).toEqual([
      'row',
      'method',
      'seed',
      'step',
      'samples',
      'time_s',
      'test_acc',
      'test_loss',
      'train_loss',
    ]);
    expect(points).toHaveLength(3);
    expect(points[1]).toEqual(['full', 'full', '0', '100', '6400', '2', '0.9', '0.5', '']);
  });
});
