/**
 * How the learning rate changes along a run: a cosine to 0 (the default,
 * as RS2 trains), constant (trajectory-matching experts), or divided by 10
 * at half the steps (as the distillation papers train on their sets).
 */
export const LR_SCHEDULES = ['cosine', 'constant', 'step'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

/** The rate at `step` (from 0) of `totalSteps` under `schedule`. */
export function learningRate(schedule: LrSchedule, baseLr: number, step: number, totalSteps: number): number {
  if (schedule === 'constant') return baseLr;
  if (schedule === 'step') return step < Math.floor(totalSteps / 2) ? baseLr : baseLr / 10;
  return cosineLr(baseLr, step, totalSteps);
}

/** Cosine decay per step, compressed to the run's own number of steps (as RS2 does). */
export function cosineLr(baseLr: number, step: number, totalSteps: number): number {
  if (totalSteps <= 1) return baseLr;
  return 0.5 * baseLr * (1 + Math.cos((Math.PI * step) / totalSteps));
}

/** The steps after which the test set is evaluated: 0, then `points` evenly spread, ending at the last. */
export function evaluationSteps(totalSteps: number, points: number): Set<number> {
  const steps = new Set<number>([0]);
  const count = Math.min(points, totalSteps);
  for (let k = 1; k <= count; k++) steps.add(Math.round((k * totalSteps) / count));
  return steps;
}

/**
 * Points a run always gets (when asked for at least as many), however short
 * it is: enough that the crossing of a target is interpolated between points
 * a tenth of the run apart, not a fifth.
 */
export const MIN_CURVE_POINTS = 10;

/**
 * How many evaluations a run makes after step 0: the `asked` number, fewer
 * on short runs so that the intermediate evaluations together read no more
 * than twice the examples training does (an evaluation is a forward pass
 * only, about a third of a training step's work per example, so they then
 * cost at most about two thirds of the training). Evaluating a 1,000
 * example sample 20 times along a 40-step run cost twice its training.
 */
export function curvePointCount(
  asked: number,
  totalSteps: number,
  examplesPerStep: number,
  examplesPerEvaluation: number,
): number {
  const affordable = Math.floor((2 * totalSteps * examplesPerStep) / Math.max(1, examplesPerEvaluation));
  return Math.min(asked, Math.max(MIN_CURVE_POINTS, affordable));
}
