/**
 * What the result exports save, apart from the download itself: file names
 * from the dataset's name and the experiment's start (local time, so they
 * sort and read as the user's clock), the charts' title line, and the result
 * as a JSON file.
 */
import type { ShownResults } from '../history/history-data';

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
 * "lab-moons-2025-05-12-1403-summary.csv": named by the dataset's display
 * name where the catalog has it (an upload's, not its hash id), else its id.
 */
export function exportFileName(
  shown: Pick<ShownResults, 'result' | 'startedAt'>,
  part: ExportPart,
  datasetName?: string,
): string {
  const name = (datasetName && fileSlug(datasetName)) || fileSlug(shown.result.config.dataset);
  return `lab-${name}-${fileStamp(shown.startedAt)}-${part}`;
}

/** "10% of the training set" or "20 examples per class". */
export function budgetText(budget: { fraction?: number; ipc?: number }): string {
  if (budget.ipc !== undefined) return `${budget.ipc} ${budget.ipc === 1 ? 'example' : 'examples'} per class`;
  if (budget.fraction !== undefined) return `${Number((budget.fraction * 100).toPrecision(6))}% of the training set`;
  return 'no budget';
}

/**
 * The chart exports' title line: "Two moons · model mlp · budget 10% of the
 * training set", the dataset by its display name where the catalog has it.
 */
export function chartTitle(
  config: Pick<ShownResults['result']['config'], 'dataset' | 'model' | 'budget'>,
  datasetName?: string,
): string {
  return `${datasetName || config.dataset} · model ${config.model.name} · budget ${budgetText(config.budget)}`;
}

/** The result as saved: the whole ExperimentResult, or for an experiment cut short its finished runs and how it ended. */
export function resultsFile(shown: ShownResults): unknown {
  return shown.status === 'done' ? shown.result : { status: shown.status, ...shown.result };
}
