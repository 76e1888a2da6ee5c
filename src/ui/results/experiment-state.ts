/**
 * What the page shows of an experiment, built from the worker's events:
 * the curves (for the chart), the summary (for the table), what each method
 * picked or distilled (for the picks panel) and the progress (for the status
 * line). Pure data, no Solid, so it can be tested alone.
 */
import type { LabConfig } from '../../core/settings/config';
import type { OverheadPart } from '../../core/results/types';
import type {
  CurvePoint,
  DecisionBoundary,
  DistillationEvaluation,
  ExperimentEvent,
  ExperimentResult,
  RunResult,
  SelectionResult,
  SummaryRow,
  SyntheticResult,
  SyntheticSnapshot,
  TargetRule,
} from '../../core/results/types';

export interface RunCurve {
  runIndex: number;
  label: string;
  seed: number;
  points: CurvePoint[];
  /** Its distilled set evaluated part-way on request ("evaluate now"), marked on the chart. */
  evaluations?: DistillationEvaluation[];
}

/** The data an experiment trained on: what the worker needs to show its examples. */
export type DataSource = Pick<LabConfig, 'dataset' | 'data'>;

interface RunName {
  runIndex: number;
  method: string;
  label: string;
  seed: number;
  /** The method's settings the run used. */
  settings: Record<string, unknown>;
}

/** A finished run that trained on a subset it picked. */
export type PickedRun = RunName & { selection: SelectionResult; synthetic?: never };
/** A finished run that trained on a set it distilled. */
export type DistilledRun = RunName & { synthetic: SyntheticResult; selection?: never };
/** What a finished run trained on, for the picks panel. */
export type RunPicks = PickedRun | DistilledRun;

/** The run's entry in the picks panel; null for a run that trained on neither a subset nor a distilled set. */
function runPicks(
  runIndex: number,
  { method, label, seed, settings, selection, synthetic }: RunResult,
): RunPicks | null {
  if (selection) return { runIndex, method, label, seed, settings, selection };
  if (synthetic) return { runIndex, method, label, seed, settings, synthetic };
  return null;
}

/** A finished run's decision boundary (2-D sets), for the boundary panel. */
export interface RunBoundary {
  runIndex: number;
  label: string;
  seed: number;
  boundary: DecisionBoundary;
}

/** The distillation on show in the live view: its latest snapshot. */
export interface LiveDistillation {
  runIndex: number;
  label: string;
  seed: number;
  snapshot: SyntheticSnapshot;
  /** False once the run has moved on to training on the set. */
  distilling: boolean;
}

/** What the live distillation is doing, given whether the user asked for a pause. */
export function liveStatus(live: LiveDistillation, pauseAsked: boolean): string {
  if (!live.distilling) return 'Distilled: the run now trains on this set.';
  if (pauseAsked)
    return live.snapshot.paused ? "Paused: the run's clock is stopped." : 'Pausing at the end of this iteration…';
  return 'Distilling…';
}

export interface ExperimentView {
  /** By run index; a run appears at its first `run-start`. */
  runs: RunCurve[];
  summary: SummaryRow[];
  targetAcc: number | null;
  /** How `targetAcc` was chosen. */
  targetRule: TargetRule | null;
  /** The runs that picked a subset or distilled a set, in run order; a run appears at its `run-end`. */
  picks: RunPicks[];
  /** The runs with a decision boundary (2-D sets), in run order; a run appears at its `run-end`. */
  boundaries: RunBoundary[];
  /** Null only before any experiment. */
  data: DataSource | null;
  /** The latest distillation of a running experiment, while it runs. */
  live: LiveDistillation | null;
}

export function emptyView(data: DataSource | null = null): ExperimentView {
  return { runs: [], summary: [], targetAcc: null, targetRule: null, picks: [], boundaries: [], data, live: null };
}

/** The view of a finished experiment, from its result alone (or, for one cut short, its finished runs and their table). */
export function viewFromResult(
  result: Pick<ExperimentResult, 'config' | 'runs' | 'summary' | 'targetAcc' | 'targetRule'>,
): ExperimentView {
  return {
    runs: result.runs.map((run, runIndex) => ({
      runIndex,
      label: run.label,
      seed: run.seed,
      points: run.points,
      evaluations: run.evaluations,
    })),
    summary: result.summary,
    targetAcc: result.targetAcc,
    targetRule: result.targetRule,
    picks: result.runs.flatMap((run, runIndex) => runPicks(runIndex, run) ?? []),
    boundaries: result.runs.flatMap(({ label, seed, boundary }, runIndex) =>
      boundary ? [{ runIndex, label, seed, boundary }] : [],
    ),
    data: { dataset: result.config.dataset, data: result.config.data },
    live: null,
  };
}

export type ViewChange = 'curves' | 'summary' | 'picks' | 'boundaries' | 'live' | null;

/** Folds one event into the view (in place, for speed: points arrive often) and says what changed. */
export function applyToView(view: ExperimentView, event: ExperimentEvent): ViewChange {
  switch (event.type) {
    case 'run-start':
      view.runs[event.runIndex] = { runIndex: event.runIndex, label: event.label, seed: event.seed, points: [] };
      return 'curves';
    case 'point': {
      const run = (view.runs[event.runIndex] ??= {
        runIndex: event.runIndex,
        label: event.label,
        seed: event.seed,
        points: [],
      });
      run.points.push(event.point);
      return 'curves';
    }
    case 'distill-snapshot':
      view.live = {
        runIndex: event.runIndex,
        label: event.label,
        seed: event.seed,
        snapshot: event.snapshot,
        distilling: true,
      };
      return 'live';
    case 'phase':
      if (event.phase !== 'train' || view.live?.runIndex !== event.runIndex) return null;
      // A new object, so that views holding the old one see the change.
      view.live = { ...view.live, distilling: false };
      return 'live';
    case 'distill-evaluation': {
      const run = view.runs[event.runIndex];
      if (!run) return null;
      (run.evaluations ??= []).push(event.evaluation);
      return 'curves';
    }
    case 'run-end': {
      const { label, seed, boundary } = event.run;
      if (boundary) view.boundaries.push({ runIndex: event.runIndex, label, seed, boundary });
      const picks = runPicks(event.runIndex, event.run);
      if (!picks) return boundary ? 'boundaries' : null;
      view.picks.push(picks);
      return 'picks';
    }
    case 'summary':
      view.summary = event.summary;
      view.targetAcc = event.targetAcc;
      view.targetRule = event.targetRule;
      return 'summary';
    default:
      return null;
  }
}

export interface RunProgress {
  runIndex: number;
  runCount: number;
  label: string;
  seed: number;
  phase: 'overhead' | 'train';
  /** The overhead work under way (pre-training, scoring, ...), once the method says. */
  part?: OverheadPart;
  step: number;
  totalSteps: number;
  /** Page clock (ms) when this run started. */
  runStartedAt: number;
  /** Wall-clock durations (ms) of the runs already finished. */
  finishedRunsMs: number[];
  /** Page clock (ms) when this run's training began (after its overhead). */
  trainStartedAt?: number;
  /** Page clock (ms) of the latest event folded in. */
  lastEventAt?: number;
  /** The smoothed time left for the whole comparison, as of `at` (see estimateRemainingMs). */
  estimate?: { at: number; ms: number; floorMs: number };
  /** Page clock (ms) since which the user holds the run (training or a distillation); the estimate stands still meanwhile. */
  heldSince?: number;
  /** The run is a finished one timed again (the config's `repeats`), which ends with no `run-end` of its own. */
  timingAgain?: boolean;
}

/** How fast the shown estimate follows a new measurement: about 63% of the way in this many ms. */
const ESTIMATE_SMOOTHING_MS = 4000;

/**
 * The raw time left for the whole comparison at `now`, from the latest event:
 * this run's remaining steps at its training pace (evaluation included), and
 * each run still to come at the mean wall length of the runs so far (this one
 * projected to its end; overhead, evaluation and warm-up included). Null
 * before this run has taken a step.
 */
function rawRemaining(progress: RunProgress, now: number): { ms: number; floorMs: number } | null {
  if (
    progress.phase !== 'train' ||
    progress.step <= 0 ||
    progress.totalSteps <= 0 ||
    progress.trainStartedAt === undefined
  )
    return null;
  const stepMs = Math.max(0, now - progress.trainStartedAt) / progress.step;
  const currentLeft = stepMs * Math.max(0, progress.totalSteps - progress.step);
  const currentTotal = Math.max(0, now - progress.runStartedAt) + currentLeft;
  const lengths = [...progress.finishedRunsMs, currentTotal];
  const perRun = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  const runsToCome = Math.max(0, progress.runCount - progress.runIndex - 1);
  return { ms: currentLeft + runsToCome * perRun, floorMs: currentLeft };
}

/** Folds a new measurement into the smoothed estimate: the old one counted down to `now`, moved part of the way to the new. */
function smoothed(progress: RunProgress, now: number): RunProgress['estimate'] {
  const raw = rawRemaining(progress, now);
  const old = progress.estimate;
  if (!raw) return old;
  if (!old) return { at: now, ...raw };
  const since = Math.max(0, now - old.at);
  const counted = Math.max(0, old.ms - since);
  const pull = 1 - Math.exp(-since / ESTIMATE_SMOOTHING_MS);
  return { at: now, ms: counted + pull * (raw.ms - counted), floorMs: raw.floorMs };
}

/**
 * The progress with a hold that ended at `now` taken out: every clock it
 * measures from moves on by the held time, so neither the pace nor the
 * countdown counts it.
 */
function released(progress: RunProgress, now: number): RunProgress {
  if (progress.heldSince === undefined) return progress;
  const held = Math.max(0, now - progress.heldSince);
  const later = (at: number | undefined) => (at === undefined ? undefined : at + held);
  return {
    ...progress,
    heldSince: undefined,
    runStartedAt: progress.runStartedAt + held,
    trainStartedAt: later(progress.trainStartedAt),
    lastEventAt: later(progress.lastEventAt),
    estimate: progress.estimate && { ...progress.estimate, at: progress.estimate.at + held },
  };
}

/** Whether an event says the user holds the run (true), lets it go on (false), or neither (null). */
function holdOf(event: ExperimentEvent): boolean | null {
  if (event.type === 'held') return true;
  if (event.type === 'distill-snapshot') return event.snapshot.paused;
  // Training moves again: a step or an end was reached after the hold.
  if (
    event.type === 'progress' ||
    event.type === 'phase' ||
    event.type === 'run-start' ||
    event.type === 'repeat' ||
    event.type === 'run-end'
  )
    return false;
  return null;
}

/** Folds an event into the progress; `now` is the page clock in ms. */
export function nextProgress(progress: RunProgress | null, event: ExperimentEvent, now: number): RunProgress | null {
  const hold = holdOf(event);
  if (progress && hold === true) return progress.heldSince === undefined ? { ...progress, heldSince: now } : progress;
  if (progress && hold === false) progress = released(progress, now);
  switch (event.type) {
    case 'run-start':
    case 'repeat': {
      const again = event.type === 'repeat';
      // A repeat ends where the next run starts.
      const finishedRunsMs = progress?.timingAgain
        ? [...progress.finishedRunsMs, now - progress.runStartedAt]
        : (progress?.finishedRunsMs ?? []);
      return {
        runIndex: event.position,
        runCount: event.runCount,
        label: again ? `${event.label} (timed again, ${event.repeat + 1} of ${event.repeats})` : event.label,
        seed: event.seed,
        phase: 'overhead',
        step: 0,
        // Known once the method has planned its data (the "train" phase).
        totalSteps: 0,
        runStartedAt: now,
        finishedRunsMs,
        lastEventAt: now,
        estimate: progress?.estimate,
        timingAgain: again,
      };
    }
    case 'phase':
      return (
        progress && {
          ...progress,
          phase: event.phase,
          part: event.part,
          totalSteps: event.totalSteps ?? progress.totalSteps,
          trainStartedAt: event.phase === 'train' ? now : progress.trainStartedAt,
          lastEventAt: now,
        }
      );
    case 'progress': {
      if (!progress) return progress;
      const next = { ...progress, step: event.step, totalSteps: event.totalSteps, lastEventAt: now };
      return { ...next, estimate: smoothed(next, now) };
    }
    case 'run-end':
      return (
        progress && {
          ...progress,
          step: progress.totalSteps,
          finishedRunsMs: [...progress.finishedRunsMs, now - progress.runStartedAt],
          lastEventAt: now,
          // This run is over: only the runs to come remain in the floor.
          estimate: progress.estimate && { ...progress.estimate, floorMs: 0 },
        }
      );
    default:
      return progress;
  }
}

/**
 * Time left for the whole comparison: the runs done and to come (see
 * rawRemaining), smoothed over a few seconds so that it counts down steadily
 * instead of jumping with each measurement, and counted down between events.
 * While work remains it never reads under this run's remaining steps at its
 * pace, nor under 1 s. `now` may lag the events (a clock that ticks once a
 * second): the latest event's time is used then. Null until the first run has
 * taken a step.
 */
export function estimateRemainingMs(progress: RunProgress, now: number): number | null {
  const estimate = progress.estimate;
  if (!estimate) return null;
  const at = progress.heldSince ?? Math.max(now, progress.lastEventAt ?? now);
  const since = Math.max(0, at - estimate.at);
  const left = estimate.ms - since;
  const workRemains =
    progress.runIndex < progress.runCount - 1 || progress.step < progress.totalSteps || progress.phase === 'overhead';
  if (!workRemains) return Math.max(0, left);
  return Math.max(left, estimate.floorMs - since, 1000);
}
