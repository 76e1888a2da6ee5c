/**
 * The uniform interface of a method. A method turns (dataset, budget, seed)
 * into a DataPlan: which examples each training round holds, and optionally
 * an augmentation of each batch or a teacher's soft labels. The run's clock
 * is running while it plans; the parts of that work are recorded as overhead
 * through `context.overhead`, so the results can show them apart.
 */
import type * as v from 'valibot';
import type { OverheadPart } from '../../core/results/types';
import type { MethodFamily } from '../../core/settings/catalog';
import type { Dataset, InputSpec } from '../../core/data/dataset';
import type { Model, ModelEntry } from '../models/model';
import type { Rng } from '../../core/rng';
import type { BatchSource } from '../train/batch-source';
import type { TrainSettings } from '../train/loop';
import type { Budget } from '../methods/budget';
import type { ArtifactStore } from '../../core/artifact-store';
import type { DataPlan, SyntheticSet } from './plan';
import { type NoSettings, type ParsesSettings, type Settings, settingsParser } from './settings';

export interface OverheadRecorder {
  /** Runs `work`, adding its time on the run's clock to `part`. */
  time<T>(part: OverheadPart, work: () => Promise<T> | T): Promise<T>;
  /** time, also saying what was added: the cost a cache keeps, the same that was charged. */
  onClock<T>(part: OverheadPart, work: () => Promise<T>): Promise<{ result: T; ms: number }>;
  /** Adds time spent elsewhere (a cached teacher's recorded cost) to `part` and to the run's clock. */
  charge(part: OverheadPart, ms: number): void;
  /** Notes work taken from a cache without charging it: `ms` is what it cost when it was done. */
  reuse(part: OverheadPart, ms: number): void;
  /** Runs `work` with the clock paused (work the run treats as already done), noting its time as reused. */
  offClock<T>(part: OverheadPart, work: () => Promise<T>): Promise<{ result: T; ms: number }>;
}

/** A distillation part-way: the synthetic set after `iteration` (of `iterations`), and its loss so far. */
export interface DistillationSnapshot extends SyntheticSet {
  iteration: number;
  iterations: number;
  /** True when the distillation is held here by a pause. */
  paused: boolean;
}

/**
 * A live view's hold on a distillation (the page's; headless runs have
 * none). The matching loop reports to it and obeys it between iterations
 * (see MatchingProgress), always off the run's clock.
 */
export interface DistillationWatch {
  /** Hears the set every so often, and at the first and last iteration. */
  show(snapshot: DistillationSnapshot): void;
  /** True while the user holds the distillation. */
  paused(): boolean;
  /** True once per resume asked: a held distillation runs at least one iteration on it (see TrainingHold.takeResume). */
  takeResume(): boolean;
  /** True once per "evaluate now" request. */
  takeEvaluation(): boolean;
  /** Trains a fresh network on `plan` (the set after `iteration`), tests it and reports the point. */
  evaluate(plan: DataPlan, iteration: number): Promise<void>;
  /** Runs `work` with the run's clock paused: watching is not the run's work. */
  aside<T>(work: () => Promise<T>): Promise<T>;
}

export interface MethodContext {
  dataset: Dataset;
  budget: Budget;
  epochs: number;
  batchSize: number;
  rng: Rng;
  /** The run's seed, for artifacts shared by every method of a seed (a teacher). */
  seed: number;
  /**
   * The model the run will train, untrained while the method plans: methods
   * read it (a text set is distilled in its embedding space), never train it.
   */
  runModel: Model;
  /** The comparison's model, for methods that pre-train or embed. */
  model: { entry: ModelEntry; spec: Record<string, unknown>; create(rng: Rng): Model };
  settings: TrainSettings;
  /** The training split, prepared for the model. */
  train: BatchSource;
  overhead: OverheadRecorder;
  /** Artifacts shared across the runs of an experiment (e.g. a teacher's outputs), by key. */
  cache: Map<string, unknown>;
  /** Where cached work lasts across sessions (the page's IndexedDB), behind `cache`; absent headless. */
  store?: ArtifactStore;
  /** Polled during long preparation; true means the run was cancelled. */
  shouldStop: () => boolean;
  /** Present when something watches the run's distillation live. */
  watch?: DistillationWatch;
}

/** What a method is, apart from its settings. */
interface MethodInfo {
  id: string;
  family: MethodFamily;
  description: string;
  /** The kinds of data the method works on; every kind when absent. */
  inputs?: InputSpec['kind'][];
}

/**
 * A method as the registry holds it, its settings erased: callers hand over
 * a row (a checked config row, `name` and all), which the method parses with
 * its own schema (see defineMethod).
 */
export interface MethodEntry extends MethodInfo {
  /** Settings beyond `name`, with defaults (valibot entries, titled and described for the form). */
  params: v.ObjectEntries;
  /** Names the results row, e.g. "rs2 10% (with replacement)". */
  label(row: Record<string, unknown>, budget: Budget): string;
  plan(context: MethodContext, row: Record<string, unknown>): DataPlan | Promise<DataPlan>;
}

/**
 * A method as its file writes it: its own settings' schema (`params`), and
 * callbacks that get them parsed and typed, together with the settings `S`
 * that its family shares (see defineFamilyMethod).
 */
export interface MethodDefinition<P extends v.ObjectEntries, S extends v.ObjectEntries = NoSettings>
  extends MethodInfo {
  params: P;
  label(settings: Settings<P> & Settings<S>, budget: Budget): string;
  plan(context: MethodContext, settings: Settings<P> & Settings<S>): DataPlan | Promise<DataPlan>;
}

/** The registry's entry for a method whose settings are its own. */
export function defineMethod<P extends v.ObjectEntries>(
  definition: MethodDefinition<P>,
): MethodEntry & ParsesSettings<Settings<P>> {
  return defineFamilyMethod({}, definition);
}

/**
 * The registry's entry for a method of a family (subset selection by scores
 * or by geometry) whose helper reads the settings it adds, `shared`, beside
 * the method's own: parsed apart, the two stay typed inside the generic
 * helper. The form lists the method's own settings first.
 */
export function defineFamilyMethod<S extends v.ObjectEntries, P extends v.ObjectEntries>(
  shared: S,
  { params, label, plan, ...info }: MethodDefinition<P, S>,
): MethodEntry & ParsesSettings<Settings<P> & Settings<S>> {
  const own = settingsParser(params);
  const common = settingsParser(shared);
  const settings = (row: Record<string, unknown>) => ({ ...own(row), ...common(row) });
  return {
    ...info,
    params: { ...params, ...shared },
    settings,
    label: (row, budget) => label(settings(row), budget),
    plan: (context, row) => plan(context, settings(row)),
  };
}
