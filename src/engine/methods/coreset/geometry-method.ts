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
import { defineFamilyMethod, type MethodContext } from '../../contracts/method';
import type { Settings } from '../../contracts/settings';
import { embeddedFeatures, rawFeatures } from './per-example';
import { pretrain } from './pretrain';
import { keptForSeed } from '../cached-work';
import { subsetLabel, subsetParams, subsetPlan } from './subset-method';
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

/** The settings every geometry method adds to its own: the feature space, and those of subset selection. */
const geometryParams = { ...featureParams, ...subsetParams(['static', 'reselect']) };
type GeometrySettings = Settings<typeof geometryParams>;

async function featureMatrix(
  context: MethodContext,
  { features, embedEpochs }: GeometrySettings,
): Promise<tf.Tensor2D> {
  if (features === 'raw' && context.dataset.input.kind !== 'tokens') {
    return context.overhead.time('select', () => rawFeatures(context.train));
  }
  const epochs = features === 'raw' ? 0 : embedEpochs;
  // Drawn first, used or not, so that what the method draws next is the same whether the embedding was kept.
  const stream = context.rng.fork(0xe3);
  // The same for every budget of a seed: kept on the host, a tensor again for each run.
  const { values, shape } = await keptForSeed(context, ['embedding', epochs], async (timed) => {
    const model = await timed('pretrain', () => pretrain(context, { epochs, rng: stream }));
    try {
      return await timed('select', async () => {
        const embedded = embeddedFeatures(context.train, model);
        const read = { values: (await embedded.data()) as Float32Array, shape: embedded.shape };
        embedded.dispose();
        return read;
      });
    } finally {
      model.dispose();
    }
  });
  return tf.tensor2d(values, shape);
}

/** Picks `take` rows of x (local indices), given the method's settings `T`; x is [members, features] on the backend. */
export type GeometryPick<T> = (x: tf.Tensor2D, take: number, rng: Rng, settings: T) => Promise<Int32Array>;

async function pickInGroups<T>(
  context: MethodContext,
  features: tf.Tensor2D,
  groups: PickGroup[],
  pick: GeometryPick<T>,
  rng: Rng,
  settings: T,
): Promise<Int32Array> {
  const picked: number[] = [];
  for (const { members, take } of groups) {
    // A cancel is heard between classes (each class's selection is one call on wasm).
    if (context.shouldStop()) throw new RunCancelled();
    if (take === 0) continue;
    const rows = tf.tidy(() => tf.gather(features, tf.tensor1d(members, 'int32'))) as tf.Tensor2D;
    try {
      for (const local of await pick(rows, take, rng, settings)) picked.push(members[local]);
    } finally {
      rows.dispose();
    }
  }
  return Int32Array.from(picked);
}

export function geometryMethod<P extends v.ObjectEntries>(definition: {
  id: string;
  description: string;
  params: P;
  pick: GeometryPick<Settings<P> & GeometrySettings>;
}) {
  return defineFamilyMethod(geometryParams, {
    id: definition.id,
    family: 'selection',
    description: definition.description,
    params: definition.params,
    label: (settings, budget) =>
      subsetLabel(definition.id, settings.features === 'embedding' ? ['embedding'] : [], settings, budget),
    async plan(context, settings) {
      const groups = pickGroups(context, settings.classBalanced);
      const rng = context.rng.fork(0x9e);
      const features = await featureMatrix(context, settings);
      let indices: Int32Array;
      try {
        indices = await context.overhead.time('select', () =>
          pickInGroups(context, features, groups, definition.pick, rng, settings),
        );
      } finally {
        features.dispose();
      }
      const next =
        settings.rounds === 'reselect'
          ? async (trained: Model) => {
              const embedded = embeddedFeatures(context.train, trained);
              try {
                return await pickInGroups(context, embedded, groups, definition.pick, rng, settings);
              } finally {
                embedded.dispose();
              }
            }
          : undefined;
      return subsetPlan(context, settings, { first: { indices, rounds: 0 }, next });
    },
  });
}
