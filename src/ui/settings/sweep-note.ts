/**
 * What a sweep in the budget box will cost, said before Run: its runs,
 * training steps and distillation iterations, and where results on show
 * were made by the same dataset, model, batch and backend, its time at the
 * pace they measured. Without such results the time is measured as the
 * sweep goes (the status line's time left).
 */
import type { LabConfig } from '../../core/settings/config';
import { budgetExamples } from '../../core/settings/budget';
import type { BudgetSpec } from '../../core/settings/budget-schema';
import { isSweep } from '../../core/settings/sweep';
import type { KeptResult } from '../history/history-data';
import { formatDuration, plural } from '../common/format';
import { paceOf, planTotals, plannedMs, workPlan } from '../results/work-plan';

type SweepConfig = Pick<
  LabConfig,
  'dataset' | 'model' | 'methods' | 'seeds' | 'repeats' | 'train' | 'budget' | 'budgets' | 'backend'
>;

/** Settings as text with their keys in order, so that the same settings written in another order compare equal. */
const settingsText = (settings: Record<string, unknown>) => JSON.stringify(Object.entries(settings).sort());

/** Whether results were made at the pace `config` would run at: same data, model, batch and (where it names one) backend. */
function samePace(config: SweepConfig, made: KeptResult): boolean {
  return (
    made.config.dataset === config.dataset &&
    settingsText(made.config.model) === settingsText(config.model) &&
    made.config.train.batchSize === config.train.batchSize &&
    (config.backend === undefined || made.backend === config.backend)
  );
}

/** The note for a sweep (undefined for one budget), with the training set's class sizes and the results on show, if any. */
export function sweepNote(
  config: SweepConfig,
  classSizes: readonly number[],
  shown: KeptResult | null,
): string | undefined {
  if (!isSweep(config)) return undefined;
  const trainCount = classSizes.reduce((a, b) => a + b, 0);
  const plan = workPlan(config, trainCount, (budget: BudgetSpec) => budgetExamples(budget, classSizes));
  const totals = planTotals(plan);
  const work = `A sweep of ${config.budgets!.length} budgets: ${plural(totals.runs, 'run')}, ${totals.steps.toLocaleString('en-US')} training steps${totals.iterations > 0 ? ` and ${totals.iterations.toLocaleString('en-US')} distillation iterations` : ''} in all.`;
  const pace = shown && samePace(config, shown) ? paceOf(shown.runs) : null;
  const ms = pace && plannedMs(plan, pace);
  if (ms === null || ms === undefined)
    return `${work} Its time is estimated once its first runs have measured the pace (the time left, by Run).`;
  return `${work} About ${formatDuration(ms)} at the pace of the results on show (larger budgets distil at a slower pace).`;
}
