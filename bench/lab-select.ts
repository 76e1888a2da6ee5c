/**
 * Lab side of the selection bench, on the wasm backend in Node (1 thread).
 *
 *   npx tsx bench/lab-select.ts --prepare
 *     writes the feature matrices and class groups (see select-config.ts)
 *   npx tsx bench/lab-select.ts --measure [--spaces raw,embedding] [--algorithms herding,kcenter]
 *     times the engine's herding / kCenterGreedy on those files; one JSON line per case
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/engine/runtime/backend';
import { OpenDatasets } from '../src/engine/data/open-datasets';
import { nodePackSource } from '../src/engine/data/node-source';
import { resolveBudget } from '../src/engine/methods/budget';
import { herding, kCenterGreedy } from '../src/engine/methods/coreset/geometry';
import { embeddedFeatures, rawFeatures } from '../src/engine/methods/coreset/per-example';
import { pickGroups } from '../src/engine/methods/coreset/subsets';
import { centralRow } from '../src/engine/methods/select/kcenter';
import { mlp } from '../src/engine/models/mlp';
import { Rng } from '../src/core/rng';
import { batchSource } from '../src/engine/train/batch-source';
import {
  FEATURE_SPACES,
  SELECT_ALGORITHMS,
  SELECTION,
  SELECTION_CACHE,
  type FeatureFile,
  type FeatureSpace,
  type SelectAlgorithm,
  type SelectionTiming,
} from './select-config';

tf.env().set('PROD', true);

async function writeFeatures(
  space: FeatureSpace,
  features: tf.Tensor2D,
  groups: { members: Int32Array; take: number }[],
): Promise<void> {
  const [count, dim] = features.shape;
  const described: FeatureFile['groups'] = [];
  for (const { members, take } of groups) {
    const rows = tf.tidy(() => tf.gather(features, tf.tensor1d(members, 'int32')) as tf.Tensor2D);
    described.push({ members: Array.from(members), take, first: await centralRow(rows) });
    rows.dispose();
  }
  const values = (await features.data()) as Float32Array;
  await writeFile(
    join(SELECTION_CACHE, `${space}.f32`),
    new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  );
  const file: FeatureFile = { space, count, dim, groups: described };
  await writeFile(join(SELECTION_CACHE, `${space}.json`), JSON.stringify(file));
}

async function prepare(): Promise<void> {
  const dataset = await new OpenDatasets().load(SELECTION.dataset, nodePackSource);
  const groups = pickGroups({ dataset, budget: resolveBudget({ fraction: SELECTION.fraction }, dataset) }, true);
  const train = batchSource(dataset.train, dataset.input, 'wasm');
  await mkdir(SELECTION_CACHE, { recursive: true });
  const raw = rawFeatures(train);
  await writeFeatures('raw', raw, groups);
  raw.dispose();
  const { seed, ...spec } = SELECTION.embedding;
  const model = mlp.create(dataset.input, dataset.classes.length, spec, new Rng(seed));
  const embedded = embeddedFeatures(train, model);
  model.dispose();
  await writeFeatures('embedding', embedded, groups);
  embedded.dispose();
  process.stdout.write(
    `${JSON.stringify({ prepared: SELECTION_CACHE, count: dataset.train.count, picks: groups.reduce((a, g) => a + g.take, 0) })}\n`,
  );
}

async function readFeatures(space: FeatureSpace): Promise<{ file: FeatureFile; features: tf.Tensor2D }> {
  const file = JSON.parse(await readFile(join(SELECTION_CACHE, `${space}.json`), 'utf8')) as FeatureFile;
  const bytes = await readFile(join(SELECTION_CACHE, `${space}.f32`));
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { file, features: tf.tensor2d(values, [file.count, file.dim]) };
}

/** One class-balanced selection as the engine's geometry methods run it: gather the class's rows, pick, map back. */
async function select(
  algorithm: SelectAlgorithm,
  features: tf.Tensor2D,
  groups: FeatureFile['groups'],
  takeAtMost = Infinity,
): Promise<number[]> {
  const picked: number[] = [];
  for (const { members, take, first } of groups) {
    const rows = tf.tidy(() => tf.gather(features, tf.tensor1d(members, 'int32')) as tf.Tensor2D);
    const k = Math.min(take, takeAtMost);
    const local = algorithm === 'herding' ? await herding(rows, k) : await kCenterGreedy(rows, k, first);
    rows.dispose();
    for (const i of local) picked.push(members[i]);
  }
  return picked;
}

async function measure(spaces: FeatureSpace[], algorithms: SelectAlgorithm[]): Promise<void> {
  for (const space of spaces) {
    const { file, features } = await readFeatures(space);
    for (const algorithm of algorithms) {
      // Warm-up: a few picks on the first class (allocations, kernel set-up), untimed.
      await select(algorithm, features, file.groups.slice(0, 1), SELECTION.warmUpPicks);
      const started = performance.now();
      const picks = await select(algorithm, features, file.groups);
      const timing: SelectionTiming = {
        side: 'lab',
        space,
        algorithm,
        seconds: (performance.now() - started) / 1000,
        picks,
      };
      process.stdout.write(`${JSON.stringify(timing)}\n`);
    }
    features.dispose();
  }
}

function listOf<T extends string>(value: string | undefined, allowed: readonly T[]): T[] {
  const items = (value ?? allowed.join(',')).split(',') as T[];
  const bad = items.filter((i) => !allowed.includes(i));
  if (bad.length > 0) throw new Error(`unknown ${bad.join(', ')}; expected ${allowed.join(', ')}`);
  return items;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      prepare: { type: 'boolean' },
      measure: { type: 'boolean' },
      spaces: { type: 'string' },
      algorithms: { type: 'string' },
    },
  });
  await initBackend({ prefer: 'wasm', only: true });
  if (values.prepare) return prepare();
  if (values.measure)
    return measure(listOf(values.spaces, FEATURE_SPACES), listOf(values.algorithms, SELECT_ALGORITHMS));
  throw new Error('usage: lab-select.ts --prepare | --measure [--spaces raw,embedding] [--algorithms herding,kcenter]');
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
