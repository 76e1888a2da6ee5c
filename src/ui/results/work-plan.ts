/** The work a comparison plans when it starts, for the time-left estimate (time-left.ts). */
import type { BudgetSpec } from '../../core/settings/budget-schema';
import type { LabConfig } from '../../core/settings/config';
import { plannedRuns, trainsOnAllData } from '../../core/settings/sweep';

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
 * examples, `budgetExamples(budget)` of which a budgeted method trains on at
 * each of its budgets (a sweep's several): full data trains on all of them
 * once, every other method on each budget's (a subset, a distilled set),
 * for the config's epochs (full data for its own, where it names them); a
 * method with `iterations` distills for that many first; each run as many
 * times as repeats ask.
 */
export function workPlan(
  config: Pick<LabConfig, 'methods' | 'seeds' | 'repeats' | 'train' | 'budget' | 'budgets'>,
  trainCount: number,
  budgetExamples: (budget: BudgetSpec) => number,
): WorkPlan {
  const steps = (examples: number, epochs: number) =>
    epochs * Math.ceil(Math.max(1, examples) / Math.max(1, config.train.batchSize));
  const planned = plannedRuns(config).map(({ spec, budget }) => {
    const { iterations, epochs } = spec as { iterations?: unknown; epochs?: unknown };
    return {
      method: spec.name,
      // Full data may take its own epochs (a short reference beside subsets trained long).
      steps: trainsOnAllData(spec.name)
        ? steps(trainCount, typeof epochs === 'number' ? epochs : config.train.epochs)
        : steps(budgetExamples(budget), config.train.epochs),
      iterations: typeof iterations === 'number' && iterations > 0 ? iterations : 0,
    };
  });
  return { runs: Array.from({ length: config.repeats ?? 1 }, () => planned).flat() };
}
