/**
 * Lab side of the augmentation bench, through the product's own path
 * (runExperiment on wasm, 1 thread in Node). Augmentations the engine's
 * registry lacks print a MissingAugment line instead of their rows.
 *
 *   npx tsx bench/lab-augment.ts --timing [--smoke]
 *     time per training step, plain and with each mix: one experiment per
 *     round, one run per augmentation on the same subset and batches (one
 *     seed) after an untimed plain run, the order rotated each round, the
 *     first round untimed; the median over rounds of each run's trainMs per
 *     step. Then the augmentation's own call on one batch.
 *     One JSON line (an AugmentTiming) per augmentation.
 *   npx tsx bench/lab-augment.ts --accuracy [--smoke]
 *     one experiment per budget (every augmentation and seed); one JSON line
 *     (an AugmentRun) per run.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { requireConfig } from '../src/engine/config';
import type { LabConfig } from '../src/core/settings/config';
import { getDataset, runExperiment } from '../src/engine/experiment/run';
import { nodePackSource } from '../src/engine/data/node-source';
import { OpenDatasets } from '../src/engine/data/open-datasets';
import { subsetSplit, type Dataset } from '../src/core/data/dataset';
import { AUGMENTATIONS, augmentationEntry } from '../src/engine/augment/registry';
import { modelEntry } from '../src/engine/models/registry';
import { batchSource } from '../src/engine/train/batch-source';
import { oneHotTargets } from '../src/engine/train/loss';
import { settleOn } from '../src/engine/train/pacing';
import { Rng } from '../src/core/rng';
import type { RunResult } from '../src/core/results/types';
import { withFewTestExamples } from './config';
import {
  AUGMENT_PLAN,
  AUGMENT_TRAIN,
  AUGMENTS,
  SMOKE_PLAN,
  accuracyLabConfig,
  rotated,
  timingLabConfig,
  type Augment,
  type AugmentPlan,
  type AugmentRun,
  type AugmentTiming,
  type MissingAugment,
} from './augment-config';

tf.env().set('PROD', true);

/** The datasets the bench runs: the bundled ones. */
const datasets = new OpenDatasets();

/** The middle value (the mean of the two middle ones for an even count): one slow run, when the machine is busy, does not move it. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const emit = (line: AugmentTiming | AugmentRun | MissingAugment) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** The augmentations the engine has (others are being added), after a line for each it lacks. */
function availableAugments(): Augment[] {
  const known = (a: Augment) => a === 'none' || AUGMENTATIONS.some((entry) => entry.id === a);
  for (const missing of AUGMENTS.filter((a) => !known(a)))
    emit({ missing, reason: `the engine's registry has no "${missing}" (src/engine/augment/registry.ts)` });
  return AUGMENTS.filter(known);
}

/** A run's augmentation, read back from its method row. */
function augmentOf(run: RunResult): Augment {
  return ((run.settings.augment as { name?: Augment } | undefined)?.name ?? 'none') as Augment;
}

/** Loads Fashion-MNIST into a dataset cache for the experiments, changed by `adjust` (fewer examples). */
async function datasetCache(
  adjust: (dataset: Dataset) => Dataset,
): Promise<{ dataset: Dataset; loaded: Map<string, Promise<Dataset>> }> {
  const loaded = new Map<string, Promise<Dataset>>();
  const read = await getDataset({ dataset: 'fashion-mnist', data: {} }, { datasets, source: nodePackSource, loaded });
  const dataset = adjust(read);
  for (const key of loaded.keys()) loaded.set(key, Promise.resolve(dataset));
  return { dataset, loaded };
}

/** Milliseconds of the augmentation's own call on one batch (inside a tidy, as the step runs it), median of `calls` after as many untimed. */
async function mixCallMs(config: LabConfig, dataset: Dataset, augment: Augment, calls: number): Promise<number> {
  const spec = config.methods.find((m) => m.augment?.name === augment)!.augment!;
  const classCount = dataset.classes.length;
  const mixer = augmentationEntry(augment).create(spec, { input: dataset.input, classCount });
  const model = modelEntry(config.model.name).create(dataset.input, classCount, config.model, new Rng(0));
  const train = batchSource(dataset.train, dataset.input, 'wasm');
  const batch = tf.tidy(() => {
    const { x, y } = train.gather(Int32Array.from({ length: AUGMENT_TRAIN.batchSize }, (_, i) => i));
    return { x, targets: oneHotTargets(y, classCount) };
  });
  const rng = new Rng(1);
  const times: number[] = [];
  try {
    for (let call = 0; call < 2 * calls; call++) {
      const started = performance.now();
      const mixed = tf.tidy(() => mixer.mix(batch, rng, model).x);
      await settleOn(mixed);
      if (call >= calls) times.push(performance.now() - started);
      if (mixed !== batch.x) mixed.dispose();
    }
  } finally {
    tf.dispose([batch.x, batch.targets]);
    train.dispose();
    model.dispose();
  }
  return median(times);
}

async function timing(plan: AugmentPlan): Promise<void> {
  const augments = availableAugments();
  // Evaluation is not timed: a few test examples keep it short.
  const { dataset, loaded } = await datasetCache(withFewTestExamples);
  const perStep = new Map<Augment, number[]>(augments.map((a) => [a, []]));
  let steps = 0;
  for (let round = 0; round <= plan.timing.rounds; round++) {
    const config = requireConfig(datasets, timingLabConfig(plan, rotated(augments, round), dataset.train.count));
    const result = await runExperiment(config, { datasets, source: nodePackSource, loaded });
    if (round === 0) continue;
    for (const run of result.runs.slice(1)) {
      perStep.get(augmentOf(run))!.push(run.trainMs / run.steps);
      steps = run.steps;
    }
    process.stderr.write(`  lab timing round ${round} of ${plan.timing.rounds}\n`);
  }
  const config = requireConfig(datasets, timingLabConfig(plan, augments, dataset.train.count));
  for (const augment of augments) {
    const roundsMs = perStep.get(augment)!;
    const mixMs = augment === 'none' ? 0 : await mixCallMs(config, dataset, augment, plan.timing.mixCalls);
    emit({ side: 'lab', augment, steps, stepMs: median(roundsMs), roundsMs, mixMs });
  }
}

/** The first `count` examples of a split (all of them for null). */
function firstOf(dataset: Dataset, part: 'train' | 'test', count: number | null): Dataset['train'] {
  const split = dataset[part];
  if (count === null || count >= split.count) return split;
  return subsetSplit(
    split,
    dataset.input,
    Int32Array.from({ length: count }, (_, i) => i),
  );
}

async function accuracy(plan: AugmentPlan): Promise<void> {
  const augments = availableAugments();
  const { trainCap, testCap } = plan.accuracy;
  const { loaded } = await datasetCache((d) => ({
    ...d,
    train: firstOf(d, 'train', trainCap),
    test: firstOf(d, 'test', testCap),
  }));
  for (const budget of plan.accuracy.budgets) {
    const result = await runExperiment(requireConfig(datasets, accuracyLabConfig(plan, budget, augments)), {
      datasets,
      source: nodePackSource,
      loaded,
      onEvent: (event) => {
        if (event.type === 'run-end')
          process.stderr.write(
            `  lab ${event.run.label} seed ${event.run.seed}: ${(event.run.finalTestAcc * 100).toFixed(1)}%\n`,
          );
      },
    });
    for (const run of result.runs) {
      emit({
        side: 'lab',
        budget: budget.name,
        augment: augmentOf(run),
        seed: run.seed,
        epochs: budget.epochs,
        steps: run.steps,
        testAcc: run.finalTestAcc,
      });
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { timing: { type: 'boolean' }, accuracy: { type: 'boolean' }, smoke: { type: 'boolean' } },
  });
  if (values.timing === values.accuracy) throw new Error('usage: lab-augment.ts --timing|--accuracy [--smoke]');
  const plan = values.smoke ? SMOKE_PLAN : AUGMENT_PLAN;
  await (values.timing ? timing(plan) : accuracy(plan));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
