import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { oneOf } from '../../../core/settings/fields';
import { geometryMethod } from '../coreset/geometry-method';
import { kCenterGreedy } from '../coreset/geometry';

/** The row nearest the mean of x (the default start). */
export async function centralRow(x: tf.Tensor2D): Promise<number> {
  const row = tf.tidy(() => tf.argMin(tf.sum(tf.square(tf.sub(x, tf.mean(x, 0))), 1)));
  const [index] = await row.data();
  row.dispose();
  return index;
}

/**
 * k-center greedy (Sener & Savarese, ICLR 2018, "core-set"): from a random
 * start, repeatedly add the example farthest from all picked ones, so that
 * every example lies close to a picked one (a small covering radius). The
 * start is the most central example by default (so one pick per class is the
 * class's most typical example, as in the distillation papers' baselines),
 * or a random one as in DeepCore.
 */
export const kcenter = geometryMethod({
  id: 'kcenter',
  description: 'Farthest-first traversal: covers the feature space with the fewest, most spread-out examples.',
  params: {
    start: v.optional(
      v.pipe(
        oneOf('start', ['central', 'random'] as const),
        v.title('start'),
        v.description('The first pick: the example nearest the mean, or a random one.'),
      ),
      'central',
    ),
  },
  pick: async (x, take, rng, settings) =>
    kCenterGreedy(x, take, settings.start === 'random' ? rng.int(x.shape[0]) : await centralRow(x)),
});
