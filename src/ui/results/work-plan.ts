/** The work a comparison plans when it starts, for the time-left estimate (time-left.ts). */
import type { LabConfig } from '../../core/settings/config';

/**
 * The work a comparison will do, known when it starts: every run and repeat,
 * by its method, with the training steps it is expected to take and the
 * iterations it distills for (see workPlan). Other overhead (selection,
 * pre-training, expert trajectories) is not known ahead: it is measured as
 * the runs go.
 */
export interface WorkPlan {
  runs: { method: string; steps: number; iterations: number }[];
}

/**
 * The plan of `config`'s comparison on a training set of `trainCount`
 * examples, `budgetExamples` of which a budgeted method trains on: full data
 * trains on all of them, every other method on the budget's (a subset, a
 * distilled set), for the config's epochs (full data for its own, where
 * it names them); a method with `iterations`
 * distills for that many first; each run as many times as seeds and repeats
 * ask.
 */
export function workPlan(
  config: Pick<LabConfig, 'methods' | 'seeds' | 'repeats' | 'train'>,
  trainCount: number,
  budgetExamples: number,
): WorkPlan {
  const steps = (examples: number, epochs: number) =>
    epochs * Math.ceil(Math.max(1, examples) / Math.max(1, config.train.batchSize));
  const times = config.seeds.length * (config.repeats ?? 1);
  return {
    runs: config.methods.flatMap((m) => {
      const { iterations, epochs } = m as { iterations?: unknown; epochs?: unknown };
      // Full data may take its own epochs (a short reference beside subsets trained long).
      const full = m.name === 'full';
      const run = {
        method: m.name,
        steps: full
          ? steps(trainCount, typeof epochs === 'number' ? epochs : config.train.epochs)
          : steps(budgetExamples, config.train.epochs),
        iterations: typeof iterations === 'number' && iterations > 0 ? iterations : 0,
      };
      return Array.from({ length: times }, () => run);
    }),
  };
}
