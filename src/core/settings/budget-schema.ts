/**
 * The data budget in the config: one (`budget`), or several for a sweep
 * (`budgets`), each a share of the training set or examples per class.
 */
import * as v from 'valibot';
import { described, intField, numberField, settings, titled } from './fields';

/** A budget as the config writes it: exactly one of the two is set. */
export type BudgetSpec = { fraction?: number; ipc?: number };

export const BUDGET_SETTINGS = {
  fraction: v.optional(
    titled(numberField(0, 1, true), 'Budget (% of the training set)', 'The share of the training set.'),
  ),
  ipc: v.optional(
    titled(
      intField(1, 100000),
      'Budget (examples per class)',
      'Examples per class; smaller classes give all they have.',
    ),
  ),
};

export const BUDGET_SCHEMA = titled(
  v.pipe(
    settings(BUDGET_SETTINGS),
    v.check(
      (b) => (b.fraction === undefined) !== (b.ipc === undefined),
      'give exactly one of fraction (the share of the training set, 0 < fraction <= 1, e.g. 0.1 for 10%) or ipc (examples per class, a whole number >= 1)',
    ),
  ),
  'Budget',
  'The data each subset method may train on: static subsets keep it, RS2 redraws it every round. Several, separated by commas, make a sweep.',
);

/** The most budgets a sweep runs: each one runs every budgeted method on every seed. */
export const MAX_BUDGETS = 8;

/** What a budget counts: the share of the training set, or examples per class. */
export const budgetKind = (budget: BudgetSpec): 'fraction' | 'ipc' => (budget.ipc !== undefined ? 'ipc' : 'fraction');
/** The budget's number on its own axis: the share (0..1) or the examples per class. */
export const budgetValue = (budget: BudgetSpec): number => budget.ipc ?? budget.fraction ?? 1;

/**
 * A sweep's budgets: 2 to MAX_BUDGETS of one kind (all shares or all per
 * class, so that they lie on one axis), none twice, kept smallest first.
 */
export const BUDGETS_SCHEMA = described(
  v.pipe(
    v.array(BUDGET_SCHEMA, 'must be a list of budgets, e.g. [{"ipc":1},{"ipc":10},{"ipc":50}]'),
    v.minLength(2, 'must hold at least two budgets (one budget is "budget")'),
    v.maxLength(MAX_BUDGETS, `must hold at most ${MAX_BUDGETS} budgets`),
    v.check(
      (list) => new Set(list.map(budgetKind)).size === 1,
      'must be all shares of the training set (fraction) or all examples per class (ipc), so that they lie on one axis',
    ),
    v.check((list) => new Set(list.map(budgetValue)).size === list.length, 'must not repeat a budget'),
    v.transform((list) => [...list].sort((a, b) => budgetValue(a) - budgetValue(b))),
  ),
  'A sweep, in place of budget: every method that takes a budget runs at each of these (2 to 8, all fractions or all ipc); full data runs once.',
);
