/** The results table's rows: means over seeds, and the overhead by part. */
import { describe, expect, test } from 'vitest';
import { overheadBreakdown, summarize } from '../../src/engine/experiment/summary';
import type { RunResult } from '../../src/engine/experiment/types';

function run(fields: Partial<RunResult> & Pick<RunResult, 'method' | 'label' | 'seed'>): RunResult {
  return {
    settings: {},
    backend: 'cpu',
    points: [{ timeMs: 1000, step: 10, samples: 640, testAcc: 0.9, testLoss: 0.3 }],
    overheadMs: 0,
    overhead: {},
    reused: {},
    trainMs: 1000,
    evalMs: 50,
    finalTestAcc: 0.9,
    steps: 10,
    examplesPerRound: 64,
    ...fields,
  };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

describe('summary', () => {
  test('averages each overhead part over seeds; a seed without a part counts zero', () => {
    const { summary } = summarize([
      run({ method: 'el2n', label: 'el2n 10%', seed: 0, overheadMs: 3000, overhead: { pretrain: 2000, score: 600, select: 400 } }),
      run({ method: 'el2n', label: 'el2n 10%', seed: 1, overheadMs: 1000, overhead: { pretrain: 800, score: 200 } }),
    ]);
    expect(summary).toHaveLength(1);
    const [row] = summary;
    expect(row.overheadMsMean).toBe(2000);
    expect(row.overheadPartsMs).toEqual({ pretrain: 1400, score: 400, select: 200 });
    expect(Object.values(row.overheadPartsMs).reduce((a, b) => a + b, 0)).toBe(row.overheadMsMean);
    expect(row.reusedPartsMs).toEqual({});
  });

  test('keeps work reused off the clock apart from the overhead', () => {
    const { summary } = summarize([
      run({ method: 'random', label: 'random 10% + KD (reused teacher)', seed: 0, overheadMs: 2, overhead: { select: 2 }, reused: { teacher: 4200 } }),
    ]);
    expect(summary[0].overheadMsMean).toBe(2);
    expect(summary[0].reusedPartsMs).toEqual({ teacher: 4200 });
  });

  test('says the parts in the order a run goes through them, leaving out the ones too short to print', () => {
    expect(overheadBreakdown({ overheadPartsMs: { select: 120, score: 300, pretrain: 2100, reselect: 1 }, reusedPartsMs: {} }, seconds)).toEqual({
      charged: 'pre-train 2.10 · score 0.30 · select 0.12',
      reused: '',
    });
    expect(overheadBreakdown({ overheadPartsMs: { select: 2 }, reusedPartsMs: { teacher: 4200 } }, seconds)).toEqual({
      charged: '',
      reused: 'teacher reused (4.20 s, off the clock)',
    });
  });
});
