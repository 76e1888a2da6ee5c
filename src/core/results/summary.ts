/** Turns runs into the results table: one row per label, mean and spread over seeds. */
import { crossing, DEFAULT_TARGET_RULE, notLearned, reachedByAll, untrainedAccuracy, type Crossing } from './target';
import type { CurvePoint, OverheadPart, RunResult, SummaryRow, TargetRule } from './types';

export { DEFAULT_TARGET_RULE, reachedByAll } from './target';

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (0 for a single seed). */
function std(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

/** What time to target reads of a run: its curve, and its clock's readings again where it was timed again (`repeats`). */
export type TimedRun = Pick<RunResult, 'seed' | 'points'> & Partial<Pick<RunResult, 'repeats'>>;

/** The run's curve as each timing of it read it: the run's own, then each repeat's (the same points, other times). */
function timings(run: TimedRun): Pick<CurvePoint, 'timeMs' | 'step' | 'samples' | 'testAcc'>[][] {
  const again = (run.repeats ?? []).map((repeat) =>
    run.points.map((point, i) => ({ ...point, timeMs: repeat.pointTimesMs[i] ?? point.timeMs })),
  );
  return [run.points, ...again];
}

/** The target and how it was chosen, in words: "target 86.5%: the lowest final accuracy among the runs that learned". */
export function targetRuleText(targetAcc: number, rule: TargetRule | 'chart'): string {
  const percent = `${(targetAcc * 100).toFixed(1)}%`;
  switch (rule) {
    case 'set':
      return `target ${percent}: as set in the settings`;
    case 'chart':
      return `target ${percent}: set on the chart`;
    case 'reached-by-all':
      return targetAcc > 0 ? `target ${percent}: ${DEFAULT_TARGET_RULE}` : 'no target: no run learned';
  }
}

type TargetTimes = Pick<
  SummaryRow,
  | 'timeToTargetMs'
  | 'timeToTargetMsStd'
  | 'stepsToTarget'
  | 'samplesToTarget'
  | 'speedupVsFull'
  | 'speedupVsFullStd'
  | 'speedupVsFullSteps'
>;

/** One crossing per (seed, timing), keyed "seed/timing"; null where any misses the target. */
function crossings(runs: readonly TimedRun[], target: number): Map<string, Crossing> | null {
  const found = new Map<string, Crossing>();
  for (const run of runs) {
    for (const [timing, points] of timings(run).entries()) {
      const crossed = crossing(points, target);
      if (!crossed) return null;
      found.set(`${run.seed}/${timing}`, crossed);
    }
  }
  return found;
}

const NO_TIMES: TargetTimes = {
  timeToTargetMs: null,
  timeToTargetMsStd: null,
  stepsToTarget: null,
  samplesToTarget: null,
  speedupVsFull: null,
  speedupVsFullStd: null,
  speedupVsFullSteps: null,
};

/**
 * Each row's time, steps and samples to target (means over seeds, and for
 * time over repeats too, with the time's spread) and its speed-ups against
 * full data's: time (full's mean time over the row's, with the spread of the
 * same ratio taken seed by seed and repeat by repeat) and steps (the same
 * on every machine). A row with a run that did not learn has none: what it
 * reached on the way is no time to a result.
 */
function targetTimes(
  rows: readonly { method: string; learned: boolean; runs: readonly TimedRun[] }[],
  target: number,
): TargetTimes[] {
  const found = rows.map((row) => (row.learned ? crossings(row.runs, target) : null));
  const fullAt = rows.findIndex((row) => row.method === 'full');
  const full = fullAt >= 0 ? found[fullAt] : null;
  const firstTimings = (row: Map<string, Crossing>) =>
    [...row.entries()].filter(([key]) => key.endsWith('/0')).map(([, c]) => c);
  return found.map((row): TargetTimes => {
    if (!row) return NO_TIMES;
    const times = [...row.values()].map((c) => c.timeMs);
    const time = mean(times);
    const steps = mean(firstTimings(row).map((c) => c.steps));
    const own = {
      timeToTargetMs: time,
      timeToTargetMsStd: std(times),
      stepsToTarget: steps,
      samplesToTarget: mean(firstTimings(row).map((c) => c.samples)),
    };
    if (!full) return { ...NO_TIMES, ...own };
    const ratios = [...row.entries()].flatMap(([key, c]) => {
      const base = full.get(key);
      return base && c.timeMs > 0 ? [base.timeMs / c.timeMs] : [];
    });
    const fullTime = mean([...full.values()].map((c) => c.timeMs));
    const fullSteps = mean(firstTimings(full).map((c) => c.steps));
    return {
      ...own,
      speedupVsFull: time > 0 ? fullTime / time : null,
      speedupVsFullStd: time > 0 && ratios.length === row.size ? std(ratios) : null,
      speedupVsFullSteps: steps > 0 ? fullSteps / steps : null,
    };
  });
}

/**
 * The table at another target (one dragged on the chart): each row's times
 * to target and speed-ups again, from the runs' curves (`runs` by label, as
 * the page holds them), the rest as it was.
 */
export function retarget(
  rows: readonly SummaryRow[],
  runs: readonly (TimedRun & { label: string })[],
  target: number,
): SummaryRow[] {
  const times = targetTimes(
    rows.map((row) => ({
      method: row.method,
      learned: !row.diverged && !row.didNotLearn,
      runs: runs.filter((run) => run.label === row.label),
    })),
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
export function overheadBreakdown(
  row: Pick<SummaryRow, 'overheadPartsMs' | 'reusedPartsMs'>,
  seconds: (ms: number) => string,
): { charged: string; reused: string } {
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

/** A row's accuracies on the other models its runs were evaluated on, by model, over the runs that were. */
function crossArchOf(group: RunResult[]): Pick<SummaryRow, 'crossArch'> {
  const labels = [...new Set(group.flatMap((r) => (r.crossArch ?? []).map((e) => e.label)))];
  if (labels.length === 0) return {};
  return {
    crossArch: labels.map((label) => {
      const accs = group.flatMap((r) => r.crossArch?.find((e) => e.label === label)?.testAcc ?? []);
      return { label, accMean: mean(accs), accStd: std(accs) };
    }),
  };
}

/**
 * A row's gain over its matched controls, over the runs that have them (see
 * FairEvaluation): over random real examples with the same kind of labels
 * (soft where the set learnt soft labels), and the share of that gain the
 * set keeps with hard labels, over random with hard labels.
 */
function fairOf(group: RunResult[]): Pick<SummaryRow, 'fair'> {
  const controlled = group.filter((r) => r.fair && !r.diverged);
  if (controlled.length === 0) return {};
  const matched = controlled.map((r) => r.fair!.softRandomAcc ?? r.fair!.randomAcc);
  const gains = controlled.map((r, i) => r.finalTestAcc - matched[i]);
  const hard = controlled.flatMap((r) => r.fair!.hardLabelAcc ?? []);
  const gain = mean(gains);
  const hardGain = mean(hard) - mean(controlled.map((r) => r.fair!.randomAcc));
  const share = hard.length === controlled.length ? { hardLabelShare: gain > 0 ? hardGain / gain : null } : {};
  return {
    fair: { gainMean: gain, gainStd: std(gains), randomAccMean: mean(matched), randomAccStd: std(matched), ...share },
  };
}

/**
 * The table. The target is `targetAcc` where the config sets one, else the
 * lowest final accuracy among the runs that learned (see target.ts).
 */
export function summarize(
  runs: RunResult[],
  targetAcc?: number,
): { targetAcc: number; targetRule: TargetRule; summary: SummaryRow[] } {
  const groups = [...groupByLabel(runs).values()];
  // The same untrained accuracy as the default target's (reachedByAll).
  const untrained = untrainedAccuracy(runs);
  // Accuracies of the runs that finished; a row whose every run diverged shows what they reached before.
  const finals = (group: RunResult[]) => {
    const finished = group.filter((r) => !r.diverged);
    return (finished.length > 0 ? finished : group).map((r) => r.finalTestAcc);
  };
  const unlearned = (group: RunResult[]) =>
    group.filter((r) => !r.diverged).flatMap((r) => notLearned(r, untrained) ?? []);
  const target = targetAcc ?? reachedByAll(runs);
  const times = targetTimes(
    groups.map((group) => ({
      method: group[0].method,
      learned: group.every((r) => notLearned(r, untrained) === null),
      runs: group,
    })),
    target,
  );

  const summary = groups.map((group, i): SummaryRow => {
    const diverged = group.filter((r) => r.diverged);
    const failed = unlearned(group);
    return {
      method: group[0].method,
      label: group[0].label,
      ...(group[0].budget ? { budget: group[0].budget } : {}),
      runs: group.length,
      ...(diverged.length > 0 ? { diverged: { runs: diverged.length, first: diverged[0].diverged! } } : {}),
      ...(failed.length > 0 ? { didNotLearn: { runs: failed.length, reason: failed[0] } } : {}),
      finalTestAccMean: mean(finals(group)),
      finalTestAccStd: std(finals(group)),
      bestTestAccMean: mean(group.map((r) => Math.max(0, ...r.points.map((p) => p.testAcc)))),
      ...times[i],
      overheadMsMean: mean(group.map((r) => r.overheadMs)),
      overheadPartsMs: meanParts(group.map((r) => r.overhead)),
      reusedPartsMs: meanParts(group.map((r) => r.reused)),
      trainMsMean: mean(group.map((r) => r.trainMs)),
      steps: group[0].steps,
      ...crossArchOf(group),
      ...fairOf(group),
    };
  });
  return { targetAcc: target, targetRule: targetAcc === undefined ? 'reached-by-all' : 'set', summary };
}

/**
 * One line under the table: the rows whose speed-up against full data is
 * within its noise of 1.00x (mean ± its spread over seeds and repeats
 * overlaps 1), or, where no row has a spread (one seed, one timing), that
 * none can be told. Null where there is nothing to say.
 */
export function noiseLine(
  rows: readonly Pick<SummaryRow, 'label' | 'method' | 'speedupVsFull' | 'speedupVsFullStd'>[],
): string | null {
  const compared = rows.filter((row) => row.method !== 'full' && row.speedupVsFull !== null);
  if (compared.length === 0) return null;
  if (compared.every((row) => !row.speedupVsFullStd))
    return 'One seed timed once: the speed-ups carry no spread. Add seeds or repeats to see which are within the noise of 1.00x.';
  const within = compared
    .filter((row) => row.speedupVsFullStd && Math.abs(row.speedupVsFull! - 1) <= row.speedupVsFullStd)
    .map((row) => row.label);
  return within.length === 0
    ? 'Every speed-up is beyond its noise: 1.00x lies outside each mean ± its spread over seeds and repeats.'
    : `Within the noise of 1.00x (mean ± spread over seeds and repeats overlaps it): ${within.join(', ')}.`;
}

/** A row's time-to-target cell when it has no time: "not reached (best 84.2%)", or why it has none. */
export function notReachedText(row: Pick<SummaryRow, 'bestTestAccMean' | 'diverged' | 'didNotLearn'>): string {
  if (row.diverged) return 'diverged';
  if (row.didNotLearn) return 'did not learn';
  return `not reached (best ${(row.bestTestAccMean * 100).toFixed(1)}%)`;
}

/** A diverged row's note for its accuracy cell: "diverged at step 12", "diverged in 2 of 3 seeds (first at distillation iteration 5)". */
export function divergedText(row: Pick<SummaryRow, 'runs' | 'diverged'>): string | null {
  if (!row.diverged) return null;
  const { runs, first } = row.diverged;
  const where = `${first.phase === 'distillation' ? 'distillation iteration' : 'step'} ${first.step}`;
  return runs === row.runs ? `diverged at ${where}` : `diverged in ${runs} of ${row.runs} seeds (first at ${where})`;
}
