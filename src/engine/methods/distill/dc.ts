import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField, numberField } from '../../../core/settings/fields';
import { indicesByClass } from '../../../core/data/dataset';
import type { Model } from '../../models/model';
import { softCrossEntropy } from '../../train/loss';
import { RunCancelled } from '../../contracts/errors';
import { createOptimizer } from '../../train/optimizer';
import { defineMethod, type MethodContext, type MethodEntry } from '../../contracts/method';
import type { Settings } from '../../contracts/settings';
import { drawSiameseTransform } from './siamese-augment';
import { classTargets, type LearnedSet } from './learned-set';
import type { MatchingProgress } from './matching-progress';
import { distil, initLabel, initParam } from './synthetic-set';
import { distillationNetwork } from './embedding-space';
import { STEP_CHECKS, stableRate } from './stable-rate';

/** How often the loss curve takes a point (each point is a readback). */
const LOSS_EVERY = 10;

/**
 * The paper's distance between two gradients of one parameter: summed over
 * output units, 1 - the cosine of their incoming weights' gradients.
 * Biases (one number per unit) are left out, as in the authors' code.
 */
function gradientDistance(a: tf.Tensor, b: tf.Tensor): tf.Scalar {
  if (a.rank === 1) return tf.scalar(0);
  // Weights are [.., in, out] here (PyTorch's are [out, in, ..]): units are the last axis.
  const units = a.shape[a.rank - 1];
  const byUnit = (g: tf.Tensor) => tf.transpose(tf.reshape(g, [-1, units]));
  const x = byUnit(a);
  const y = byUnit(b);
  // A unit whose gradient is all zero (a dead ReLU) is common with one example per class; the
  // norm's own gradient is 0/0 there, so the norms carry a small epsilon inside the root.
  const norm = (g: tf.Tensor) => tf.sqrt(tf.add(tf.sum(tf.square(g), 1), 1e-12));
  const cosine = tf.div(tf.sum(tf.mul(x, y), 1), tf.add(tf.mul(norm(x), norm(y)), 1e-6));
  return tf.sum(tf.sub(1, cosine));
}

/**
 * Gradient matching's loss for one class: the distance between the
 * network's loss gradients on real examples (`realGradients`, fixed) and on
 * the synthetic ones, which stays differentiable in the synthetic examples
 * (a second-order gradient through the model).
 */
export function gradientMatchingLoss(
  network: Model,
  synthetic: tf.Tensor,
  targets: tf.Tensor2D,
  realGradients: tf.Tensor[],
): tf.Scalar {
  const syntheticGradients = tf.grads((...params: tf.Tensor[]) =>
    softCrossEntropy(network.apply(synthetic, params), targets),
  )(network.params);
  return tf.addN(syntheticGradients.map((g, i) => gradientDistance(realGradients[i], g))) as tf.Scalar;
}

/**
 * Every iteration starts a fresh network; `outerLoop` times it moves the
 * synthetic examples so that, class by class, the network's gradients on
 * them match its gradients on real examples, and in between trains the
 * network `innerLoop` steps on the synthetic set.
 */
async function matchGradients(
  context: MethodContext,
  { examples: synthetic, classes }: LearnedSet,
  progress: MatchingProgress,
  settings: Settings<typeof gradientMatchingParams>,
  siamese: boolean,
): Promise<void> {
  const classCount = context.dataset.classes.length;
  const members = indicesByClass(context.dataset.train.y, classCount);
  const syntheticMembers = indicesByClass(classes, classCount);
  const targetsFor = (c: number, count: number) =>
    tf.oneHot(tf.fill([count], c, 'int32') as tf.Tensor1D, classCount).toFloat() as tf.Tensor2D;
  const allTargets = classTargets(classes, classCount);
  const imageOptimizer = createOptimizer([synthetic], { optimizer: 'sgd', momentum: 0.5, weightDecay: 0 });
  const rng = context.rng.fork(0xdc);
  const { iterations, outerLoop, innerLoop } = settings;
  let lr: number | undefined;
  try {
    for (let iteration = 0; iteration < iterations; iteration++) {
      const network = distillationNetwork(context, rng.fork(iteration));
      const networkOptimizer = createOptimizer(network.params, { optimizer: 'sgd', momentum: 0.5, weightDecay: 0 });
      try {
        for (let outer = 0; outer < outerLoop; outer++) {
          if (context.shouldStop()) throw new RunCancelled();
          // With DSA, each class's match sees one random transform, on its real and its synthetic batch alike.
          const transforms = members.map(() =>
            siamese ? drawSiameseTransform(rng, synthetic.shape.slice(1)) : (x: tf.Tensor) => x,
          );
          const realGradients = tf.tidy(() =>
            members.map((m, c) => {
              if (syntheticMembers[c].length === 0) return [];
              const rows = Int32Array.from(rng.shuffle(m.slice()).subarray(0, Math.min(settings.realBatch, m.length)));
              const real = transforms[c](context.train.gather(rows).x as tf.Tensor4D);
              return tf.grads((...p: tf.Tensor[]) =>
                softCrossEntropy(network.apply(real, p), targetsFor(c, rows.length)),
              )(network.params);
            }),
          );
          let value: tf.Scalar;
          try {
            const matchingLoss = (x: tf.Tensor) =>
              tf.addN(
                syntheticMembers.flatMap((rows, c) => {
                  if (rows.length === 0) return [];
                  const mine = transforms[c](tf.slice(x, rows[0], rows.length) as tf.Tensor4D);
                  return [gradientMatchingLoss(network, mine, targetsFor(c, rows.length), realGradients[c])];
                }),
              ) as tf.Scalar;
            const rate = (lr ??= await stableRate(settings.lrImages, matchingLoss, synthetic, STEP_CHECKS.noClimb));
            value = tf.tidy(() => {
              const { value, grads } = tf.variableGrads(() => matchingLoss(synthetic), [synthetic]);
              imageOptimizer.step([grads[synthetic.name]], rate);
              return value;
            });
          } finally {
            tf.dispose(realGradients);
          }
          if (outer === 0) await progress.record(value, iteration);
          else value.dispose();
          if (outer === outerLoop - 1) break;
          // Train the network a little on the synthetic set, so later matches see a network along a training path.
          for (let step = 0; step < innerLoop; step++) {
            tf.tidy(() => {
              const grads = tf.grads((...p: tf.Tensor[]) => softCrossEntropy(network.apply(synthetic, p), allTargets))(
                network.params,
              );
              networkOptimizer.step(grads, settings.lrNet);
            });
          }
        }
      } finally {
        networkOptimizer.dispose();
        network.dispose();
      }
    }
  } finally {
    imageOptimizer.dispose();
    allTargets.dispose();
  }
}

const gradientMatchingParams = {
  iterations: v.optional(
    v.pipe(
      intField(0, 100000),
      v.title('iterations'),
      v.description('Fresh random networks to match gradients on; counted as overhead.'),
    ),
    100,
  ),
  outerLoop: v.optional(
    v.pipe(
      intField(1, 1000),
      v.title('outer loop'),
      v.description('Updates of the synthetic set per network (the paper: 1 at 1 image per class, 10 at 10).'),
    ),
    1,
  ),
  innerLoop: v.optional(
    v.pipe(
      intField(0, 1000),
      v.title('inner loop'),
      v.description('Training steps of the network on the synthetic set between updates.'),
    ),
    1,
  ),
  lrImages: v.optional(
    v.pipe(
      numberField(0, 1000, true),
      v.title('learning rate (examples)'),
      v.description(
        `Step size for the synthetic examples (SGD, momentum 0.5), as the paper’s 0.1; ${STEP_CHECKS.noClimb.note}.`,
      ),
    ),
    0.1,
  ),
  lrNet: v.optional(
    v.pipe(
      numberField(0, 10, true),
      v.title('learning rate (network)'),
      v.description('Step size of the network’s inner training.'),
    ),
    0.01,
  ),
  realBatch: v.optional(
    v.pipe(
      intField(1, 4096),
      v.title('real batch per class'),
      v.description('Real examples of each class for each gradient to match.'),
    ),
    64,
  ),
  ...initParam,
};

/** A gradient-matching method: plain (`dc`) or through differentiable Siamese augmentation (`dsa`). */
export function gradientMatchingMethod(definition: {
  id: string;
  description: string;
  siamese: boolean;
  inputs: MethodEntry['inputs'];
}) {
  return defineMethod({
    id: definition.id,
    family: 'distillation',
    description: definition.description,
    inputs: definition.inputs,
    params: gradientMatchingParams,
    label: (settings, budget) => `${definition.id} ${budget.label}${initLabel(settings)}`,
    plan: (context, settings) =>
      distil(
        context,
        settings,
        { method: definition.id, iterations: settings.iterations, lossEvery: LOSS_EVERY },
        (set, progress) => matchGradients(context, set, progress, settings, definition.siamese),
      ),
  });
}

/**
 * Dataset condensation by gradient matching (Zhao, Mopuri & Bilen, ICLR
 * 2021): synthetic examples on which networks of the comparison's model
 * get the same loss gradients as on real data, class by class, along
 * networks' training paths.
 */
export const dc = gradientMatchingMethod({
  id: 'dc',
  description:
    'Gradient matching: synthetic examples that give networks the same loss gradients as real data, class by class.',
  siamese: false,
  inputs: ['image', 'vector'],
});
