/** The results table's rows: means over seeds, and the overhead by part. */
import { describe, expect, test } from 'vitest';
import {
  noiseLine,
  notReachedText,
  overheadBreakdown,
  reachedByAll,
  retarget,
  summarize,
  targetRuleText,
} from '../../../../src/core/results/summary';
import { crossing } from '../../../../src/core/results/target';
import type { RunResult } from '../../../../src/core/results/types';

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
      run({
        method: 'el2n',
        label: 'el2n 10%',
        seed: 0,
        overheadMs: 3000,
        overhead: { pretrain: 2000, score: 600, select: 400 },
      }),
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
      run({
        method: 'random',
        label: 'random 10% + KD (reused teacher)',
        seed: 0,
        overheadMs: 2,
        overhead: { select: 2 },
        reused: { teacher: 4200 },
      }),
    ]);
    expect(summary[0].overheadMsMean).toBe(2);
    expect(summary[0].reusedPartsMs).toEqual({ teacher: 4200 });
  });

  test('says the parts in the order a run goes through them, leaving out the ones too short to print', () => {
    expect(
      overheadBreakdown(
        { overheadPartsMs: { select: 120, score: 300, pretrain: 2100, reselect: 1 }, reusedPartsMs: {} },
        seconds,
      ),
    ).toEqual({
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
const curve = (...pairs: [number, number][]) =>
  pairs.map(([s, testAcc], i) => ({ timeMs: s * 1000, step: i * 10, samples: i * 640, testAcc, testLoss: 1 }));

/** Where a straight line from (t0, a0) to (t1, a1) reaches `target`. */
const along = (t0: number, a0: number, t1: number, a1: number, target: number) =>
  t0 + ((target - a0) / (a1 - a0)) * (t1 - t0);

describe('the target', () => {
  // Full data climbs slowly and highest; the subsets are quicker and stop lower, one seed of random lower still.
  const runs = [
    run({
      method: 'full',
      label: 'full',
      seed: 0,
      points: curve([0, 0.1], [1, 0.8], [2, 0.88], [4, 0.95]),
      finalTestAcc: 0.95,
    }),
    run({
      method: 'random',
      label: 'random 10%',
      seed: 0,
      points: curve([0, 0.1], [0.2, 0.7], [0.5, 0.8855], [0.6, 0.88]),
      finalTestAcc: 0.88,
    }),
    run({
      method: 'random',
      label: 'random 10%',
      seed: 1,
      points: curve([0, 0.1], [0.3, 0.8], [0.4, 0.87], [0.6, 0.8655]),
      finalTestAcc: 0.8655,
    }),
    run({
      method: 'rs2',
      label: 'rs2 10%',
      seed: 0,
      points: curve([0, 0.1], [0.25, 0.875], [0.5, 0.9]),
      finalTestAcc: 0.9,
    }),
  ];

  test('by default it is the lowest final accuracy among the runs that learned, rounded down to a tenth of a point', () => {
    // Finals: 0.95, 0.88, 0.8655 (random, seed 1), 0.9: the lowest is 0.8655.
    expect(reachedByAll(runs)).toBeCloseTo(0.865, 10);
    const { targetAcc, targetRule, summary } = summarize(runs);
    expect(targetAcc).toBeCloseTo(0.865, 10);
    expect(targetRule).toBe('reached-by-all');
    // Every row reaches it, after training began, interpolated between the points around the crossing.
    const byLabel = Object.fromEntries(summary.map((row) => [row.label, row]));
    expect(byLabel.full.timeToTargetMs).toBeCloseTo(along(1000, 0.8, 2000, 0.88, 0.865), 6);
    expect(byLabel['random 10%'].timeToTargetMs).toBeCloseTo(
      (along(200, 0.7, 500, 0.8855, 0.865) + along(300, 0.8, 400, 0.87, 0.865)) / 2,
      6,
    );
    expect(byLabel['rs2 10%'].timeToTargetMs).toBeCloseTo(along(0, 0.1, 250, 0.875, 0.865), 6);
    expect(byLabel.full.speedupVsFull).toBe(1);
    expect(byLabel['rs2 10%'].speedupVsFull).toBeCloseTo(
      byLabel.full.timeToTargetMs! / byLabel['rs2 10%'].timeToTargetMs!,
      10,
    );
    // No row appears to reach more than it ends with.
    for (const row of summary) expect(targetAcc).toBeLessThanOrEqual(row.finalTestAccMean);
    expect(targetRuleText(targetAcc, targetRule)).toBe(
      'target 86.5%: the lowest final accuracy among the runs that learned, so that every one of them reaches it (a run that diverged or ended at or below chance or an untrained network is flagged and left out)',
    );
  });

  test('an untrained point never sets it: a run no better than its step-0 accuracy is flagged and left out', () => {
    // Three classes (chance 1/3); the untrained network already scores 38.7%.
    const toy = [
      run({
        method: 'full',
        label: 'full',
        seed: 0,
        chanceAcc: 1 / 3,
        points: curve([0, 0.387], [1, 0.7], [2, 0.96]),
        finalTestAcc: 0.96,
      }),
      run({
        method: 'random',
        label: 'random 10%',
        seed: 0,
        chanceAcc: 1 / 3,
        points: curve([0, 0.387], [0.2, 0.8], [0.4, 0.9]),
        finalTestAcc: 0.9,
      }),
      run({
        method: 'el2n',
        label: 'el2n 10%',
        seed: 0,
        chanceAcc: 1 / 3,
        points: curve([0, 0.387], [0.2, 0.36], [0.4, 0.387]),
        finalTestAcc: 0.387,
      }),
    ];
    const { targetAcc, summary } = summarize(toy);
    expect(targetAcc).toBeCloseTo(0.9, 10);
    const [full, random, el2n] = summary;
    expect(full.timeToTargetMs).toBeGreaterThan(0);
    expect(random.timeToTargetMs).toBeGreaterThan(0);
    expect(el2n).toMatchObject({
      timeToTargetMs: null,
      speedupVsFull: null,
      didNotLearn: { runs: 1, reason: 'it ended at 38.7%, no better than an untrained network (38.7%)' },
    });
    expect(notReachedText(el2n)).toBe('did not learn');
  });

  test('a run that ends at or below chance, or diverged, is flagged and left out', () => {
    const spam = [
      run({
        method: 'full',
        label: 'full',
        seed: 0,
        chanceAcc: 0.687,
        points: curve([0, 0.5], [1, 0.8], [2, 0.95]),
        finalTestAcc: 0.95,
      }),
      run({
        method: 'el2n',
        label: 'el2n 10%',
        seed: 0,
        chanceAcc: 0.687,
        points: curve([0, 0.5], [1, 0.75], [2, 0.625]),
        finalTestAcc: 0.625,
      }),
      run({
        method: 'random',
        label: 'random 10%',
        seed: 0,
        chanceAcc: 0.687,
        points: curve([0, 0.5], [1, 0.9]),
        finalTestAcc: 0.9,
        diverged: { step: 20, phase: 'training', message: 'the training diverged by step 20' },
      }),
      run({
        method: 'rs2',
        label: 'rs2 10%',
        seed: 0,
        chanceAcc: 0.687,
        points: curve([0, 0.5], [1, 0.85], [2, 0.92]),
        finalTestAcc: 0.92,
      }),
    ];
    const { targetAcc, summary } = summarize(spam);
    // Set by rs2, the lowest final of the runs that learned; el2n's 62.5% and the diverged run set nothing.
    expect(targetAcc).toBeCloseTo(0.92, 10);
    const byLabel = Object.fromEntries(summary.map((row) => [row.label, row]));
    expect(byLabel['el2n 10%'].didNotLearn).toEqual({
      runs: 1,
      reason: "it ended at 62.5%, at or below chance (68.7%, the largest class's share)",
    });
    expect(byLabel['el2n 10%'].timeToTargetMs).toBeNull();
    expect(byLabel['random 10%'].timeToTargetMs).toBeNull();
    expect(byLabel['random 10%'].didNotLearn).toBeUndefined();
    expect(byLabel['rs2 10%'].speedupVsFull).not.toBeNull();
  });

  test('a crossing is interpolated linearly in accuracy: time, steps and samples', () => {
    const points = [
      { timeMs: 0, step: 0, samples: 0, testAcc: 0.1 },
      { timeMs: 1000, step: 10, samples: 640, testAcc: 0.5 },
      { timeMs: 2000, step: 20, samples: 1280, testAcc: 0.9 },
    ];
    expect(crossing(points, 0.7)).toEqual({ timeMs: 1500, steps: 15, samples: 960 });
    expect(crossing(points, 0.5)).toEqual({ timeMs: 1000, steps: 10, samples: 640 });
    expect(crossing(points, 0.05)).toEqual({ timeMs: 0, steps: 0, samples: 0 });
    expect(crossing(points, 0.95)).toBeNull();
  });

  test('steps to target and its speed-up, and the spread of time over seeds and repeats', () => {
    const line = (stepsAt1: number) => [
      { timeMs: 0, step: 0, samples: 0, testAcc: 0.1, testLoss: 1 },
      { timeMs: 1000, step: stepsAt1, samples: stepsAt1 * 64, testAcc: 0.9, testLoss: 1 },
    ];
    // Full reaches 50% half-way in 100 steps, random in 25; random's time is the same, but on seed 1 and on repeats its clock ran otherwise.
    const timed = [
      run({
        method: 'full',
        label: 'full',
        seed: 0,
        points: line(100),
        finalTestAcc: 0.9,
        repeats: [{ pointTimesMs: [0, 1000], overheadMs: 0, trainMs: 1000, evalMs: 0 }],
      }),
      run({
        method: 'full',
        label: 'full',
        seed: 1,
        points: line(100),
        finalTestAcc: 0.9,
        repeats: [{ pointTimesMs: [0, 1000], overheadMs: 0, trainMs: 1000, evalMs: 0 }],
      }),
      run({
        method: 'random',
        label: 'random 10%',
        seed: 0,
        points: line(25),
        finalTestAcc: 0.9,
        repeats: [{ pointTimesMs: [0, 500], overheadMs: 0, trainMs: 500, evalMs: 0 }],
      }),
      run({
        method: 'random',
        label: 'random 10%',
        seed: 1,
        points: line(25),
        finalTestAcc: 0.9,
        repeats: [{ pointTimesMs: [0, 500], overheadMs: 0, trainMs: 500, evalMs: 0 }],
      }),
    ];
    const [full, random] = summarize(timed, 0.5).summary;
    expect(full).toMatchObject({
      stepsToTarget: 50,
      samplesToTarget: 3200,
      speedupVsFullSteps: 1,
      timeToTargetMs: 500,
      timeToTargetMsStd: 0,
      speedupVsFullStd: 0,
    });
    // Random: 500 ms on the first timings, 250 ms on the repeats; ratios 1, 1, 2, 2.
    expect(random).toMatchObject({
      stepsToTarget: 12.5,
      samplesToTarget: 800,
      speedupVsFullSteps: 4,
      timeToTargetMs: 375,
    });
    expect(random.timeToTargetMsStd).toBeCloseTo(Math.sqrt((2 * 125 ** 2 * 2) / 3), 10);
    expect(random.speedupVsFull).toBeCloseTo(500 / 375, 10);
    expect(random.speedupVsFullStd).toBeCloseTo(Math.sqrt((4 * 0.5 ** 2) / 3), 10);
  });

  test('the line under the table names the speed-ups within their noise of 1.00x', () => {
    const row = (label: string, speedupVsFull: number | null, speedupVsFullStd: number | null) => ({
      label,
      method: label,
      speedupVsFull,
      speedupVsFullStd,
    });
    expect(noiseLine([row('full', 1, 0), row('random', 1.2, 0.3), row('rs2', 2, 0.2), row('el2n', null, null)])).toBe(
      'Within the noise of 1.00x (mean ± spread over seeds and repeats overlaps it): random.',
    );
    expect(noiseLine([row('full', 1, 0), row('rs2', 2, 0.2)])).toMatch(/^Every speed-up is beyond its noise/);
    expect(noiseLine([row('full', 1, 0), row('rs2', 2, 0)])).toMatch(
      /^One seed timed once: the speed-ups carry no spread/,
    );
    expect(noiseLine([row('full', 1, 0)])).toBeNull();
  });

  test('a target set in the config wins, even where some run never reaches it; that row says how far it got', () => {
    const { targetAcc, targetRule, summary } = summarize(runs, 0.9);
    expect(targetAcc).toBe(0.9);
    expect(targetRule).toBe('set');
    const [full, random, rs2] = summary;
    expect(full.timeToTargetMs).toBeCloseTo(along(2000, 0.88, 4000, 0.95, 0.9), 6);
    expect(random).toMatchObject({ timeToTargetMs: null, speedupVsFull: null, stepsToTarget: null });
    expect(notReachedText(random)).toBe('not reached (best 87.8%)');
    expect(rs2.timeToTargetMs).toBeCloseTo(500, 6);
    expect(targetRuleText(targetAcc, targetRule)).toBe('target 90.0%: as set in the settings');
  });

  test('without full data there is no speed-up, but every row still has a time', () => {
    const { summary } = summarize(runs.filter((r) => r.method !== 'full'));
    expect(
      summary.every(
        (row) => row.timeToTargetMs !== null && row.speedupVsFull === null && row.speedupVsFullSteps === null,
      ),
    ).toBe(true);
  });

  test('a target dragged on the chart re-times every row from the curves, the rest unchanged', () => {
    const { summary } = summarize(runs);
    const moved = retarget(summary, runs, 0.8);
    expect(moved[0].timeToTargetMs).toBeCloseTo(1000, 6);
    expect(moved[1].timeToTargetMs).toBeCloseTo((along(200, 0.7, 500, 0.8855, 0.8) + 300) / 2, 6);
    expect(moved.map((row) => row.finalTestAccMean)).toEqual(summary.map((row) => row.finalTestAccMean));
    // The same rule as the summary's: retargeting to the summary's own target changes nothing.
    expect(retarget(summary, runs, summarize(runs).targetAcc)).toEqual(summary);
    expect(retarget(summary, runs, 0.96).every((row) => row.timeToTargetMs === null)).toBe(true);
    expect(targetRuleText(0.8, 'chart')).toBe('target 80.0%: set on the chart');
  });
});
