/**
 * What the page shows of an experiment, built from the worker's events:
 * the curves (for the chart), the summary (for the table), what each method
 * picked or distilled (for the picks panel) and the progress (for the status
 * line). Pure data, no Solid, so it can be tested alone.
 */
import type { LabConfig, ModelSpec } from '../../core/settings/config';
import type {
  ConfusionMatrix,
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
  /** A kept comparison's run laid over the one on show, for comparing the two (drawn dotted). */
  overlay?: boolean;
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

/** A finished run's trained model, class by class on the test split, for the per-class panel. */
export interface RunClasses {
  runIndex: number;
  label: string;
  seed: number;
  confusion: ConfusionMatrix;
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
  /** The runs that trained to the end, in run order; a run appears at its `run-end`. */
  classes: RunClasses[];
  /** Null only before any experiment. */
  data: DataSource | null;
  /** The model every run trained (and every distillation distilled with); null only before any experiment. */
  model: ModelSpec | null;
  /** The latest distillation of a running experiment, while it runs. */
  live: LiveDistillation | null;
}

export function emptyView(data: DataSource | null = null, model: ModelSpec | null = null): ExperimentView {
  return {
    runs: [],
    summary: [],
    targetAcc: null,
    targetRule: null,
    picks: [],
    boundaries: [],
    classes: [],
    data,
    model,
    live: null,
  };
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
    classes: result.runs.flatMap(({ label, seed, confusion }, runIndex) =>
      confusion ? [{ runIndex, label, seed, confusion }] : [],
    ),
    data: { dataset: result.config.dataset, data: result.config.data },
    model: result.config.model,
    live: null,
  };
}

export type ViewChange = 'curves' | 'summary' | 'picks' | 'boundaries' | 'classes' | 'live' | null;

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
      const { label, seed, boundary, confusion } = event.run;
      if (boundary) view.boundaries.push({ runIndex: event.runIndex, label, seed, boundary });
      if (confusion) view.classes.push({ runIndex: event.runIndex, label, seed, confusion });
      const picks = runPicks(event.runIndex, event.run);
      if (!picks) return boundary ? 'boundaries' : confusion ? 'classes' : null;
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
