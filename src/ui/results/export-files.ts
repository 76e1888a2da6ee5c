/**
 * What the result exports save, apart from the download itself: file names
 * from the dataset's name and the experiment's start (local time, so they
 * sort and read as the user's clock), the charts' title line, and the result
 * as a JSON file.
 */
import type { ShownResults } from '../history/history-data';
import type { BudgetSpec } from '../../core/settings/budget-schema';
import { budgetsOf } from '../../core/settings/sweep';
import { listOf } from '../../core/upload/limits';

/** Text safe in a file name: lower case, runs of anything else one dash. */
export function fileSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** "2025-05-12-1403": the local date and minute. */
export function fileStamp(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}`;
}

export type ExportPart = 'results.json' | 'summary.csv' | 'curves.csv' | 'chart.png' | 'chart.svg';

/**
 * The id of a dataset the page added: an upload's or a dataset file's,
 * "upload-" or "file-" and a hash (engine/data/upload/build-upload.ts,
 * engine/data/file-dataset.ts), which means nothing to a reader.
 */
const ADDED_DATASET_ID = /^(upload|file)-[0-9a-f]+$/;

/**
 * "lab-moons-2025-05-12-1403-summary.csv": a bundled dataset by its id (as
 * configs name it), one the page added by its display name from the catalog
 * ("lab-my-digits-csv-…", not "lab-upload-d6d876bd7dad7d06-…") where it has one.
 */
export function exportFileName(
  shown: Pick<ShownResults, 'result' | 'startedAt'>,
  part: ExportPart,
  datasetName?: string,
): string {
  const id = shown.result.config.dataset;
  const name = (ADDED_DATASET_ID.test(id) && datasetName && fileSlug(datasetName)) || fileSlug(id);
  return `lab-${name}-${fileStamp(shown.startedAt)}-${part}`;
}

/** "10% of the training set" or "20 examples per class". */
export function budgetText(budget: { fraction?: number; ipc?: number }): string {
  if (budget.ipc !== undefined) return `${budget.ipc} ${budget.ipc === 1 ? 'example' : 'examples'} per class`;
  if (budget.fraction !== undefined) return `${Number((budget.fraction * 100).toPrecision(6))}% of the training set`;
  return 'no budget';
}

/** A config's budgets in words: "budget 10% of the training set", or a sweep's "budgets 1, 10 and 50 examples per class". */
export function budgetsText(budgets: readonly BudgetSpec[]): string {
  if (budgets.length < 2) return `budget ${budgets[0] ? budgetText(budgets[0]) : 'none'}`;
  const byIpc = budgets[0].ipc !== undefined;
  const values = budgets.map((b) => (byIpc ? String(b.ipc) : `${Number(((b.fraction ?? 0) * 100).toPrecision(6))}%`));
  return `budgets ${listOf(values, 'and')} ${byIpc ? 'examples per class' : 'of the training set'}`;
}

/**
 * The chart exports' title line: "Two moons · model mlp · budget 10% of the
 * training set", the dataset by its display name where the catalog has it.
 */
export function chartTitle(
  config: Pick<ShownResults['result']['config'], 'dataset' | 'model' | 'budget' | 'budgets'>,
  datasetName?: string,
): string {
  return `${datasetName || config.dataset} · model ${config.model.name} · ${budgetsText(budgetsOf(config))}`;
}

/** The result as saved: the whole ExperimentResult, or for an experiment cut short its finished runs and how it ended. */
export function resultsFile(shown: ShownResults): unknown {
  return shown.status === 'done' ? shown.result : { status: shown.status, ...shown.result };
}
