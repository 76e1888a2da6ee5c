/**
 * Every method at its default settings, on every bundled dataset whose kind
 * of data it takes, trains without diverging: no run stops diverged, every
 * distillation's matching loss stays finite and does not run away from
 * where it started, and on the image and 2-D sets every baseline and
 * distilled set learns more than chance. The 2-D sets run in full and with every default (they are
 * cheap, and the step sizes the papers tuned on images ran away on them
 * within 5 to 60 iterations); image and text sets are cut to a small
 * class-balanced sample, and their distillations to fewer iterations.
 */
import { beforeAll, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { requireConfig } from '../../../../src/engine/config';
import { indicesByClass, subsetSplit, type Dataset } from '../../../../src/core/data/dataset';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { DATASETS } from '../../../../src/engine/data/registry';
import { runExperiment } from '../../../../src/engine/experiment/run';
import type { RunResult } from '../../../../src/core/results/types';
import { METHODS } from '../../../../src/engine/methods/registry';
import { MODELS } from '../../../../src/engine/models/registry';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

/** At most this many examples of each class, train and test, from an image or text dataset. */
const SAMPLE_PER_CLASS = 50;
/**
 * Distillation iterations on image and text samples (2-D sets keep every
 * default): the paper's steps ran away on them within 5 to 25 iterations.
 */
const SHORT_ITERATIONS = 30;
/** A matching loss that ends up this many times above its first reading has run away. */
const LOSS_RISE = 10;
/** On image and 2-D sets every baseline and distilled set must beat chance by this much (in accuracy). */
const OVER_CHANCE = 0.05;

/**
 * Budgets per kind of data: the stiffest matches are at one example per
 * class; 2-D and text sets are cheap enough for ten as well.
 */
const IPCS: Record<Dataset['input']['kind'], number[]> = { vector: [1, 10], tokens: [1, 10], image: [1] };

/** The first `perClass` examples of each class of `split`. */
function classSample(dataset: Dataset, split: 'train' | 'test', perClass: number) {
  const members = indicesByClass(dataset[split].y, dataset.classes.length);
  return subsetSplit(
    dataset[split],
    dataset.input,
    Int32Array.from(members.flatMap((m) => Array.from(m.subarray(0, perClass)))),
  );
}

/** A bundled dataset as the test runs it: the 2-D sets whole, the others a class-balanced sample (without their texts, kept for previews). */
async function benchDataset(id: string): Promise<Dataset> {
  const dataset = await bundled.load(id, nodePackSource);
  if (dataset.input.kind === 'vector') return dataset;
  const { texts: _previews, ...rest } = dataset;
  return {
    ...rest,
    train: classSample(dataset, 'train', SAMPLE_PER_CLASS),
    test: classSample(dataset, 'test', SAMPLE_PER_CLASS),
  };
}

/** A row for every method that takes `kind`, at its defaults but for fewer distillation iterations off the 2-D sets. */
function methodRows(kind: Dataset['input']['kind']) {
  const short = kind !== 'vector';
  return METHODS.filter((m) => !m.inputs || m.inputs.includes(kind)).map((m) => ({
    name: m.id,
    ...(short && 'iterations' in m.params ? { iterations: SHORT_ITERATIONS } : {}),
  }));
}

/**
 * Selection that keeps the hardest examples can, at one or ten per class,
 * keep points from the wrong side of the boundary and score below chance:
 * what those methods do at tiny budgets, not a divergence. The floor holds
 * for the baselines and the distilled sets.
 */
function hasFloor(method: string): boolean {
  return METHODS.find((m) => m.id === method)!.family !== 'selection';
}

function checkRun(run: RunResult, chance: number | undefined): void {
  const what = `${run.label}: `;
  expect.soft(run.diverged, what + run.diverged?.message).toBeUndefined();
  expect.soft(Number.isFinite(run.finalTestAcc), `${what}final accuracy`).toBe(true);
  if (chance !== undefined && hasFloor(run.method))
    expect.soft(run.finalTestAcc, `${what}final accuracy`).toBeGreaterThan(chance + OVER_CHANCE);
  const loss = run.synthetic?.loss.map(([, value]) => value) ?? [];
  for (const value of loss) expect.soft(Number.isFinite(value), `${what}matching loss ${loss.join(', ')}`).toBe(true);
  if (loss.length > 0)
    expect.soft(loss.at(-1)!, `${what}matching loss ${loss[0]} -> ${loss.at(-1)}`).toBeLessThan(LOSS_RISE * loss[0]);
}

const cases = DATASETS.flatMap((d) => IPCS[d.kind].map((ipc) => [d.id, d.kind, ipc] as const));

test.each(cases)(
  'every method at its defaults trains on %s (%s) at %i per class without diverging',
  async (id, kind, ipc) => {
    const dataset = await benchDataset(id);
    const rows = methodRows(kind);
    const model = MODELS.find((m) => m.inputs.includes(kind))!;
    const loaded = new Map([[`${id}:`, Promise.resolve(dataset)]]);
    // No floor on text: from one or ten texts a class, even random real ones score about chance (47% on names).
    const chance = kind === 'tokens' ? undefined : 1 / dataset.classes.length;
    // A config names at most 16 methods.
    for (let from = 0; from < rows.length; from += 16) {
      const config = requireConfig(bundled, {
        version: 1,
        dataset: id,
        model: { name: model.id },
        budget: { ipc },
        train: { epochs: 30, batchSize: 10, lr: 0.01, evalPoints: 1 },
        methods: rows.slice(from, from + 16),
        seeds: [0],
        backend: 'wasm',
      });
      const result = await runExperiment(config, { datasets: bundled, source: nodePackSource, loaded });
      for (const run of result.runs) checkRun(run, chance);
    }
  },
);
