/**
 * The wall time of an experiment, split so that nothing is hidden: training
 * (the runs' clocks: each method's overhead and training), evaluation (the
 * curve points, off the runs' clocks) and set-up (loading the data, starting
 * the backend, warming kernels up, and the rest). The parts add up to the
 * total exactly; "other" is whatever the measured parts leave (model
 * creation, events; negative only where a run's clock was charged for cached
 * work at its recorded cost, which took no wall time this time).
 */
import type { EvaluationInfo, WallTime } from './types';
import { MIN_CURVE_POINTS } from './schedule';

export interface SetupTimes {
  dataMs: number;
  backendMs: number;
  warmUpMs: number;
}

type Timing = { overheadMs: number; trainMs: number; evalMs: number };
type WallRun = Timing & { repeats?: Timing[] };

/** The split from the experiment's total and its runs' times (as RunResult holds them). */
export function wallTime(totalMs: number, runs: WallRun[], setup: SetupTimes): WallTime {
  // A run timed again (`repeats`) spent its timings' clocks and evaluations too.
  const timings = runs.flatMap((r) => [r, ...(r.repeats ?? [])]);
  const trainingMs = timings.reduce((sum, r) => sum + r.overheadMs + r.trainMs, 0);
  const evaluationMs = timings.reduce((sum, r) => sum + r.evalMs, 0);
  const setupMs = totalMs - trainingMs - evaluationMs;
  const otherMs = setupMs - setup.dataMs - setup.backendMs - setup.warmUpMs;
  return { totalMs, trainingMs, evaluationMs, setupMs, setup: { ...setup, otherMs } };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** "wall 12.3 s: training 9.1 s (the runs' clocks), evaluation 1.2 s, set-up 2.0 s (data 1.1 s, backend 0.5 s, warm-up 0.3 s, other 0.1 s)" */
export function wallTimeText(wall: WallTime): string {
  const { dataMs, backendMs, warmUpMs, otherMs } = wall.setup;
  const parts = [
    `data ${seconds(dataMs)}`,
    `backend ${seconds(backendMs)}`,
    `warm-up ${seconds(warmUpMs)}`,
    `other ${seconds(otherMs)}`,
  ];
  return (
    `wall ${seconds(wall.totalMs)}: training ${seconds(wall.trainingMs)} (the runs' clocks), ` +
    `evaluation ${seconds(wall.evaluationMs)}, set-up ${seconds(wall.setupMs)} (${parts.join(', ')})`
  );
}

/** "curve points on 1,000 test examples (stratified); final accuracy on all 2,000; short runs get fewer points…" */
export function evaluationText(evaluation: EvaluationInfo): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const fewer = `; short runs get fewer points (at least ${MIN_CURVE_POINTS}), so that evaluating costs less than training`;
  if (evaluation.sample >= evaluation.of) return `every curve point on all ${n(evaluation.of)} test examples${fewer}`;
  return `curve points on ${n(evaluation.sample)} test examples (stratified); final accuracy on all ${n(evaluation.of)}${fewer}`;
}
