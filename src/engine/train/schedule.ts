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
