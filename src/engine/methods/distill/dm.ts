import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField, numberField } from '../../../core/settings/fields';
import { indicesByClass } from '../../../core/data/dataset';
import { RunCancelled } from '../../contracts/errors';
import { createOptimizer } from '../../train/optimizer';
import { defineMethod, type MethodContext } from '../../contracts/method';
import type { Settings } from '../../contracts/settings';
import type { LearnedSet } from './learned-set';
import type { MatchingProgress } from './matching-progress';
import { distil, initLabel, initParam } from './synthetic-set';
import { distillationNetwork } from './embedding-space';
import { STEP_CHECKS, stableRate } from './stable-rate';

/** How often the loss curve takes a point (each point is a readback). */
const LOSS_EVERY = 10;

const dmParams = {
  iterations: v.optional(
    v.pipe(
      intField(0, 100000),
      v.title('iterations'),
      v.description('Distillation steps, each with a new random network; counted as overhead.'),
    ),
    300,
  ),
  lrImages: v.optional(
    v.pipe(
      numberField(0, 1000, true),
      v.title('learning rate (examples)'),
      v.description(
        `Step size for the synthetic examples (SGD, momentum 0.5), as the paper’s 1; ${STEP_CHECKS.noClimb.note}.`,
      ),
    ),
    1,
  ),
  realBatch: v.optional(
    v.pipe(
      intField(1, 4096),
      v.title('real batch per class'),
      v.description('Real examples of each class drawn every iteration to estimate its mean.'),
    ),
    64,
  ),
  ...initParam,
};

/** A [classes, rows] matrix whose row c averages the rows of class c. */
function classAverager(classes: Int32Array, classCount: number): tf.Tensor2D {
  const counts = new Array<number>(classCount).fill(0);
  classes.forEach((c) => counts[c]++);
  const values = new Float32Array(classCount * classes.length);
  classes.forEach((c, row) => (values[c * classes.length + row] = 1 / counts[c]));
  return tf.tensor2d(values, [classCount, classes.length]);
}

/**
 * Distribution matching: every iteration draws a freshly initialised network
 * and moves the synthetic examples so that each class's mean embedding
 * matches the mean embedding of a batch of real examples of that class.
 */
async function matchDistributions(
  context: MethodContext,
  { examples: synthetic, classes }: LearnedSet,
  progress: MatchingProgress,
  settings: Settings<typeof dmParams>,
): Promise<void> {
  const classCount = context.dataset.classes.length;
  const members = indicesByClass(context.dataset.train.y, classCount);
  const realPerClass = members.map((m) => Math.min(settings.realBatch, m.length));
  const realClasses = Int32Array.from(realPerClass.flatMap((count, c) => new Array<number>(count).fill(c)));
  const averageReal = classAverager(realClasses, classCount);
  const averageSynthetic = classAverager(classes, classCount);
  // The paper's optimizer for the images: SGD with momentum 0.5.
  const optimizer = createOptimizer([synthetic], { optimizer: 'sgd', momentum: 0.5, weightDecay: 0 });
  const rng = context.rng.fork(0xd3);
  let lr: number | undefined;
  try {
    for (let iteration = 0; iteration < settings.iterations; iteration++) {
      if (context.shouldStop()) throw new RunCancelled();
      const network = distillationNetwork(context, rng.fork(iteration));
      const realRows = Int32Array.from(
        members.flatMap((m, c) => Array.from(rng.shuffle(m.slice()).subarray(0, realPerClass[c]))),
      );
      const realMeans = tf.tidy(() => tf.matMul(averageReal, network.features(context.train.gather(realRows).x)));
      try {
        const matchingLoss = (x: tf.Tensor) =>
          tf.sum(tf.square(tf.sub(realMeans, tf.matMul(averageSynthetic, network.features(x))))) as tf.Scalar;
        const rate = (lr ??= await stableRate(settings.lrImages, matchingLoss, synthetic, STEP_CHECKS.noClimb));
        const value = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => matchingLoss(synthetic), [synthetic]);
          optimizer.step([grads[synthetic.name]], rate);
          return value;
        });
        await progress.record(value, iteration);
      } finally {
        realMeans.dispose();
        network.dispose();
      }
    }
  } finally {
    optimizer.dispose();
    tf.dispose([averageReal, averageSynthetic]);
  }
}

/**
 * Distribution matching (Zhao & Bilen, "Dataset Condensation with
 * Distribution Matching", WACV 2023): synthetic examples whose per-class
 * mean embedding, under randomly initialised networks of the comparison's
 * model, matches the real data's. No bi-level optimisation: one forward
 * pass of real and synthetic data per iteration.
 */
export const dm = defineMethod({
  id: 'dm',
  family: 'distillation',
  description:
    'Distribution matching: synthetic examples whose mean embedding under random networks matches each real class.',
  inputs: ['image', 'vector', 'tokens'],
  params: dmParams,
  label: (settings, budget) => `dm ${budget.label}${initLabel(settings)}`,
  plan: (context, settings) =>
    distil(
      context,
      settings,
      { method: 'dm', iterations: settings.iterations, lossEvery: LOSS_EVERY },
      (set, progress) => matchDistributions(context, set, progress, settings),
    ),
});
