import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField, numberField } from '../../config-fields';
import type { Model } from '../../models/model';
import { Rng } from '../../rng';
import { softCrossEntropy } from '../../train/loss';
import { RunCancelled } from '../../train/loop';
import { createOptimizer } from '../../train/optimizer';
import type { MethodContext, MethodEntry } from '../method';
import { expertParams, expertTrajectories, parametersAt, type Trajectories } from './expert-buffer';
import { classTargets, distil, initLabel, initParam, type MatchingProgress } from './synthetic-set';

/** How often the loss curve takes a point (each point is a readback). */
const LOSS_EVERY = 5;

/**
 * The matching loss of one iteration: from an expert's parameters at epoch
 * `start`, take `steps` SGD steps on the synthetic set with the learnable
 * rate, and measure how far that lands from the expert `span` epochs
 * later, relative to how far the expert itself moved. Differentiable in the
 * synthetic examples and the rate (through every unrolled step).
 */
export function trajectoryMatchingLoss(
  model: Model,
  synthetic: tf.Tensor,
  targets: tf.Tensor2D,
  rate: tf.Tensor,
  startParams: tf.Tensor[],
  targetParams: tf.Tensor[],
  steps: number,
): tf.Scalar {
  let params = startParams;
  for (let step = 0; step < steps; step++) {
    const grads = tf.grads((...p: tf.Tensor[]) => softCrossEntropy(model.apply(synthetic, p), targets))(params);
    params = params.map((p, i) => tf.sub(p, tf.mul(rate, grads[i])));
  }
  const squaredDistance = (a: tf.Tensor[], b: tf.Tensor[]) => tf.addN(a.map((p, i) => tf.sum(tf.square(tf.sub(p, b[i])))));
  return tf.div(squaredDistance(params, targetParams), squaredDistance(startParams, targetParams)) as tf.Scalar;
}

/** Unrolled steps keep every step's tensors for the backward pass; a setting that would need more is refused. */
export const UNROLL_MEMORY_LIMIT = 1.5 * 2 ** 30;

/**
 * Measures the memory one unrolled step of this set and model takes with
 * its backward pass, and refuses `syntheticSteps` that would go over the
 * limit, naming the setting, before any expert is trained.
 */
async function checkUnrollMemory(context: MethodContext, params: Record<string, unknown>): Promise<void> {
  // Its own stream: the probe's weights do not matter, and the run's stream must not move.
  const model = context.model.create(new Rng(0));
  try {
    const before = tf.memory().numBytes;
    const profile = await tf.profile(() =>
      tf.tidy(() => {
        const shape = context.train.slice(0, 1).x.shape.slice(1);
        const x = tf.zeros([context.budget.examples, ...shape]);
        const targets = tf.zeros([context.budget.examples, context.dataset.classes.length]) as tf.Tensor2D;
        tf.grads((examples: tf.Tensor) => trajectoryMatchingLoss(model, examples, targets, tf.scalar(0.1), model.params, model.params, 1))([x]);
      }),
    );
    const needed = (params.syntheticSteps as number) * Math.max(0, profile.peakBytes - before);
    if (needed > UNROLL_MEMORY_LIMIT) {
      const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(1);
      throw new Error(
        `mtt: syntheticSteps ${params.syntheticSteps} would keep about ${gib(needed)} GiB for differentiating through the steps (at most ${gib(UNROLL_MEMORY_LIMIT)} GiB); lower syntheticSteps, the budget or the model's size`,
      );
    }
  } finally {
    model.dispose();
  }
}

/** The latest expert epoch a segment of `expertSpan` epochs can start at, or a clear error. */
function lastExpertStart(params: Record<string, unknown>): number {
  const last = (params.expertEpochs as number) - (params.expertSpan as number);
  if (last < 0) throw new Error(`mtt: expertSpan ${params.expertSpan} is longer than the experts' ${params.expertEpochs} epochs`);
  return last;
}

async function matchTrajectories(
  context: MethodContext,
  synthetic: tf.Variable,
  classes: Int32Array,
  trajectories: Trajectories,
  progress: MatchingProgress,
  params: Record<string, unknown>,
): Promise<void> {
  const targets = classTargets(classes, context.dataset.classes.length);
  const rate = tf.tidy(() => tf.variable(tf.scalar(params.studentLr as number), true));
  const imageOptimizer = createOptimizer([synthetic], { optimizer: 'sgd', momentum: 0.5, weightDecay: 0 });
  const rateOptimizer = createOptimizer([rate], { optimizer: 'sgd', momentum: 0.5, weightDecay: 0 });
  const rng = context.rng.fork(0x77);
  const model = context.model.create(rng.fork(0));
  const span = params.expertSpan as number;
  const lastStart = Math.min(params.maxStartEpoch as number, lastExpertStart(params));
  try {
    for (let iteration = 0; iteration < (params.iterations as number); iteration++) {
      if (context.shouldStop()) throw new RunCancelled();
      const trajectory = trajectories[rng.int(trajectories.length)];
      const start = rng.int(lastStart + 1);
      const value = tf.tidy(() => {
        const startParams = parametersAt(model, trajectory[start]);
        const targetParams = parametersAt(model, trajectory[start + span]);
        const { value, grads } = tf.variableGrads(
          () => trajectoryMatchingLoss(model, synthetic, targets, rate, startParams, targetParams, params.syntheticSteps as number),
          [synthetic, rate],
        );
        imageOptimizer.step([grads[synthetic.name]], params.lrImages as number);
        rateOptimizer.step([grads[rate.name]], params.lrRate as number);
        return value;
      });
      await progress.record(value, iteration);
    }
  } finally {
    tf.dispose([targets, rate]);
    imageOptimizer.dispose();
    rateOptimizer.dispose();
    model.dispose();
  }
}

/**
 * Matching training trajectories (Cazenavette et al., CVPR 2022): a few SGD
 * steps on the synthetic set, from a point on an expert's training path,
 * should land where the expert got after whole epochs on real data. The
 * synthetic examples and the students' learning rate are learnt through the
 * unrolled steps. The experts are trained once per seed (see
 * expert-buffer.ts); the run trains on the synthetic set with the
 * comparison's own settings, as every method does.
 */
export const mtt: MethodEntry = {
  id: 'mtt',
  family: 'distillation',
  description: 'Trajectory matching: a few steps on the synthetic set land where experts got after epochs on real data.',
  inputs: ['image', 'vector'],
  params: {
    iterations: v.optional(v.pipe(intField(0, 100000), v.title('iterations'), v.description('Trajectory segments matched; counted as overhead.')), 100),
    syntheticSteps: v.optional(v.pipe(intField(1, 200), v.title('synthetic steps'), v.description('Student steps on the synthetic set, unrolled and differentiated (memory grows with them).')), 10),
    expertSpan: v.optional(v.pipe(intField(1, 100), v.title('expert epochs matched'), v.description('How many of the expert’s epochs the student’s steps must cover.')), 1),
    maxStartEpoch: v.optional(v.pipe(intField(0, 200), v.title('latest start epoch'), v.description('Segments start at a random expert epoch up to this one.')), 2),
    lrImages: v.optional(v.pipe(numberField(0, 100000, true), v.title('learning rate (examples)'), v.description('Step size for the synthetic examples (SGD, momentum 0.5).')), 100),
    studentLr: v.optional(
      v.pipe(numberField(0, 10, true), v.title('student learning rate'), v.description('Where the learnt student learning rate starts (the experts’ rate, as in the paper).')),
      0.01,
    ),
    lrRate: v.optional(v.pipe(numberField(0, 1, true), v.title('learning rate (student rate)'), v.description('Step size for the learnt student learning rate (SGD, momentum 0.5), as the paper’s 1e-5.')), 1e-5),
    ...expertParams,
    ...initParam,
  },
  label: (params, budget) => `mtt ${budget.label}${initLabel(params)}${params.bufferCost === 'reused' ? ' (reused experts)' : ''}`,
  async plan(context, params) {
    // Settings that cannot work are refused before any expert is trained.
    lastExpertStart(params);
    await checkUnrollMemory(context, params);
    const trajectories = await expertTrajectories(context, params);
    return distil(context, params, { iterations: params.iterations as number, lossEvery: LOSS_EVERY }, (synthetic, classes, progress) =>
      matchTrajectories(context, synthetic, classes, trajectories, progress, params),
    );
  },
};
