/** Turns runs into the results table: one row per label, mean and spread over seeds. */
import type { OverheadPart } from '../methods/method';
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

type PartsMs = Partial<Record<OverheadPart, number>>;

/** How the views name the parts of an overhead, in the order a run goes through them. */
export const OVERHEAD_PART_NAMES: Record<OverheadPart, string> = {
  pretrain: 'pre-train',
  score: 'score',
  select: 'select',
  teacher: 'teacher',
  reselect: 're-select',
  experts: 'experts',
  distill: 'distil',
};

/** Mean of each part over the runs; a run without a part counts 0 for it, so the parts add up to the mean total. */
function meanParts(partsOfRuns: PartsMs[]): PartsMs {
  const sums: PartsMs = {};
  for (const parts of partsOfRuns) {
    for (const [part, ms] of Object.entries(parts) as [OverheadPart, number][]) sums[part] = (sums[part] ?? 0) + ms;
  }
  return Object.fromEntries(Object.entries(sums).map(([part, ms]) => [part, ms / partsOfRuns.length]));
}

/** Parts shorter than this are left out of the breakdown: they would print as zero. */
const SHOWN_PART_MIN_MS = 5;

/**
 * A row's overhead in words: `charged` like "pre-train 2.10 · score 0.30"
 * and `reused` like "teacher reused (4.20 s, off the clock)"; each is ''
 * when there is nothing to say. `seconds` writes a duration in ms as a
 * number of seconds, without the unit.
 */
export function overheadBreakdown(row: Pick<SummaryRow, 'overheadPartsMs' | 'reusedPartsMs'>, seconds: (ms: number) => string): { charged: string; reused: string } {
  const shown = (parts: PartsMs) =>
    (Object.keys(OVERHEAD_PART_NAMES) as OverheadPart[]).flatMap((part) => {
      const ms = parts[part] ?? 0;
      return ms >= SHOWN_PART_MIN_MS ? [{ name: OVERHEAD_PART_NAMES[part], ms }] : [];
    });
  return {
    charged: shown(row.overheadPartsMs)
      .map(({ name, ms }) => `${name} ${seconds(ms)}`)
      .join(' · '),
    reused: shown(row.reusedPartsMs)
      .map(({ name, ms }) => `${name} reused (${seconds(ms)} s, off the clock)`)
      .join(' · '),
  };
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
      overheadPartsMs: meanParts(group.map((r) => r.overhead)),
      reusedPartsMs: meanParts(group.map((r) => r.reused)),
      trainMsMean: mean(group.map((r) => r.trainMs)),
      steps: group[0].steps,
    };
  });
  return { targetAcc: target, summary };
}
