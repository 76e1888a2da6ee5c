/**
 * An experiment's results as CSV (through papaparse), for spreadsheets and
 * scripts: the summary table, one row per method row, and the curves in long
 * form, one row per evaluated point of every run. Cells a spreadsheet would
 * read as a formula are escaped.
 */
import Papa from 'papaparse';
import type { ExperimentResult } from './types';

const csv = (rows: unknown[][]) => `${Papa.unparse(rows, { escapeFormulae: true, newline: '\n' })}\n`;
const seconds = (ms: number | null) => (ms === null ? '' : ms / 1000);

/** The summary table: what the results table shows, in seconds and fractions. */
export function summaryCsv(result: Pick<ExperimentResult, 'summary' | 'targetAcc'>): string {
  return csv([
    ['row', 'method', 'runs', 'final_acc_mean', 'final_acc_std', 'target_acc', 'time_to_target_s', 'speedup_vs_full', 'overhead_s', 'train_s', 'steps'],
    ...result.summary.map((row) => [
      row.label,
      row.method,
      row.runs,
      row.finalTestAccMean,
      row.finalTestAccStd,
      result.targetAcc,
      seconds(row.timeToTargetMs),
      row.speedupVsFull ?? '',
      row.overheadMsMean / 1000,
      row.trainMsMean / 1000,
      row.steps,
    ]),
  ]);
}

/** Every evaluated point of every run: the curves, seed by seed. */
export function curvesCsv(result: Pick<ExperimentResult, 'runs'>): string {
  return csv([
    ['row', 'method', 'seed', 'step', 'samples', 'time_s', 'test_acc', 'test_loss'],
    ...result.runs.flatMap((run) => run.points.map((p) => [run.label, run.method, run.seed, p.step, p.samples, p.timeMs / 1000, p.testAcc, p.testLoss])),
  ]);
}
