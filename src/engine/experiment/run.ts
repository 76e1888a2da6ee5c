/**
 * Runs a comparison: every (seed, method) pair trains the same model from the
 * same initial weights (per seed) through the one training loop, on one
 * backend, and streams its curve. Time counts the method's overhead and its
 * training; evaluation is excluded.
 */
import * as tf from '@tensorflow/tfjs';
import type { LabConfig, MethodSpec } from '../../core/settings/config';
import { backendThreads, initBackend } from '../runtime/backend';
import { featureSize, type Dataset } from '../../core/data/dataset';
import { loadDataset, type PackSource } from '../data/registry';
import { modelEntry } from '../models/registry';
import type { ModelEntry } from '../models/model';
import { methodEntry } from '../methods/registry';
import { augmentationEntry } from '../augment/registry';
import { resolveBudget, stepsPerRound, type Budget } from '../methods/budget';
import { Rng } from '../../core/rng';
import { Clock } from '../train/clock';
import { batchSource, type BatchSource } from '../train/batch-source';
import { crossEntropyOn, lossGradients, trainModel, warmUp } from '../train/loop';
import { RunDiverged } from '../contracts/errors';
import { evaluationSample } from '../train/evaluate';
import { subsetSplit } from '../../core/data/dataset';
import { wallTime, type SetupTimes } from '../../core/results/wall';
import type { DataPlan, Selection, SyntheticSet } from '../contracts/plan';
import type { ArtifactStore } from '../../core/artifact-store';
import { overheadLedger } from './overhead';
import { oneHotTargets } from '../train/loss';
import { summarize } from '../../core/results/summary';
import { decisionBoundary } from './boundary';
import { distillationWatch, type RunControls } from './watch';
import type {
  BackendName,
  Divergence,
  ExperimentEvent,
  ExperimentResult,
  RunResult,
  SelectionResult,
  SyntheticResult,
} from '../../core/results/types';
import type { CurvePoint } from '../../core/results/curve';

export interface ExperimentOptions {
  source: PackSource;
  onEvent?: (event: ExperimentEvent) => void;
  /** Polled between steps; a true answer ends the experiment with RunCancelled. */
  shouldStop?: () => boolean;
  /** Datasets loaded or loading, reused across experiments (keyed by id and sequence length). */
  datasets?: Map<string, Promise<Dataset>>;
  wasmPaths?: Record<string, string>;
  onDownload?: (loaded: number, total: number) => void;
  /** Artifacts reused across runs (a teacher's outputs, ...), kept by the caller across experiments. */
  artifacts?: Map<string, unknown>;
  /** Keeps that cached work across sessions (the page's IndexedDB; see methods/cached-work.ts). */
  store?: ArtifactStore;
  /**
   * The user's hold on the run: training pauses between steps and steps an
   * epoch at a time (`held` events say where it holds); distillations are
   * watched live, their sets streaming as `distill-snapshot` events, held and
   * evaluated on request.
   */
  controls?: RunControls;
}

/** Streams of randomness a seed drives; the same for every method of a seed. */
const STREAM = { init: 1, method: 2, batches: 3 } as const;

export async function getDataset(config: Pick<LabConfig, 'dataset' | 'data'>, options: ExperimentOptions): Promise<Dataset> {
  const key = `${config.dataset}:${config.data.seqLength ?? ''}`;
  const cached = options.datasets?.get(key);
  if (cached) return cached;
  const loading = loadDataset(config.dataset, options.source, {
    seqLength: config.data.seqLength,
    onProgress: options.onDownload,
  });
  options.datasets?.set(key, loading);
  // A failed load is forgotten, so that a retry fetches again.
  loading.catch(() => options.datasets?.delete(key));
  return loading;
}

/**
 * One training step of the model on two examples: throws where the backend
 * lacks a kernel. Reads back asynchronously: a synchronous read can lose the
 * WebGPU device.
 */
async function probeTraining(entry: ModelEntry, config: LabConfig, dataset: Dataset): Promise<void> {
  const classCount = dataset.classes.length;
  const model = entry.create(dataset.input, classCount, config.model, new Rng(0));
  const count = Math.min(2, dataset.train.count);
  const size = featureSize(dataset.input);
  const split = batchSource(
    { count, x: dataset.train.x.subarray(0, count * size), y: dataset.train.y.subarray(0, count) },
    dataset.input,
    tf.getBackend() as BackendName,
  );
  try {
    const sums = tf.tidy(() => {
      const batch = split.gather(Int32Array.from({ length: count }, (_, i) => i));
      return lossGradients(model, batch.x, crossEntropyOn(oneHotTargets(batch.y, classCount))).map((g) => tf.sum(g));
    });
    await Promise.all(sums.map((s) => s.data()));
    tf.dispose(sums);
  } finally {
    split.dispose();
    model.dispose();
  }
}

export async function runExperiment(config: LabConfig, options: ExperimentOptions): Promise<ExperimentResult> {
  const emit = (event: ExperimentEvent) => options.onEvent?.(event);
  const startedAt = performance.now();
  const setup: SetupTimes = { dataMs: 0, backendMs: 0, warmUpMs: 0 };
  const dataset = await getDataset(config, options);
  const sampleIndices = evaluationSample(dataset.test.y);
  const evaluation = { sample: sampleIndices.length, of: dataset.test.count };
  setup.dataMs += performance.now() - startedAt;
  emit({ type: 'dataset', id: dataset.id, trainCount: dataset.train.count, testCount: dataset.test.count, evaluation });

  const model = modelEntry(config.model.name);
  const skipped: { backend: BackendName; reason: string }[] = [];
  const notes: string[] = [];
  const backendStartedAt = performance.now();
  const backend = await initBackend({
    onSkip: (name, reason) => skipped.push({ backend: name, reason }),
    onNote: (note) => notes.push(note),
    prefer: config.backend,
    only: config.backend !== undefined,
    wasmPaths: options.wasmPaths,
    wasmThreads: config.wasmThreads,
    probe: () => probeTraining(model, config, dataset),
  });
  const threads = backendThreads();
  setup.backendMs += performance.now() - backendStartedAt;
  emit({ type: 'backend', backend, threads, skipped, notes });

  const budget = resolveBudget(config.budget, dataset);
  const chanceAcc = chanceAccuracy(dataset.test.y, dataset.classes.length);
  const pairs = config.seeds.flatMap((seed) => config.methods.map((spec) => ({ seed, spec })));
  const repeats = config.repeats ?? 1;
  const uploadStartedAt = performance.now();
  const train = batchSource(dataset.train, dataset.input, backend);
  const test = batchSource(dataset.test, dataset.input, backend);
  const testSample =
    evaluation.sample < evaluation.of ? batchSource(subsetSplit(dataset.test, dataset.input, sampleIndices), dataset.input, backend) : test;
  setup.dataMs += performance.now() - uploadStartedAt;
  // By run index (seed-major, the config's method order), whatever order they ran in.
  const slots: (RunResult | undefined)[] = new Array(pairs.length).fill(undefined);
  const finished = () => slots.filter((run): run is RunResult => run !== undefined);
  const artifacts = options.artifacts ?? new Map<string, unknown>();
  try {
    const shared = {
      config,
      dataset,
      model,
      budget,
      backend,
      train,
      test,
      testSample,
      setup,
      runCount: pairs.length * repeats,
      options,
      artifacts,
    };
    let position = 0;
    // Each seed's methods run in a rotated order, and each repeat rotates them
    // again, so that no method always runs first, on the coldest code, or
    // right after the same other method.
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const [seedIndex, seed] of config.seeds.entries()) {
        for (const methodIndex of rotated(
          config.methods.map((_, i) => i),
          repeat + seedIndex,
        )) {
          const runIndex = seedIndex * config.methods.length + methodIndex;
          const spec = config.methods[methodIndex];
          if (repeat === 0) {
            const run = await runOne({ ...shared, seed, spec, runIndex, position: position++, emit });
            run.chanceAcc = chanceAcc;
            slots[runIndex] = run;
            emit({ type: 'run-end', runIndex, run });
            emit({ type: 'summary', ...summarize(finished(), config.targetAcc) });
            continue;
          }
          const first = slots[runIndex]!;
          emit({ type: 'repeat', runIndex, position, runCount: shared.runCount, label: first.label, seed, repeat, repeats });
          // The repeat's own events would redraw the run; only its clock is wanted.
          const again = await runOne({
            ...shared,
            seed,
            spec,
            runIndex,
            position: position++,
            emit: quietExcept(emit, ['phase', 'progress']),
          });
          if (!first.diverged && !again.diverged && again.points.length === first.points.length) {
            first.repeats = [
              ...(first.repeats ?? []),
              {
                pointTimesMs: again.points.map((p) => p.timeMs),
                overheadMs: again.overheadMs,
                trainMs: again.trainMs,
                evalMs: again.evalMs,
              },
            ];
          }
        }
        if (repeat > 0) emit({ type: 'summary', ...summarize(finished(), config.targetAcc) });
      }
    }
  } finally {
    train.dispose();
    test.dispose();
    if (testSample !== test) testSample.dispose();
  }
  const runs = finished();
  const wall = wallTime(performance.now() - startedAt, runs, setup);
  return { version: 1, config, backend, threads, notes, ...summarize(runs, config.targetAcc), runs, evaluation, wall };
}

/** `items` starting from its `by`-th (modulo its length), then wrapping round. */
function rotated<T>(items: readonly T[], by: number): T[] {
  const start = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** Passes on only the events of the given types. */
function quietExcept(emit: (event: ExperimentEvent) => void, types: readonly ExperimentEvent['type'][]): (event: ExperimentEvent) => void {
  return (event) => {
    if (types.includes(event.type)) emit(event);
  };
}

/** Chance on the test set: the share of its largest class, at least 1/classes (what always answering one class scores). */
export function chanceAccuracy(labels: ArrayLike<number>, classCount: number): number {
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return Math.max(1 / classCount, labels.length > 0 ? Math.max(...counts) / labels.length : 0);
}

interface RunInput {
  config: LabConfig;
  dataset: Dataset;
  model: ModelEntry;
  budget: Budget;
  backend: BackendName;
  train: BatchSource;
  test: BatchSource;
  /** The fixed stratified sample of `test` that the points before a run's last are measured on. */
  testSample: BatchSource;
  /** Set-up time, added to as runs warm up. */
  setup: SetupTimes;
  seed: number;
  spec: MethodSpec;
  runIndex: number;
  /** Where the run comes in the order they run in, repeats counted (0: the first, which warms up). */
  position: number;
  runCount: number;
  emit: (event: ExperimentEvent) => void;
  options: ExperimentOptions;
  artifacts: Map<string, unknown>;
}

/** A method row's settings without its name. */
function methodSettings({ name: _, ...settings }: MethodSpec): Record<string, unknown> {
  return settings;
}

function syntheticResult(set: SyntheticSet): SyntheticResult {
  return {
    classes: Array.from(set.classes),
    shape: set.shape,
    values: Array.from(set.values),
    labels: set.labels && Array.from(set.labels),
    words: set.words,
    loss: set.loss,
  };
}

function selectionResult(selection: Selection): SelectionResult {
  return {
    indices: Array.from(selection.indices),
    scores: selection.scores && Array.from(selection.scores),
    scoreName: selection.scoreName,
    keepsHighest: selection.keepsHighest,
    rounds: selection.rounds,
  };
}

async function runOne(input: RunInput): Promise<RunResult> {
  const { config, dataset, budget, seed, spec, runIndex, emit } = input;
  const method = methodEntry(spec.name);
  const mixing = spec.augment && augmentationEntry(spec.augment.name);
  const label = `${method.label(spec, budget)}${mixing ? ` + ${mixing.label(spec.augment!)}` : ''}`;
  const classCount = dataset.classes.length;
  const seedRng = new Rng(seed);
  const model = input.model.create(dataset.input, classCount, config.model, seedRng.fork(STREAM.init));
  const settings = { ...config.train };
  emit({ type: 'run-start', runIndex, position: input.position, runCount: input.runCount, method: method.id, label, seed });
  try {
    const job = { model, classCount, train: input.train, test: input.test, settings };
    // Every run shares the model's shapes, so the first run's warm-up compiles what all of them need.
    if (input.position === 0) {
      const warmUpStartedAt = performance.now();
      await warmUp(job);
      input.setup.warmUpMs += performance.now() - warmUpStartedAt;
    }

    const clock = new Clock();
    // While the method plans, each part it starts is announced; re-selections during training are not.
    let planning = true;
    const overhead = overheadLedger(clock, (part) => planning && emit({ type: 'phase', runIndex, phase: 'overhead', part }));
    const shouldStop = input.options.shouldStop ?? (() => false);
    const createModel = (rng: Rng) => input.model.create(dataset.input, classCount, config.model, rng);
    const controls = input.options.controls;
    const live = controls && distillationWatch(controls, { runIndex, label, seed, clock, ...job, createModel, shouldStop, emit });
    clock.start();
    emit({ type: 'phase', runIndex, phase: 'overhead' });
    let plan: DataPlan | undefined;
    let trained: { points: CurvePoint[]; evalMs: number; diverged?: Divergence };
    try {
      plan = await method.plan(
        {
          dataset,
          budget,
          epochs: config.train.epochs,
          batchSize: config.train.batchSize,
          rng: seedRng.fork(STREAM.method),
          seed,
          runModel: model,
          model: { entry: input.model, spec: config.model, create: createModel },
          settings,
          train: input.train,
          overhead,
          cache: input.artifacts,
          store: input.options.store,
          shouldStop,
          watch: live?.watch,
        },
        spec,
      );
      planning = false;
      if (mixing) plan.augment = mixing.create(spec.augment!, { input: dataset.input, classCount });
      // Planning that no part claimed (drawing a random subset) counts as selection.
      overhead.claimRest('select', clock.elapsed());

      emit({ type: 'phase', runIndex, phase: 'train', totalSteps: plan.totalSteps });
      const planned = plan;
      const totalRounds = Math.ceil(plan.totalSteps / stepsPerRound(plan.examplesPerRound, settings.batchSize));
      trained = await trainModel({
        ...job,
        testSample: input.testSample,
        plan,
        clock,
        rng: seedRng.fork(STREAM.batches),
        onPoint: (point) => emit({ type: 'point', runIndex, label, seed, point }),
        onProgress: (step, totalSteps, timeMs) => emit({ type: 'progress', runIndex, step, totalSteps, timeMs }),
        shouldStop,
        hold: controls && {
          paused: () => controls.paused(),
          takeStep: () => controls.takeStep(),
          takeResume: () => controls.takeResume(),
          onHeld: (step, rounds) => emit({ type: 'held', runIndex, step, totalSteps: planned.totalSteps, rounds, totalRounds }),
        },
      }).finally(() => planned.dispose?.());
    } catch (error) {
      // A diverged run stops here with what it measured; the experiment goes on with the next.
      if (!(error instanceof RunDiverged)) throw error;
      clock.pause();
      trained = { points: error.points, evalMs: error.evalMs, diverged: { step: error.step, phase: error.phase, message: error.message } };
    }
    const { points, evalMs, diverged } = trained;
    // The last point is taken after the last step, so it closes the training time; a diverged run's clock stopped where it did.
    const last = points.at(-1);
    const endMs = diverged ? clock.elapsed() : last!.timeMs;
    // Re-selection during training is overhead too.
    const overheadMs = overhead.total();
    // On 2-D sets, the model's class over the data's range; off the clock, which stopped at the last point.
    const boundary = diverged ? undefined : await decisionBoundary(model, dataset);
    return {
      method: method.id,
      label,
      settings: methodSettings(spec),
      seed,
      backend: input.backend,
      points,
      overheadMs,
      trainMs: Math.max(0, endMs - overheadMs),
      evalMs,
      finalTestAcc: last?.testAcc ?? 0,
      steps: plan?.totalSteps ?? 0,
      examplesPerRound: plan?.examplesPerRound ?? 0,
      overhead: { ...overhead.parts },
      reused: { ...overhead.reused },
      selection: plan?.selection && selectionResult(plan.selection),
      synthetic: plan?.synthetic && syntheticResult(plan.synthetic),
      evaluations: live?.evaluations.length ? live.evaluations : undefined,
      boundary,
      ...(diverged ? { diverged } : {}),
    };
  } finally {
    model.dispose();
  }
}
