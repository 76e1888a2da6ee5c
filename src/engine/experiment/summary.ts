/** Turns runs into the results table: one row per label, mean and spread over seeds. */
import type { OverheadPart } from '../methods/method';
import type { CurvePoint, RunResult, SummaryRow, TargetRule } from './types';

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (0 for a single seed). */
function std(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

/** What "time to target" reads of a run: its curve. */
export interface TimedCurve {
  points: readonly Pick<CurvePoint, 'timeMs' | 'testAcc'>[];
}

/** The first time the curve reaches the target (no interpolation between points); null if it never does. */
export function timeToTarget(run: TimedCurve, targetAcc: number): number | null {
  const hit = run.points.find((p) => p.testAcc >= targetAcc);
  return hit ? hit.timeMs : null;
}

/**
 * The default target: the highest accuracy that every run reaches, i.e. the
 * lowest of the runs' best accuracies, each seed counted on its own, so that
 * every row of the table gets a time and, beside full data, a speed-up.
 * Rounded down to a tenth of a percentage point, so that it prints as what
 * was reached. 0 without a point.
 */
export function reachedByAll(runs: readonly TimedCurve[]): number {
  const bests = runs.filter((run) => run.points.length > 0).map((run) => Math.max(...run.points.map((p) => p.testAcc)));
  if (bests.length === 0) return 0;
  const lowest = Math.min(...bests);
  const rounded = Math.floor(lowest * 1000 + 1e-6) / 1000;
  return rounded <= lowest ? rounded : lowest;
}

/** The default target rule in words, for the form's hint. */
export const DEFAULT_TARGET_RULE = 'the highest accuracy every run reaches, so that every method gets a time';

/** The target and how it was chosen, in words: "target 86.5%: the highest accuracy every run reached". */
export function targetRuleText(targetAcc: number, rule: TargetRule | 'chart'): string {
  const percent = `${(targetAcc * 100).toFixed(1)}%`;
  switch (rule) {
    case 'set':
      return `target ${percent}: as set in the settings`;
    case 'chart':
      return `target ${percent}: set on the chart`;
    case 'reached-by-all':
      return `target ${percent}: the highest accuracy every run reached`;
  }
}

/** Mean over seeds of the time to target; null if a seed never reaches it. */
function rowTime(group: readonly TimedCurve[], target: number): number | null {
  const times = group.map((r) => timeToTarget(r, target));
  return times.every((t): t is number => t !== null) ? mean(times) : null;
}

type TargetTimes = Pick<SummaryRow, 'timeToTargetMs' | 'speedupVsFull'>;

/**
 * Each row's time to target and speed-up against full data's (null where
 * either is missing or zero). A row with a diverged run has neither: its
 * curve stops, and what it reached before is no time to a result.
 */
function targetTimes(rows: readonly { method: string; diverged: boolean; curves: readonly TimedCurve[] }[], target: number): TargetTimes[] {
  const timeOf = (row: (typeof rows)[number]) => (row.diverged ? null : rowTime(row.curves, target));
  const full = rows.find((row) => row.method === 'full');
  const fullTime = full ? timeOf(full) : null;
  return rows.map((row) => {
    const time = timeOf(row);
    return { timeToTargetMs: time, speedupVsFull: time !== null && fullTime !== null && time > 0 ? fullTime / time : null };
  });
}

/**
 * The table at another target (one dragged on the chart): each row's time
 * to target and speed-up again, from the runs' curves (`runs` by label, as
 * the page holds them), the rest as it was.
 */
export function retarget(rows: readonly SummaryRow[], runs: readonly (TimedCurve & { label: string })[], target: number): SummaryRow[] {
  const times = targetTimes(
    rows.map((row) => ({ method: row.method, diverged: row.diverged !== undefined, curves: runs.filter((run) => run.label === row.label) })),
    target,
  );
  return rows.map((row, i) => ({ ...row, ...times[i] }));
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

/**
 * The table. The target is `targetAcc` where the config sets one, else the
 * highest accuracy every run reached (see reachedByAll).
 */
export function summarize(runs: RunResult[], targetAcc?: number): { targetAcc: number; targetRule: TargetRule; summary: SummaryRow[] } {
  const groups = [...groupByLabel(runs).values()];
  // Accuracies of the runs that finished; a row whose every run diverged shows what they reached before.
  const finals = (group: RunResult[]) => {
    const finished = group.filter((r) => !r.diverged);
    return (finished.length > 0 ? finished : group).map((r) => r.finalTestAcc);
  };
  const target = targetAcc ?? reachedByAll(runs.filter((r) => !r.diverged));
  const times = targetTimes(
    groups.map((group) => ({ method: group[0].method, diverged: group.some((r) => r.diverged), curves: group })),
    target,
  );

  const summary = groups.map((group, i): SummaryRow => {
    const diverged = group.filter((r) => r.diverged);
    return {
      method: group[0].method,
      label: group[0].label,
      runs: group.length,
      ...(diverged.length > 0 ? { diverged: { runs: diverged.length, first: diverged[0].diverged! } } : {}),
      finalTestAccMean: mean(finals(group)),
      finalTestAccStd: std(finals(group)),
      ...times[i],
      overheadMsMean: mean(group.map((r) => r.overheadMs)),
      overheadPartsMs: meanParts(group.map((r) => r.overhead)),
      reusedPartsMs: meanParts(group.map((r) => r.reused)),
      trainMsMean: mean(group.map((r) => r.trainMs)),
      steps: group[0].steps,
    };
  });
  return { targetAcc: target, targetRule: targetAcc === undefined ? 'reached-by-all' : 'set', summary };
}

/** A diverged row's note for its accuracy cell: "diverged at step 12", "diverged in 2 of 3 seeds (first at distillation iteration 5)". */
export function divergedText(row: Pick<SummaryRow, 'runs' | 'diverged'>): string | null {
  if (!row.diverged) return null;
  const { runs, first } = row.diverged;
  const where = `${first.phase === 'distillation' ? 'distillation iteration' : 'step'} ${first.step}`;
  return runs === row.runs ? `diverged at ${where}` : `diverged in ${runs} of ${row.runs} seeds (first at ${where})`;
}
