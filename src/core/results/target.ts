/**
 * Time to accuracy, read off the runs' curves: which runs learned, the
 * default target accuracy, and where a curve crosses a target.
 *
 * The default target is the lowest final accuracy among the runs that
 * learned, so every one of them reaches it (a run's last point is its final
 * accuracy), and no row appears to reach more than it ends with. A run that
 * diverged, or ended at or below chance (the test set's largest class
 * share, at least 1/classes) or an untrained network's accuracy (the runs'
 * step-0 points), did not learn: it is flagged and sets nothing, so the
 * target is always above the untrained accuracy and every crossing comes
 * after training began.
 */
import type { CurvePoint, RunResult } from './types';

/** What the target rules read of a run. */
export type CurveRun = Pick<RunResult, 'points' | 'finalTestAcc' | 'diverged' | 'chanceAcc'>;

/** Where a curve first reaches a target: time, optimizer steps and samples seen. */
export interface Crossing {
  timeMs: number;
  steps: number;
  samples: number;
}

type CrossedPoint = Pick<CurvePoint, 'timeMs' | 'step' | 'samples' | 'testAcc'>;

/**
 * Where the curve first reaches `target`, each coordinate interpolated
 * linearly in accuracy between the last point below the target and the
 * first at or above it (so a short run's crossing is not rounded up to its
 * next evaluation); null if it never does.
 */
export function crossing(points: readonly CrossedPoint[], target: number): Crossing | null {
  const at = points.findIndex((p) => p.testAcc >= target);
  if (at < 0) return null;
  const after = points[at];
  if (at === 0) return { timeMs: after.timeMs, steps: after.step, samples: after.samples };
  const before = points[at - 1];
  // before.testAcc < target <= after.testAcc, so the share lies in (0, 1].
  const share = (target - before.testAcc) / (after.testAcc - before.testAcc);
  const between = (a: number, b: number) => a + share * (b - a);
  return {
    timeMs: between(before.timeMs, after.timeMs),
    steps: between(before.step, after.step),
    samples: between(before.samples, after.samples),
  };
}

/** The highest untrained accuracy among the runs (their step-0 points); 0 where none has one. */
export function untrainedAccuracy(runs: readonly CurveRun[]): number {
  return Math.max(0, ...runs.flatMap((run) => run.points.filter((p) => p.step === 0).map((p) => p.testAcc)));
}

const percent = (acc: number) => `${(acc * 100).toFixed(1)}%`;

/**
 * Why a run did not learn, in words, or null where it did: it diverged, or
 * it ended at or below chance or `untrained` (see untrainedAccuracy).
 */
export function notLearned(run: CurveRun, untrained: number): string | null {
  if (run.diverged) return run.diverged.message;
  const chance = run.chanceAcc ?? 0;
  if (run.finalTestAcc <= chance + 1e-9)
    return `it ended at ${percent(run.finalTestAcc)}, at or below chance (${percent(chance)}, the largest class's share)`;
  if (run.finalTestAcc <= untrained + 1e-9)
    return `it ended at ${percent(run.finalTestAcc)}, no better than an untrained network (${percent(untrained)})`;
  return null;
}

/**
 * The default target: the lowest final accuracy among the runs that
 * learned, rounded down to a tenth of a point so that it prints as what was
 * reached (unless rounding would bring it down to the untrained accuracy).
 * 0 where no run learned.
 */
export function reachedByAll(runs: readonly CurveRun[]): number {
  const untrained = untrainedAccuracy(runs);
  const finals = runs
    .filter((run) => run.points.length > 0 && notLearned(run, untrained) === null)
    .map((run) => run.finalTestAcc);
  if (finals.length === 0) return 0;
  const lowest = Math.min(...finals);
  const rounded = Math.floor(lowest * 1000 + 1e-6) / 1000;
  return rounded <= lowest && rounded > untrained ? rounded : lowest;
}

/** The default target rule in one sentence, for the form's hint, the table, the CLI and the README. */
export const DEFAULT_TARGET_RULE =
  'the lowest final accuracy among the runs that learned, so that every one of them reaches it (a run that diverged or ended at or below chance or an untrained network is flagged and left out)';
