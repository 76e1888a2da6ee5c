/** The results table's rows: means over seeds, and the overhead by part. */
import { describe, expect, test } from 'vitest';
import { overheadBreakdown, reachedByAll, retarget, summarize, targetRuleText } from '../../src/engine/experiment/summary';
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

/** A curve from [seconds, accuracy] pairs. */
const curve = (...pairs: [number, number][]) => pairs.map(([s, testAcc], i) => ({ timeMs: s * 1000, step: i * 10, samples: i * 640, testAcc, testLoss: 1 }));

describe('the target', () => {
  // Full data climbs slowly and highest; the subsets are quicker and stop lower, one seed of random lower still.
  const runs = [
    run({ method: 'full', label: 'full', seed: 0, points: curve([0, 0.1], [1, 0.8], [2, 0.88], [4, 0.95]), finalTestAcc: 0.95 }),
    run({ method: 'random', label: 'random 10%', seed: 0, points: curve([0, 0.1], [0.2, 0.7], [0.5, 0.8855], [0.6, 0.88]), finalTestAcc: 0.88 }),
    run({ method: 'random', label: 'random 10%', seed: 1, points: curve([0, 0.1], [0.3, 0.8], [0.4, 0.87], [0.6, 0.8655]), finalTestAcc: 0.8655 }),
    run({ method: 'rs2', label: 'rs2 10%', seed: 0, points: curve([0, 0.1], [0.25, 0.875], [0.5, 0.9]), finalTestAcc: 0.9 }),
  ];

  test('by default it is the highest accuracy every run reached, each seed counted, rounded down to a tenth of a point', () => {
    // Bests: 0.95, 0.8855, 0.87 (random, seed 1), 0.9: the lowest is 0.87.
    expect(reachedByAll(runs)).toBeCloseTo(0.87, 10);
    expect(reachedByAll([run({ method: 'random', label: 'r', seed: 0, points: curve([0, 0.1], [1, 0.86549]) })])).toBe(0.865);
    const { targetAcc, targetRule, summary } = summarize(runs);
    expect(targetAcc).toBeCloseTo(0.87, 10);
    expect(targetRule).toBe('reached-by-all');
    // Every row has a time, and every row a speed-up against full data.
    const byLabel = Object.fromEntries(summary.map((row) => [row.label, row]));
    expect(byLabel.full.timeToTargetMs).toBe(2000);
    expect(byLabel['random 10%'].timeToTargetMs).toBe(450);
    expect(byLabel['rs2 10%'].timeToTargetMs).toBe(250);
    expect(byLabel.full.speedupVsFull).toBe(1);
    expect(byLabel['random 10%'].speedupVsFull).toBeCloseTo(2000 / 450);
    expect(byLabel['rs2 10%'].speedupVsFull).toBe(8);
    expect(targetRuleText(targetAcc, targetRule)).toBe('target 87.0%: the highest accuracy every run reached');
  });

  test('a target set in the config wins, even where some run never reaches it', () => {
    const { targetAcc, targetRule, summary } = summarize(runs, 0.9);
    expect(targetAcc).toBe(0.9);
    expect(targetRule).toBe('set');
    expect(summary.map((row) => [row.label, row.timeToTargetMs, row.speedupVsFull])).toEqual([
      ['full', 4000, 1],
      ['random 10%', null, null],
      ['rs2 10%', 500, 8],
    ]);
    expect(targetRuleText(targetAcc, targetRule)).toBe('target 90.0%: as set in the settings');
  });

  test('without full data there is no speed-up, but every row still has a time', () => {
    const { summary } = summarize(runs.filter((r) => r.method !== 'full'));
    expect(summary.every((row) => row.timeToTargetMs !== null && row.speedupVsFull === null)).toBe(true);
  });

  test('a target dragged on the chart re-times every row from the curves, the rest unchanged', () => {
    const { summary } = summarize(runs);
    const moved = retarget(summary, runs, 0.8);
    expect(moved.map((row) => [row.label, row.timeToTargetMs, row.speedupVsFull])).toEqual([
      ['full', 1000, 1],
      ['random 10%', 400, 2.5],
      ['rs2 10%', 250, 4],
    ]);
    expect(moved.map((row) => row.finalTestAccMean)).toEqual(summary.map((row) => row.finalTestAccMean));
    // The same rule as the summary's: retargeting to the summary's own target changes nothing.
    expect(retarget(summary, runs, summarize(runs).targetAcc)).toEqual(summary);
    expect(retarget(summary, runs, 0.96).every((row) => row.timeToTargetMs === null)).toBe(true);
    expect(targetRuleText(0.8, 'chart')).toBe('target 80.0%: set on the chart');
  });
});
