/**
 * Runs a comparison: every (seed, method) pair trains the same model from the
 * same initial weights (per seed) through the one training loop, on one
 * backend, and streams its curve. Time counts the method's overhead and its
 * training; evaluation is excluded.
 */
import * as tf from '@tensorflow/tfjs';
import type { LabConfig } from '../../core/settings/config';
import { backendThreads, initBackend } from '../runtime/backend';
import { featureSize, type Dataset } from '../../core/data/dataset';
import { modelEntry } from '../models/registry';
import type { ModelEntry } from '../models/model';
import { resolveBudget } from '../methods/budget';
import { Rng } from '../../core/rng';
import { batchSource } from '../train/batch-source';
import { crossEntropyOn, lossGradients } from '../train/loop';
import { evaluationSample } from '../train/evaluate';
import { subsetSplit } from '../../core/data/dataset';
import { wallTime, type SetupTimes } from '../../core/results/wall';
import { oneHotTargets } from '../train/loss';
import { summarize } from '../../core/results/summary';
import type { BackendName, ExperimentEvent, ExperimentResult, RunResult } from '../../core/results/types';
import type { ExperimentOptions } from './options';
import { runOne } from './run-one';
import { whitenDataset } from '../data/zca';
import { budgetsOf, isSweep, plannedRuns, trainsOnAllData, type PlannedRun } from '../../core/settings/sweep';

/** A dataset kept with the loaded ones by `key`, made once; a failed one is forgotten, so that a retry makes it again. */
function keptDataset(options: ExperimentOptions, key: string, make: () => Promise<Dataset>): Promise<Dataset> {
  const cached = options.loaded?.get(key);
  if (cached) return cached;
  const making = make();
  options.loaded?.set(key, making);
  making.catch(() => options.loaded?.delete(key));
  return making;
}

export function getDataset(config: Pick<LabConfig, 'dataset' | 'data'>, options: ExperimentOptions): Promise<Dataset> {
  return keptDataset(options, `${config.dataset}:${config.data.seqLength ?? ''}`, () =>
    options.datasets.load(config.dataset, options.source, {
      seqLength: config.data.seqLength,
      onProgress: options.onDownload,
    }),
  );
}

/** The dataset ZCA-whitened, once per dataset, sequence length and backend. */
function whitened(config: Pick<LabConfig, 'dataset' | 'data'>, dataset: Dataset, options: ExperimentOptions) {
  return keptDataset(options, `${config.dataset}:${config.data.seqLength ?? ''}:zca:${tf.getBackend()}`, () =>
    whitenDataset(dataset),
  );
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
  let dataset = await getDataset(config, options);
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
  if (config.data.zca) {
    // Preprocessing every method shares, as the papers whiten once before they start: set-up, on no run's clock.
    const whiteningStartedAt = performance.now();
    dataset = await whitened(config, dataset, options);
    setup.dataMs += performance.now() - whiteningStartedAt;
  }

  const sweep = isSweep(config);
  const budgets = budgetsOf(config).map((spec, i) => resolveBudget(spec, dataset, sweep ? `budgets[${i}]` : 'budget'));
  const chanceAcc = chanceAccuracy(dataset.test.y, dataset.classes.length);
  const planned = plannedRuns(config);
  const repeats = config.repeats ?? 1;
  const uploadStartedAt = performance.now();
  const train = batchSource(dataset.train, dataset.input, backend);
  const test = batchSource(dataset.test, dataset.input, backend);
  const testSample =
    evaluation.sample < evaluation.of
      ? batchSource(subsetSplit(dataset.test, dataset.input, sampleIndices), dataset.input, backend)
      : test;
  setup.dataMs += performance.now() - uploadStartedAt;
  // By run index (see plannedRuns), whatever order they ran in.
  const slots: (RunResult | undefined)[] = new Array(planned.length).fill(undefined);
  const finished = () => slots.filter((run): run is RunResult => run !== undefined);
  const artifacts = options.artifacts ?? new Map<string, unknown>();
  try {
    const shared = {
      config,
      dataset,
      model,
      backend,
      train,
      test,
      testSample,
      setup,
      runCount: planned.length * repeats,
      options,
      artifacts,
    };
    let position = 0;
    // Each (seed, budget)'s methods run in a rotated order, and each repeat
    // rotates them again, so that no method always runs first, on the
    // coldest code, or right after the same other method.
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const group of runGroups(planned)) {
        const turn = repeat + group[0].seedIndex + group[0].budgetIndex;
        for (const { runIndex, seed, spec, budgetIndex, budget } of rotated(group, turn)) {
          const input = { ...shared, seed, spec, runIndex, budget: budgets[budgetIndex] };
          if (repeat === 0) {
            const run = await runOne({ ...input, position: position++, emit });
            run.chanceAcc = chanceAcc;
            if (!trainsOnAllData(spec.name)) run.budget = budget;
            slots[runIndex] = run;
            emit({ type: 'run-end', runIndex, run });
            emit({ type: 'summary', ...summarize(finished(), config.targetAcc) });
            continue;
          }
          const first = slots[runIndex]!;
          emit({
            type: 'repeat',
            runIndex,
            position,
            runCount: shared.runCount,
            label: first.label,
            seed,
            repeat,
            repeats,
          });
          // The repeat's own events would redraw the run; only its clock is wanted.
          const again = await runOne({
            ...input,
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

/** The planned runs in groups of one seed and one budget, in their order. */
function runGroups(planned: readonly PlannedRun[]): PlannedRun[][] {
  const groups: PlannedRun[][] = [];
  for (const run of planned) {
    const last = groups[groups.length - 1];
    if (last && last[0].seedIndex === run.seedIndex && last[0].budgetIndex === run.budgetIndex) last.push(run);
    else groups.push([run]);
  }
  return groups;
}

/** `items` starting from its `by`-th (modulo its length), then wrapping round. */
function rotated<T>(items: readonly T[], by: number): T[] {
  const start = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/** Passes on only the events of the given types. */
function quietExcept(
  emit: (event: ExperimentEvent) => void,
  types: readonly ExperimentEvent['type'][],
): (event: ExperimentEvent) => void {
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
