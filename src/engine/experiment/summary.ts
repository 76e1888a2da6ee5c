/** Turns runs into the results table: one row per label, mean and spread over seeds. */
import type { RunResult, SummaryRow } from './types';

/** By default the target is this share of full data's final accuracy. */
export const DEFAULT_TARGET_SHARE = 0.95;

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (0 for a single seed). */
function std(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

export function timeToTarget(run: RunResult, targetAcc: number): number | null {
  const hit = run.points.find((p) => p.testAcc >= targetAcc);
  return hit ? hit.timeMs : null;
}

function groupByLabel(runs: RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const run of runs) groups.set(run.label, [...(groups.get(run.label) ?? []), run]);
  return groups;
}

export function summarize(runs: RunResult[], targetAcc?: number): { targetAcc: number; summary: SummaryRow[] } {
  const groups = groupByLabel(runs);
  const finalMean = (group: RunResult[]) => mean(group.map((r) => r.finalTestAcc));
  const fullRuns = [...groups.values()].find((g) => g[0].method === 'full');
  const reference = fullRuns ? finalMean(fullRuns) : Math.max(0, ...[...groups.values()].map(finalMean));
  const target = targetAcc ?? DEFAULT_TARGET_SHARE * reference;

  const rowTime = (group: RunResult[]) => {
    const times = group.map((r) => timeToTarget(r, target));
    return times.every((t): t is number => t !== null) ? mean(times) : null;
  };
  const fullTime = fullRuns ? rowTime(fullRuns) : null;

  const summary = [...groups.values()].map((group): SummaryRow => {
    const time = rowTime(group);
    return {
      method: group[0].method,
      label: group[0].label,
      runs: group.length,
      finalTestAccMean: finalMean(group),
      finalTestAccStd: std(group.map((r) => r.finalTestAcc)),
      timeToTargetMs: time,
      speedupVsFull: time !== null && fullTime !== null && time > 0 ? fullTime / time : null,
      overheadMsMean: mean(group.map((r) => r.overheadMs)),
      trainMsMean: mean(group.map((r) => r.trainMs)),
      steps: group[0].steps,
    };
  });
  return { targetAcc: target, summary };
}
