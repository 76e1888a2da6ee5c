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
    [
      'row',
      'method',
      'runs',
      'final_acc_mean',
      'final_acc_std',
      'best_acc_mean',
      'did_not_learn',
      'target_acc',
      'time_to_target_s',
      'time_to_target_s_std',
      'steps_to_target',
      'samples_to_target',
      'speedup_vs_full',
      'speedup_vs_full_std',
      'speedup_vs_full_steps',
      'overhead_s',
      'train_s',
      'steps',
    ],
    ...result.summary.map((row) => [
      row.label,
      row.method,
      row.runs,
      row.finalTestAccMean,
      row.finalTestAccStd,
      row.bestTestAccMean,
      row.didNotLearn?.reason ?? '',
      result.targetAcc,
      seconds(row.timeToTargetMs),
      seconds(row.timeToTargetMsStd),
      row.stepsToTarget ?? '',
      row.samplesToTarget ?? '',
      row.speedupVsFull ?? '',
      row.speedupVsFullStd ?? '',
      row.speedupVsFullSteps ?? '',
      row.overheadMsMean / 1000,
      row.trainMsMean / 1000,
      row.steps,
    ]),
  ]);
}

/** Every evaluated point of every run: the curves, seed by seed. */
export function curvesCsv(result: Pick<ExperimentResult, 'runs'>): string {
  return csv([
    ['row', 'method', 'seed', 'step', 'samples', 'time_s', 'test_acc', 'test_loss', 'train_loss'],
    ...result.runs.flatMap((run) =>
      run.points.map((p) => [
        run.label,
        run.method,
        run.seed,
        p.step,
        p.samples,
        p.timeMs / 1000,
        p.testAcc,
        p.testLoss,
        // Mean over the steps since the previous point; none at step 0.
        p.trainLoss ?? '',
      ]),
    ),
  ]);
}
