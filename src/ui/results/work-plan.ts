/** The work a comparison plans when it starts, for the time-left estimate (time-left.ts). */
import type { BudgetSpec } from '../../core/settings/budget-schema';
import type { RunResult } from '../../core/results/types';
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
    const { epochs } = spec as { epochs?: unknown };
    return {
      method: spec.name,
      // Full data may take its own epochs (a short reference beside subsets trained long).
      steps: trainsOnAllData(spec.name)
        ? steps(trainCount, typeof epochs === 'number' ? epochs : config.train.epochs)
        : steps(budgetExamples(budget), config.train.epochs),
      iterations: iterationsOf(spec),
    };
  });
  return { runs: Array.from({ length: config.repeats ?? 1 }, () => planned).flat() };
}

/** The work of a plan in all: its runs, training steps and distillation iterations. */
export function planTotals(plan: WorkPlan): { runs: number; steps: number; iterations: number } {
  return {
    runs: plan.runs.length,
    steps: plan.runs.reduce((sum, run) => sum + run.steps, 0),
    iterations: plan.runs.reduce((sum, run) => sum + run.iterations, 0),
  };
}

/**
 * The pace a finished comparison measured on its runs' clocks: ms per
 * training step over all its runs, and by method, ms per distillation
 * iteration and the rest of its overhead (selection, experts, ...) per run.
 */
export interface Pace {
  msPerStep: number;
  byMethod: Record<string, { msPerIteration: number; otherOverheadMs: number }>;
}

export function paceOf(runs: readonly RunResult[]): Pace | null {
  const steps = runs.reduce((sum, run) => sum + run.steps, 0);
  if (steps === 0) return null;
  const byMethod: Pace['byMethod'] = {};
  for (const method of new Set(runs.map((run) => run.method))) {
    const own = runs.filter((run) => run.method === method);
    const iterations = own.reduce((sum, run) => sum + iterationsOf(run.settings), 0);
    const distillMs = own.reduce((sum, run) => sum + (run.overhead.distill ?? 0), 0);
    const otherMs = own.reduce((sum, run) => sum + run.overheadMs - (run.overhead.distill ?? 0), 0);
    byMethod[method] = {
      msPerIteration: iterations > 0 ? distillMs / iterations : 0,
      otherOverheadMs: otherMs / own.length,
    };
  }
  return { msPerStep: runs.reduce((sum, run) => sum + run.trainMs, 0) / steps, byMethod };
}

/** The plan's time at a measured pace; null where it plans a method the pace has not measured. */
export function plannedMs(plan: WorkPlan, pace: Pace): number | null {
  let total = 0;
  for (const run of plan.runs) {
    const method = pace.byMethod[run.method];
    if (!method) return null;
    total += run.steps * pace.msPerStep + run.iterations * method.msPerIteration + method.otherOverheadMs;
  }
  return total;
}

function iterationsOf(settings: Record<string, unknown>): number {
  const { iterations } = settings;
  return typeof iterations === 'number' && iterations > 0 ? iterations : 0;
}
