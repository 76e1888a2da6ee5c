/**
 * What the distillation methods share: where a synthetic set starts (real
 * examples or noise), how its examples are laid out by class, and the plan
 * that trains on it through the one training loop.
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { oneOf } from '../../config-fields';
import { stepsPerRound } from '../budget';
import type { MethodContext } from '../method';
import type { DataPlan } from '../plan';
import { classBalancedSample } from '../sampling';

export const initParam = {
  init: v.optional(
    v.pipe(oneOf('initialisation', ['real', 'noise'] as const), v.title('start from'), v.description('real: random real examples of each class; noise: uniform noise.')),
    'real',
  ),
};

/** The class of every synthetic example: the budget's count per class, class by class. */
export function syntheticClasses(context: Pick<MethodContext, 'budget'>): Int32Array {
  return Int32Array.from(context.budget.perClass.flatMap((count, c) => new Array<number>(count).fill(c)));
}

/** The starting synthetic examples [n, ...input], as the model reads them. */
export function initialExamples(context: MethodContext, classes: Int32Array, init: unknown): tf.Tensor {
  if (init === 'noise') {
    return tf.tidy(() => {
      const shape = context.train.slice(0, 1).x.shape.slice(1);
      return tf.randomUniform([classes.length, ...shape], 0, 1, 'float32', context.rng.int(2 ** 31) + 1);
    });
  }
  // Real examples of each class, in the layout of `classes` (class by class).
  const picked = classBalancedSample(context.dataset.train.y, context.budget.perClass, context.rng);
  const byClass = Array.from(picked).sort((a, b) => context.dataset.train.y[a] - context.dataset.train.y[b] || a - b);
  return tf.tidy(() => context.train.gather(Int32Array.from(byClass)).x);
}

/** Trains on the distilled examples (one-hot targets by class), shuffled every round. */
export async function distilledPlan(context: MethodContext, examples: tf.Tensor, classes: Int32Array, loss: [number, number][]): Promise<DataPlan> {
  const count = classes.length;
  const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(classes, 'int32'), context.dataset.classes.length).toFloat()) as tf.Tensor2D;
  const values = (await examples.data()) as Float32Array;
  const shuffler = context.rng.fork(0xd1);
  return {
    examplesPerRound: count,
    totalSteps: context.epochs * stepsPerRound(count, context.batchSize),
    nextRound: () => shuffler.permutation(count),
    examples: { x: examples, targets },
    synthetic: { classes, shape: examples.shape.slice(1), values: values.slice(), loss },
    dispose: () => tf.dispose([examples, targets]),
  };
}
