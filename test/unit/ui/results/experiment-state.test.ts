/** The page's view of a running experiment, folded from the worker's events. */
import { describe, expect, test } from 'vitest';
import type { ExperimentEvent, ExperimentResult, RunResult } from '../../../../src/core/results/types';
import { defaultConfig } from '../../../../src/engine/config';
import { applyToView, emptyView, viewFromResult } from '../../../../src/ui/results/experiment-state';
import { estimateRemainingMs, nextProgress, type RunProgress } from '../../../../src/ui/results/time-left';

const point = { timeMs: 5, step: 1, samples: 64, testAcc: 0.5, testLoss: 1 };

describe('experiment view', () => {
  test('collects points per run and the latest summary', () => {
    const view = emptyView();
    expect(
      applyToView(view, {
        type: 'run-start',
        runIndex: 0,
        position: 0,
        runCount: 2,
        method: 'full',
        label: 'full',
        seed: 0,
      }),
    ).toBe('curves');
    expect(applyToView(view, { type: 'point', runIndex: 0, label: 'full', seed: 0, point })).toBe('curves');
    expect(applyToView(view, { type: 'progress', runIndex: 0, step: 1, totalSteps: 10, timeMs: 5 })).toBeNull();
    expect(applyToView(view, { type: 'summary', targetAcc: 0.9, targetRule: 'set', summary: [] })).toBe('summary');
    expect(view.runs[0].points).toEqual([point]);
    expect(view.targetAcc).toBe(0.9);
  });

  test('collects what each run picked as runs end, and the same from the final result', () => {
    const selection = {
      indices: [4, 2],
      scores: [0.1, 0.2, 0.9, 0.3, 0.8],
      scoreName: 'EL2N',
      keepsHighest: true,
      rounds: 2,
    };
    const full = { method: 'full', label: 'full', seed: 0 } as RunResult;
    const el2n = { method: 'el2n', label: 'el2n 10%', seed: 0, selection } as RunResult;
    const data = { dataset: 'blobs', data: {} };
    const view = emptyView(data);
    expect(applyToView(view, { type: 'run-end', runIndex: 0, run: full })).toBeNull();
    expect(applyToView(view, { type: 'run-end', runIndex: 1, run: el2n })).toBe('picks');
    const expected = [{ runIndex: 1, method: 'el2n', label: 'el2n 10%', seed: 0, selection }];
    expect(view.picks).toEqual(expected);
    expect(view.data).toBe(data);

    const config = { ...defaultConfig(), dataset: 'blobs' };
    const final = viewFromResult({
      config,
      runs: [
        { ...full, points: [] },
        { ...el2n, points: [] },
      ],
      summary: [],
      targetAcc: 0.9,
    } as unknown as ExperimentResult);
    expect(final.picks).toEqual(expected);
    expect(final.data).toEqual({ dataset: 'blobs', data: config.data });
  });

  test("collects each finished run's classes, as runs end and from the final result; a diverged run has none", () => {
    const confusion = {
      classes: ['a', 'b'],
      counts: [
        [3, 1],
        [0, 4],
      ],
    };
    const full = { method: 'full', label: 'full', seed: 2, confusion } as RunResult;
    const diverged = { method: 'full', label: 'full', seed: 3 } as RunResult;
    const view = emptyView({ dataset: 'blobs', data: {} });
    expect(applyToView(view, { type: 'run-end', runIndex: 0, run: full })).toBe('classes');
    expect(applyToView(view, { type: 'run-end', runIndex: 1, run: diverged })).toBeNull();
    const expected = [{ runIndex: 0, label: 'full', seed: 2, confusion }];
    expect(view.classes).toEqual(expected);
    const config = { ...defaultConfig(), dataset: 'blobs' };
    const runs = [
      { ...full, points: [] },
      { ...diverged, points: [] },
    ];
    expect(
      viewFromResult({ config, runs, summary: [], targetAcc: 0.9 } as unknown as ExperimentResult).classes,
    ).toEqual(expected);
  });

  test('collects the set each distilling run made, as runs end and from the final result', () => {
    const synthetic = { classes: [0, 1], shape: [2], values: [0.5, 0.5, -1, 2], loss: [[0, 3]] as [number, number][] };
    const dm = { method: 'dm', label: 'dm 10%', seed: 1, synthetic } as unknown as RunResult;
    const view = emptyView({ dataset: 'blobs', data: {} });
    expect(applyToView(view, { type: 'run-end', runIndex: 2, run: dm })).toBe('picks');
    const expected = [{ runIndex: 2, method: 'dm', label: 'dm 10%', seed: 1, synthetic }];
    expect(view.picks).toEqual(expected);
    const config = { ...defaultConfig(), dataset: 'blobs' };
    const runs = [{ method: 'full' }, { method: 'full' }, { ...dm, points: [] }];
    expect(viewFromResult({ config, runs, summary: [], targetAcc: 0.9 } as unknown as ExperimentResult).picks).toEqual(
      expected,
    );
  });

  test('says which overhead part a method has begun, and forgets it once training starts', () => {
    let progress = nextProgress(
      null,
      { type: 'run-start', runIndex: 0, position: 0, runCount: 1, method: 'el2n', label: 'el2n 10%', seed: 0 },
      0,
    );
    progress = nextProgress(progress, { type: 'phase', runIndex: 0, phase: 'overhead', part: 'pretrain' }, 1);
    expect(progress).toMatchObject({ phase: 'overhead', part: 'pretrain' });
    progress = nextProgress(progress, { type: 'phase', runIndex: 0, phase: 'overhead', part: 'score' }, 2);
    expect(progress?.part).toBe('score');
    progress = nextProgress(progress, { type: 'phase', runIndex: 0, phase: 'train', totalSteps: 10 }, 3);
    expect(progress).toMatchObject({ phase: 'train', totalSteps: 10 });
    expect(progress?.part).toBeUndefined();
  });

  test('tracks the current run and estimates the time left from its pace', () => {
    const events: [ExperimentEvent, number][] = [
      [{ type: 'run-start', runIndex: 0, position: 0, runCount: 3, method: 'full', label: 'full', seed: 0 }, 0],
      [{ type: 'phase', runIndex: 0, phase: 'train', totalSteps: 100 }, 0],
      [{ type: 'progress', runIndex: 0, step: 50, totalSteps: 100, timeMs: 1000 }, 1000],
    ];
    let progress: RunProgress | null = null;
    for (const [event, now] of events) progress = nextProgress(progress, event, now);
    expect(progress).toMatchObject({ runIndex: 0, phase: 'train', step: 50, totalSteps: 100 });
    // 1 s left in this run; two more runs projected at this run's 2 s.
    expect(estimateRemainingMs(progress!, 1000)).toBeCloseTo(5000);

    progress = nextProgress(progress, { type: 'run-end', runIndex: 0, run: {} as never }, 3000);
    expect(progress!.finishedRunsMs).toEqual([3000]);
    progress = nextProgress(
      progress,
      { type: 'run-start', runIndex: 1, position: 1, runCount: 3, method: 'rs2', label: 'rs2', seed: 0 },
      3000,
    );
    expect(progress!.finishedRunsMs).toEqual([3000]);
    // Between runs the last estimate counts down (5 s at 1 s, so 3 s at 3 s) rather than vanishing.
    expect(estimateRemainingMs(progress!, 3000)).toBeCloseTo(3000);
  });
});
