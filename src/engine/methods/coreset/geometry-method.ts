/**
 * Methods that pick by the geometry of a feature space: herding, k-center
 * greedy, k-means diversity, facility location. Features are the raw inputs
 * or the embedding of a briefly pre-trained model (its time is overhead);
 * re-selecting every round picks again in the embedding of the model being
 * trained. Token sequences have no meaningful raw geometry, so for text
 * "raw" means the untrained model's embedding (random features).
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField, oneOf } from '../../../core/settings/fields';
import type { Model } from '../../models/model';
import type { Rng } from '../../../core/rng';
import { RunCancelled } from '../../contracts/errors';
import type { MethodContext, MethodEntry } from '../../contracts/method';
import { embeddedFeatures, rawFeatures } from './per-example';
import { pretrain } from './pretrain';
import { subsetMethod, subsetParams, subsetPlan } from './subset-method';
import { pickGroups, type PickGroup } from './subsets';

const featureParams = {
  features: v.optional(
    v.pipe(
      oneOf('feature space', ['raw', 'embedding'] as const),
      v.title('feature space'),
      v.description('raw: the inputs themselves; embedding: the features of a briefly trained model.'),
    ),
    'raw',
  ),
  embedEpochs: v.optional(
    v.pipe(
      intField(0, 100),
      v.title('embedding epochs'),
      v.description('Epochs of full-data training for the embedding model; counted as overhead.'),
    ),
    2,
  ),
};

async function featureMatrix(context: MethodContext, params: Record<string, unknown>): Promise<tf.Tensor2D> {
  if (params.features === 'raw' && context.dataset.input.kind !== 'tokens') {
    return context.overhead.time('select', () => rawFeatures(context.train));
  }
  const epochs = params.features === 'raw' ? 0 : (params.embedEpochs as number);
  const model = await context.overhead.time('pretrain', () => pretrain(context, { epochs, rng: context.rng.fork(0xe3) }));
  try {
    return await context.overhead.time('select', () => embeddedFeatures(context.train, model));
  } finally {
    model.dispose();
  }
}

/** Picks `take` rows of x (local indices); x is [members, features] on the backend. */
export type GeometryPick = (x: tf.Tensor2D, take: number, rng: Rng, params: Record<string, unknown>) => Promise<Int32Array>;

async function pickInGroups(
  context: MethodContext,
  features: tf.Tensor2D,
  groups: PickGroup[],
  pick: GeometryPick,
  rng: Rng,
  params: Record<string, unknown>,
): Promise<Int32Array> {
  const picked: number[] = [];
  for (const { members, take } of groups) {
    // A cancel is heard between classes (each class's selection is one call on wasm).
    if (context.shouldStop()) throw new RunCancelled();
    if (take === 0) continue;
    const rows = tf.tidy(() => tf.gather(features, tf.tensor1d(members, 'int32'))) as tf.Tensor2D;
    try {
      for (const local of await pick(rows, take, rng, params)) picked.push(members[local]);
    } finally {
      rows.dispose();
    }
  }
  return Int32Array.from(picked);
}

export function geometryMethod(definition: { id: string; description: string; params: v.ObjectEntries; pick: GeometryPick }): MethodEntry {
  return subsetMethod({
    id: definition.id,
    description: definition.description,
    params: { ...definition.params, ...featureParams, ...subsetParams(['static', 'reselect']) },
    async plan(context, params) {
      const groups = pickGroups(context, params.classBalanced as boolean);
      const rng = context.rng.fork(0x9e);
      const features = await featureMatrix(context, params);
      let indices: Int32Array;
      try {
        indices = await context.overhead.time('select', () => pickInGroups(context, features, groups, definition.pick, rng, params));
      } finally {
        features.dispose();
      }
      const next =
        params.rounds === 'reselect'
          ? async (trained: Model) => {
              const embedded = embeddedFeatures(context.train, trained);
              try {
                return await pickInGroups(context, embedded, groups, definition.pick, rng, params);
              } finally {
                embedded.dispose();
              }
            }
          : undefined;
      return subsetPlan(context, params, { first: { indices, rounds: 0 }, next });
    },
  });
}
