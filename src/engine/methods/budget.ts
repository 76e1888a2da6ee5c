/** The data budget of a comparison, resolved against a dataset. */
import { indicesByClass, type Dataset } from '../../core/data/dataset';
import { budgetExamples, budgetLabel, ipcBeyondData, ipcPerClass } from '../../core/settings/budget';

export interface Budget {
  /** Examples a budgeted method trains on per round. */
  examples: number;
  /** Examples per class for a static class-balanced subset (sums to `examples`). */
  perClass: number[];
  /** e.g. "10%" or "10/class". */
  label: string;
}

/** Largest-remainder apportionment of `total` over classes in proportion to their sizes. */
export function proportional(total: number, sizes: number[]): number[] {
  const all = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (total * s) / all);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, c) => ({ c, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.c - b.c);
  for (let k = 0, left = total - counts.reduce((a, b) => a + b, 0); k < left; k++) counts[order[k].c]++;
  return counts;
}

/** `path` names the budget in a refusal: "budget", or "budgets[2]" in a sweep. */
export function resolveBudget(budget: { fraction?: number; ipc?: number }, dataset: Dataset, path = 'budget'): Budget {
  const sizes = indicesByClass(dataset.train.y, dataset.classes.length).map((g) => g.length);
  if (budget.ipc !== undefined) {
    const largest = ipcBeyondData(budget.ipc, sizes);
    if (largest !== undefined) {
      throw new Error(
        `${path}: ${budget.ipc} examples per class is more than any class of "${dataset.id}" holds (the largest has ${largest} training examples)`,
      );
    }
    const perClass = ipcPerClass(budget.ipc, sizes);
    return { examples: perClass.reduce((a, b) => a + b, 0), perClass, label: budgetLabel(budget) };
  }
  const examples = budgetExamples(budget, sizes);
  return { examples, perClass: proportional(examples, sizes), label: budgetLabel(budget) };
}

export function stepsPerRound(examples: number, batchSize: number): number {
  return Math.ceil(examples / batchSize);
}
