/**
 * The budget's rule for examples per class, said once for the engine (which
 * resolves the budget against the data) and the page (which checks the form
 * against the class sizes its preview reported): a class smaller than the
 * budget gives all it has, and a budget no class can fill is a mistake.
 */

/** How many examples each class gives to a budget of `ipc` per class. */
export function ipcPerClass(ipc: number, classSizes: readonly number[]): number[] {
  return classSizes.map((size) => Math.min(ipc, size));
}

/** The largest class's size when `ipc` per class is more than any class holds; undefined when some class can fill it. */
export function ipcBeyondData(ipc: number, classSizes: readonly number[]): number | undefined {
  if (classSizes.length === 0) return undefined;
  const largest = Math.max(...classSizes);
  return ipc > largest ? largest : undefined;
}

/** How many examples a budget gives: `ipc` per class (all of a smaller class), or the fraction of the whole, at least one per class. */
export function budgetExamples(budget: { fraction?: number; ipc?: number }, classSizes: readonly number[]): number {
  if (budget.ipc !== undefined) return ipcPerClass(budget.ipc, classSizes).reduce((a, b) => a + b, 0);
  const total = classSizes.reduce((a, b) => a + b, 0);
  return Math.max(classSizes.length, Math.round((budget.fraction ?? 1) * total));
}

/** The budget as a row's label names it: "10%" or "10/class". */
export function budgetLabel(budget: { fraction?: number; ipc?: number }): string {
  if (budget.ipc !== undefined) return `${budget.ipc}/class`;
  return `${Number(((budget.fraction ?? 1) * 100).toPrecision(3))}%`;
}
