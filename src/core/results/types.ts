/** What an experiment produces: curves per run, and a summary row per method. */
import type { BudgetSpec } from '../settings/budget-schema';
import type { LabConfig, ModelSpec } from '../settings/config';
import type { BackendName } from '../backend-name';
import type { CurvePoint } from './curve';

export type { BackendName } from '../backend-name';
export type { CurvePoint } from './curve';

/** Where an experiment's wall-clock time went (wall.ts says it in words). */
export interface WallTime {
  /** From the experiment's start (before the data loads) to its result. */
  totalMs: number;
  /** The runs' clocks summed: overhead + training. */
  trainingMs: number;
  /** Test evaluation for the curve points, summed over runs. */
  evaluationMs: number;
  /** The rest: `setup`'s parts summed. */
  setupMs: number;
  setup: { dataMs: number; backendMs: number; warmUpMs: number; otherMs: number };
}

/** Which test examples a run's points were measured on: intermediate points on `sample` of them, the last on all `of`. */
export interface EvaluationInfo {
  sample: number;
  of: number;
}

/** The parts a method's overhead is reported in. */
export type OverheadPart = 'pretrain' | 'score' | 'select' | 'teacher' | 'reselect' | 'experts' | 'distill';

/** A run's selection as plain arrays (JSON-friendly): see methods/plan.ts. */
export interface SelectionResult {
  indices: number[];
  scores?: number[];
  scoreName?: string;
  keepsHighest?: boolean;
  rounds: number;
}

/** A distilled set as plain arrays (JSON-friendly): see methods/plan.ts. */
export interface SyntheticResult {
  classes: number[];
  shape: number[];
  /**
   * Float32Array as the engine makes it, cheap to post to the page and to
   * store (a text set of 20 sequences is 256,000 values; a plain array of
   * them held up the page for 60 ms at each copy); plain numbers once read
   * back from JSON (see jsonText).
   */
  values: ArrayLike<number>;
  /** Soft labels, row-major, where the method learns them. */
  labels?: number[];
  /** Text sets: the words nearest each example. */
  words?: string[][];
  /** Text sets: the words each example moved toward from its start. */
  movedToward?: string[][];
  loss: [number, number][];
}

/** A distillation part-way, for the live view: the set after `iteration` (of `iterations`), and its loss so far. */
export interface SyntheticSnapshot extends SyntheticResult {
  iteration: number;
  iterations: number;
  /** True when the distillation is held here by a pause. */
  paused: boolean;
}

/**
 * "Evaluate now": a fresh network, from the run's initial weights, trained
 * with the run's settings on the set as it stood after `iteration`, then
 * tested. `point.timeMs` is the run's clock at that moment; it has taken no
 * training steps yet.
 */
export interface DistillationEvaluation {
  iteration: number;
  point: CurvePoint;
}

/**
 * A trained model's class at every cell of a size x size grid over a 2-D
 * set's range: `classes[j * size + i]` at the centre of cell (i, j), x from
 * x0 to x1 with i, y from y0 to y1 with j (j = 0 at y0, the bottom).
 */
/** A distilled run's matched controls (the config's `fairEvaluation`), each trained as the run trained. */
export interface FairEvaluation {
  /** Random real examples, the same count per class, the same augmentation, hard labels. */
  randomAcc: number;
  /**
   * Where the set learnt soft labels: the same random examples with soft
   * labels too, a full-data teacher's (trained with the comparison's model
   * and recipe, off the clock); the set's matched control.
   */
  softRandomAcc?: number;
  /** The set itself with hard labels, where it learnt soft ones. */
  hardLabelAcc?: number;
}

/** A distilled set trained on another model than the one that made it (the row's `evaluateOn`), and tested. */
export interface CrossArchEvaluation {
  /** The model as its row names it, settings filled in. */
  model: ModelSpec;
  /** "mlp (width 256, depth 1)". */
  label: string;
  /** Its final accuracy on the whole test split, trained as the run trained (epochs, optimizer, augmentation). */
  testAcc: number;
  /** Why its training stopped, where it diverged (`testAcc` is then its last point's). */
  diverged?: string;
}

export interface ConfusionMatrix {
  /** The dataset's class names, in the order of the rows and columns. */
  classes: string[];
  /** `counts[t][p]`: test examples of class t the trained model put in class p. */
  counts: number[][];
}

export interface DecisionBoundary {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  size: number;
  classes: number[];
}

/** How the target accuracy was chosen: set in the config, or the highest accuracy every run reached. */
export type TargetRule = 'set' | 'reached-by-all';

export interface RunResult {
  method: string;
  /** Names the row, e.g. "random 10%" or "rs2 10% (with replacement)". */
  label: string;
  /** The method's settings the run used, defaults filled in (its config row without the name). */
  settings: Record<string, unknown>;
  seed: number;
  backend: BackendName;
  points: CurvePoint[];
  /** Time the method spent before/while training that is not training itself. */
  overheadMs: number;
  /** `overheadMs` by part (pre-training, scoring, selection, teacher, re-selection), ms. */
  overhead: Partial<Record<OverheadPart, number>>;
  /** Work the run reused instead of paying for it on its clock (e.g. a cached teacher), ms it took when done. */
  reused: Partial<Record<OverheadPart, number>>;
  /** What the method picked, where it picks a subset. */
  selection?: SelectionResult;
  /** The set the method distilled, where it distils. */
  synthetic?: SyntheticResult;
  /** The distilled set evaluated part-way on request (the live view's "evaluate now"). */
  evaluations?: DistillationEvaluation[];
  trainMs: number;
  /** Evaluation time, excluded from `timeMs`. */
  evalMs: number;
  finalTestAcc: number;
  steps: number;
  /** The budget the run was given, as the config writes it; none for full data, which takes no budget. */
  budget?: BudgetSpec;
  /** Examples the method trains on per round (its data budget). */
  examplesPerRound: number;
  /** 2-D vector sets: the trained model's class over the data's range, computed off the run's clock. */
  boundary?: DecisionBoundary;
  /** A distilled run's matched controls, where the config asks for fair evaluation; after the run, off its clock. */
  fair?: FairEvaluation;
  /** A distillation's set trained on each model its row's `evaluateOn` names, after the run, off its clock. */
  crossArch?: CrossArchEvaluation[];
  /** The trained model on the whole test split, class by class (at the last evaluation, off the clock); none when it diverged. */
  confusion?: ConfusionMatrix;
  /**
   * Set when the run diverged and stopped: its points are those before, and
   * it is left out of the target and the speed-ups.
   */
  diverged?: Divergence;
  /** Chance accuracy on the test set: its largest class's share (at least 1/classes). A run that ends at or below it did not learn. */
  chanceAcc?: number;
  /**
   * The run timed again on the same seed (the config's `repeats` beyond the
   * first): the same points, subset and accuracies, only the clock's
   * readings differ. Time to target and its spread count every timing.
   */
  repeats?: RepeatTiming[];
}

/** One more timing of a run: its points' clock readings, its overhead and training time, and its evaluation's (off the clock). */
export interface RepeatTiming {
  pointTimesMs: number[];
  overheadMs: number;
  trainMs: number;
  evalMs: number;
}

/** Where and how a run diverged (a loss read back as NaN or infinite). */
export interface Divergence {
  /** The training step, or the distillation iteration, by which it was seen. */
  step: number;
  phase: 'training' | 'distillation';
  message: string;
}

export interface SummaryRow {
  method: string;
  label: string;
  /** The budget of the row's runs (a sweep has a row per method and budget); none for full data. */
  budget?: BudgetSpec;
  runs: number;
  /** How many of the row's runs diverged, and the first one's divergence; such a row has no time to target. */
  diverged?: { runs: number; first: Divergence };
  finalTestAccMean: number;
  finalTestAccStd: number;
  /** Why one of the row's runs did not learn (it ended at or below chance, or an untrained network), and how many; such a row has no time to target. */
  didNotLearn?: { runs: number; reason: string };
  /** Mean over seeds of each run's best curve point. */
  bestTestAccMean: number;
  /**
   * Mean over seeds and repeats of the time the curve reaches the target,
   * interpolated between the points around the crossing; null if one never does.
   */
  timeToTargetMs: number | null;
  /** Its sample standard deviation over seeds and repeats (0 for one timing); null with it. */
  timeToTargetMsStd: number | null;
  /** Mean over seeds of the optimizer steps to the target, interpolated; the same on every machine. */
  stepsToTarget: number | null;
  /** Mean over seeds of the training examples seen by the target, interpolated. */
  samplesToTarget: number | null;
  /** Full data's mean time to target divided by this row's; null where either is missing. */
  speedupVsFull: number | null;
  /** The standard deviation of that ratio taken seed by seed and repeat by repeat; null with it. */
  speedupVsFullStd: number | null;
  /** Full data's steps to target divided by this row's: the speed-up that is the same on every machine and click. */
  speedupVsFullSteps: number | null;
  overheadMsMean: number;
  /** `overheadMsMean` by part, each a mean over seeds (a seed without the part counts 0). */
  overheadPartsMs: Partial<Record<OverheadPart, number>>;
  /** Work reused off the clock, by part, mean over seeds (not in `overheadMsMean`). */
  reusedPartsMs: Partial<Record<OverheadPart, number>>;
  trainMsMean: number;
  steps: number;
  /**
   * Fair evaluation: the row's gain over its matched random control (its
   * final accuracy less the control's, seed by seed; mean and spread), and
   * where its set learnt soft labels, the share of that gain its set keeps
   * with hard labels (null where there is no gain to share).
   */
  fair?: {
    gainMean: number;
    gainStd: number;
    /** The matched random control's own accuracy, mean and spread over the row's runs. */
    randomAccMean: number;
    randomAccStd: number;
    hardLabelShare?: number | null;
  };
  /** A distillation row's set on the other models its row names (evaluateOn), each over the row's runs. */
  crossArch?: { label: string; accMean: number; accStd: number }[];
}

export interface ExperimentResult {
  version: 1;
  config: LabConfig;
  backend: BackendName;
  /** Threads of the wasm backend; null for the others. */
  threads: number | null;
  /** What the backend runs without (a faster kernel that could not load), and why. */
  notes: string[];
  /** The accuracy that "time to target" refers to. */
  targetAcc: number;
  /** How `targetAcc` was chosen. */
  targetRule: TargetRule;
  runs: RunResult[];
  summary: SummaryRow[];
  /** Intermediate curve points on a fixed stratified sample of the test set, the last point of each run on all of it. */
  evaluation: EvaluationInfo;
  /** What the experiment took on the wall clock: training (the runs' clocks), evaluation and set-up. */
  wall: WallTime;
}

/** Streamed while an experiment runs; the worker throttles `progress`. */
export type ExperimentEvent =
  /** The backend chosen, and why each one tried before it was passed over. */
  | {
      type: 'backend';
      backend: BackendName;
      /** Threads of the wasm backend; null for the others. */
      threads: number | null;
      skipped: { backend: BackendName; reason: string }[];
      /** What the backend runs without, and why. */
      notes: string[];
    }
  | {
      type: 'dataset';
      id: string;
      trainCount: number;
      testCount: number;
      /** Test examples the intermediate curve points are measured on (the last point of a run on all). */
      evaluation?: EvaluationInfo;
    }
  | {
      type: 'run-start';
      /** The run's place in the results: seed-major, in the config's method order. */
      runIndex: number;
      /** Its place in the order the runs run in (each seed's methods rotated; see run.ts). */
      position: number;
      /** Runs in all, each repeat counted (see `repeat`). */
      runCount: number;
      method: string;
      label: string;
      seed: number;
    }
  /**
   * Overhead: the method prepares its data (selection, pre-training, ...),
   * `part` saying which work has begun; then training.
   */
  | { type: 'phase'; runIndex: number; phase: 'overhead' | 'train'; part?: OverheadPart; totalSteps?: number }
  | { type: 'progress'; runIndex: number; step: number; totalSteps: number; timeMs: number }
  /**
   * A finished run (`runIndex`) is timed again (the config's `repeats`):
   * only its `phase` and `progress` events follow, then its timing joins the
   * run's. `position` counts it among all `runCount` runs and repeats.
   */
  | {
      type: 'repeat';
      runIndex: number;
      position: number;
      runCount: number;
      label: string;
      seed: number;
      repeat: number;
      repeats: number;
    }
  /**
   * Training holds (a pause, or the end of a stepped epoch) after `step` of
   * `totalSteps`, `rounds` of its `totalRounds` rounds (epochs of its data)
   * done; the last round may be cut short. Only under ExperimentOptions.controls.
   */
  | { type: 'held'; runIndex: number; step: number; totalSteps: number; rounds: number; totalRounds: number }
  | { type: 'point'; runIndex: number; label: string; seed: number; point: CurvePoint }
  /** Only when the run is watched live (ExperimentOptions.controls), a few a second. */
  | { type: 'distill-snapshot'; runIndex: number; label: string; seed: number; snapshot: SyntheticSnapshot }
  | { type: 'distill-evaluation'; runIndex: number; label: string; seed: number; evaluation: DistillationEvaluation }
  | { type: 'run-end'; runIndex: number; run: RunResult }
  /** Sent after each run ends: the table so far. */
  | { type: 'summary'; targetAcc: number; targetRule: TargetRule; summary: SummaryRow[] };
