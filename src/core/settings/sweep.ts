/**
 * The runs a comparison makes, in the order they are numbered: seed by
 * seed, budget by budget, the config's methods in order. Full data trains
 * on all the data whatever the budget, so a sweep runs it once per seed,
 * at the first budget. The engine runs this list, the page plans its time
 * by it, and every result names its run by its place in it.
 */
import type { BudgetSpec } from './budget-schema';
import type { LabConfig, MethodSpec } from './config';

/** A method that trains on all the data whatever the budget. */
export const trainsOnAllData = (method: string): boolean => method === 'full';

/** The budgets a config runs at: its sweep's, or its one budget. */
export function budgetsOf(config: Pick<LabConfig, 'budget' | 'budgets'>): BudgetSpec[] {
  return config.budgets ?? (config.budget ? [config.budget] : []);
}

/** True for a config that sweeps several budgets. */
export const isSweep = (config: Pick<LabConfig, 'budgets'>): boolean => (config.budgets?.length ?? 0) > 1;

export interface PlannedRun {
  /** Its place in the list (every result's `runIndex`). */
  runIndex: number;
  seed: number;
  seedIndex: number;
  spec: MethodSpec;
  budgetIndex: number;
  budget: BudgetSpec;
}

export function plannedRuns(config: Pick<LabConfig, 'seeds' | 'methods' | 'budget' | 'budgets'>): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const [seedIndex, seed] of config.seeds.entries()) {
    for (const [budgetIndex, budget] of budgetsOf(config).entries()) {
      for (const spec of config.methods) {
        if (budgetIndex > 0 && trainsOnAllData(spec.name)) continue;
        runs.push({ runIndex: runs.length, seed, seedIndex, spec, budgetIndex, budget });
      }
    }
  }
  return runs;
}
