/**
 * What the result exports save, apart from the download itself: file names
 * from the dataset and the experiment's start (local time, so they sort and
 * read as the user's clock), and the result as a JSON file.
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

/** "lab-moons-2025-05-12-1403-summary.csv". */
export function exportFileName(shown: Pick<ShownResults, 'result' | 'startedAt'>, part: ExportPart): string {
  return `lab-${fileSlug(shown.result.config.dataset)}-${fileStamp(shown.startedAt)}-${part}`;
}

/** The result as saved: the whole ExperimentResult, or for an experiment cut short its finished runs and how it ended. */
export function resultsFile(shown: ShownResults): unknown {
  return shown.status === 'done' ? shown.result : { status: shown.status, ...shown.result };
}
