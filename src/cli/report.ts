/** What the CLI says of a run: its progress on stderr as it goes, and the summary table at the end. */
import { crossArchLabels, crossArchText } from '../core/results/cross-arch';
import { fairGainText, hardLabelShareText, hasFair } from '../core/results/fair-text';
import { divergedText, noiseLine, notReachedText, overheadBreakdown, targetRuleText } from '../core/results/summary';
import type { ExperimentEvent, ExperimentResult, SummaryRow } from '../core/results/types';
import { evaluationText, wallTimeText } from '../core/results/wall';
import { sweepTable, sweepView } from '../core/results/sweep';
import { table } from './tables';

/** The run's events as lines on stderr; step progress at most every 2 s. */
export function progressPrinter(): (event: ExperimentEvent) => void {
  let lastProgress = 0;
  return (event) => {
    const log = (line: string) => process.stderr.write(`${line}\n`);
    switch (event.type) {
      case 'dataset':
        return log(`dataset ${event.id}: ${event.trainCount} train / ${event.testCount} test`);
      case 'backend':
        for (const { backend, reason } of event.skipped) log(`  (not ${backend}: ${reason})`);
        for (const note of event.notes) log(`  (${event.backend}: ${note})`);
        return log(
          `backend ${event.backend}${event.threads === null ? '' : ` (${event.threads} thread${event.threads === 1 ? '' : 's'})`}`,
        );
      case 'run-start':
        return log(`run ${event.position + 1}/${event.runCount}: ${event.label}, seed ${event.seed}`);
      case 'progress':
        if (performance.now() - lastProgress > 2000) {
          lastProgress = performance.now();
          log(`  step ${event.step}/${event.totalSteps}, ${(event.timeMs / 1000).toFixed(1)} s`);
        }
        return;
      case 'run-end':
        return log(
          `  done: test accuracy ${(event.run.finalTestAcc * 100).toFixed(2)}%, ${((event.run.overheadMs + event.run.trainMs) / 1000).toFixed(1)} s`,
        );
    }
  };
}

/** The rows whose overhead has parts worth naming, one line each: "el2n 10%  pre-train 2.10 · score 0.30". */
function overheadLines(result: ExperimentResult): string[] {
  const rows = result.summary.flatMap((row) => {
    const { charged, reused } = overheadBreakdown(row, (ms) => (ms / 1000).toFixed(2));
    const text = [charged, reused].filter((part) => part !== '').join('; ');
    return text === '' ? [] : [[row.label, text]];
  });
  return rows.length === 0 ? [] : ['overhead by part (s):', table(rows.map(([label, text]) => [`  ${label}`, text]))];
}

/** The comparison's table: each row's accuracy, time and steps to target, speed-ups, overhead and training time. */
export function summaryTable(result: ExperimentResult): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const spread = (mean: string, std: number | null) => (std ? `${mean} ± ${std.toFixed(2)}` : mean);
  const noise = noiseLine(result.summary);
  const toTarget = (row: SummaryRow) =>
    row.timeToTargetMs === null
      ? notReachedText(row)
      : spread(seconds(row.timeToTargetMs), row.timeToTargetMsStd && row.timeToTargetMsStd / 1000);
  return [
    `backend ${result.backend}; ${targetRuleText(result.targetAcc, result.targetRule)}`,
    table([
      [
        'row',
        'final acc',
        'time to target',
        'speed-up (time)',
        'steps to target',
        'speed-up (steps)',
        'overhead',
        'train',
        'steps',
        ...crossArchLabels(result.summary).map((label) => `set on ${label}`),
        ...(hasFair(result.summary) ? ['gain over matched random', 'gain kept with hard labels'] : []),
      ],
      ...result.summary.map((row) => [
        row.label,
        divergedText(row) ?? `${(row.finalTestAccMean * 100).toFixed(2)} ± ${(row.finalTestAccStd * 100).toFixed(2)}%`,
        toTarget(row),
        row.speedupVsFull === null ? '-' : spread(`${row.speedupVsFull.toFixed(2)}x`, row.speedupVsFullStd),
        row.stepsToTarget === null ? '-' : row.stepsToTarget.toFixed(1),
        row.speedupVsFullSteps === null ? '-' : `${row.speedupVsFullSteps.toFixed(2)}x`,
        seconds(row.overheadMsMean),
        seconds(row.trainMsMean),
        String(row.steps),
        ...crossArchLabels(result.summary).map((label) => crossArchText(row, label)),
        ...(hasFair(result.summary) ? [fairGainText(row), hardLabelShareText(row)] : []),
      ]),
    ]),
    ...overheadLines(result),
    ...result.runs.flatMap((run) => (run.diverged ? [`${run.label}, seed ${run.seed}: ${run.diverged.message}`] : [])),
    ...result.summary.flatMap((row) =>
      !row.diverged && row.didNotLearn ? [`${row.label}: did not learn: ${row.didNotLearn.reason}`] : [],
    ),
    ...(noise ? [noise] : []),
    ...sweepLines(result.summary),
    evaluationText(result.evaluation),
    wallTimeText(result.wall),
  ].join('\n');
}

/** A sweep's accuracy against the budget, a column per budget (with each cell's time to target); nothing for one budget. */
function sweepLines(rows: readonly SummaryRow[]): string[] {
  const view = sweepView(rows);
  return view
    ? ['accuracy (%) against the budget, mean ± spread over seeds (time to target):', table(sweepTable(view))]
    : [];
}
