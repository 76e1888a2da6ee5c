/**
 * A budget sweep's view of the table: each method row's accuracy and time
 * to target at every budget, one line per method (the papers' accuracy
 * against images per class or the share kept), with the rows that take no
 * budget (full data) as references across the whole axis, and the matched
 * random controls of fair evaluation as lines of their own. The page's
 * figure and the CLI's sweep table both read it.
 */
import { budgetLabel } from '../settings/budget';
import { budgetKind, budgetValue, type BudgetSpec } from '../settings/budget-schema';
import type { SummaryRow } from './types';

export interface SweepPoint {
  /** The budget on its axis: the share kept (0..1) or examples per class. */
  budget: number;
  accMean: number;
  accStd: number;
  /** Null where the row did not reach the target (or diverged, or did not learn). */
  timeToTargetMs: number | null;
  timeToTargetMsStd: number | null;
}

export interface SweepLine {
  /** The row's label without its budget: "random", "rs2 (with replacement)", "dm · matched random". */
  name: string;
  method: string;
  /** The label of its row at its smallest budget: what the page's colours are keyed by. */
  colourKey: string;
  /** A matched-random control of a distillation line (fair evaluation); it has no time to target. */
  control: boolean;
  points: SweepPoint[];
}

export interface SweepView {
  kind: 'fraction' | 'ipc';
  /** Every budget of the sweep, smallest first. */
  budgets: number[];
  lines: SweepLine[];
  /** Rows that take no budget (full data), the same at every budget. */
  references: { name: string; accMean: number; accStd: number; timeToTargetMs: number | null }[];
}

/** A row's label less its budget: "rs2 10% (with replacement)" -> "rs2 (with replacement)". */
export function lineName(label: string, budget: BudgetSpec): string {
  return label
    .replace(budgetLabel(budget), '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The sweep in the rows, or null where they hold fewer than two budgets (no sweep to draw). */
export function sweepView(rows: readonly SummaryRow[]): SweepView | null {
  const budgeted = rows
    .filter((row): row is SummaryRow & { budget: BudgetSpec } => row.budget !== undefined)
    .sort((a, b) => budgetValue(a.budget) - budgetValue(b.budget));
  const budgets = [...new Set(budgeted.map((row) => budgetValue(row.budget)))].sort((a, b) => a - b);
  if (budgets.length < 2) return null;
  const lines = new Map<string, SweepLine>();
  const lineOf = (name: string, row: SummaryRow, control: boolean) => {
    const line = lines.get(name) ?? { name, method: row.method, colourKey: row.label, control, points: [] };
    lines.set(name, line);
    return line;
  };
  for (const row of budgeted) {
    const name = lineName(row.label, row.budget);
    const budget = budgetValue(row.budget);
    lineOf(name, row, false).points.push({
      budget,
      accMean: row.finalTestAccMean,
      accStd: row.finalTestAccStd,
      timeToTargetMs: row.timeToTargetMs,
      timeToTargetMsStd: row.timeToTargetMsStd,
    });
    if (row.fair) {
      lineOf(`${name} · matched random`, row, true).points.push({
        budget,
        accMean: row.fair.randomAccMean,
        accStd: row.fair.randomAccStd,
        timeToTargetMs: null,
        timeToTargetMsStd: null,
      });
    }
  }
  return {
    kind: budgetKind(budgeted[0].budget),
    budgets,
    lines: [...lines.values()],
    references: rows
      .filter((row) => row.budget === undefined)
      .map((row) => ({
        name: row.label,
        accMean: row.finalTestAccMean,
        accStd: row.finalTestAccStd,
        timeToTargetMs: row.timeToTargetMs,
      })),
  };
}

/** A budget as an axis tick or a column names it: "1/class", "10%". */
export function budgetTick(kind: SweepView['kind'], budget: number): string {
  return budgetLabel(kind === 'ipc' ? { ipc: budget } : { fraction: budget });
}

const percent = (acc: number) => `${(acc * 100).toFixed(1)}`;

/**
 * The sweep as a table of text: a line per method, a column per budget,
 * each cell "accuracy ± spread (time to target)", in percent and seconds;
 * "-" where a line has no row at that budget.
 */
export function sweepTable(view: SweepView): string[][] {
  const cell = (point: SweepPoint | undefined, control: boolean) => {
    if (!point) return '-';
    const acc = `${percent(point.accMean)} ± ${percent(point.accStd)}`;
    if (control) return acc;
    return `${acc} (${point.timeToTargetMs === null ? 'not reached' : `${(point.timeToTargetMs / 1000).toFixed(2)} s`})`;
  };
  return [
    ['method', ...view.budgets.map((budget) => budgetTick(view.kind, budget))],
    ...view.lines.map((line) => [
      line.name,
      ...view.budgets.map((budget) =>
        cell(
          line.points.find((p) => p.budget === budget),
          line.control,
        ),
      ),
    ]),
    ...view.references.map((ref) => [
      `${ref.name} (no budget)`,
      ...view.budgets.map(() => `${percent(ref.accMean)} ± ${percent(ref.accStd)}`),
    ]),
  ];
}
