/**
 * Trajectory matching, shared by `mtt` and `datm`: from a point on an
 * expert's training path, a few SGD steps on the synthetic set should land
 * where the expert got after whole epochs on real data. The synthetic
 * examples, the students' learning rate and (datm) the soft labels are
 * learnt through the unrolled steps.
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField, numberField } from '../../../core/settings/fields';
import type { Model } from '../../models/model';
import { Rng } from '../../../core/rng';
import { softCrossEntropy } from '../../train/loss';
import { RunCancelled } from '../../contracts/errors';
import { createOptimizer } from '../../train/optimizer';
import type { MethodContext } from '../../contracts/method';
import type { Settings } from '../../contracts/settings';
import { expertParams, parametersAt, type Trajectories } from './expert-buffer';
import { classTargets, type LearnedSet } from './learned-set';
import type { MatchingProgress } from './matching-progress';
import { initParam, syntheticShape } from './synthetic-set';
import { distillationNetwork } from './embedding-space';
import { STEP_CHECKS, stableRate } from './stable-rate';
import { keptParameterBytes, type MatchingInputs, matchingGradients } from './matching-gradients';

/** How often the loss curve takes a point (each point is a readback). */
export const LOSS_EVERY = 5;

/** Settings both trajectory-matching methods take. */
export const trajectoryParams = {
  iterations: v.optional(
    v.pipe(
      intField(0, 100000),
      v.title('iterations'),
      v.description('Trajectory segments matched; counted as overhead.'),
    ),
    100,
  ),
  syntheticSteps: v.optional(
    v.pipe(
      intField(1, 200),
      v.title('synthetic steps'),
      v.description(
        'Student steps on the synthetic set, differentiated through (memory grows by one copy of the weights a step).',
      ),
    ),
    10,
  ),
  expertSpan: v.optional(
    v.pipe(
      intField(1, 100),
      v.title('expert epochs matched'),
      v.description('How many of the expert’s epochs the student’s steps must cover.'),
    ),
    1,
  ),
  lrImages: v.optional(
    v.pipe(
      numberField(0, 100000, true),
      v.title('learning rate (examples)'),
      v.description(`Step size for the synthetic examples (SGD, momentum 0.5); ${STEP_CHECKS.halfThePromise.note}.`),
    ),
    100,
  ),
  studentLr: v.optional(
    v.pipe(
      numberField(0, 10, true),
      v.title('student learning rate'),
      v.description('Where the learnt student learning rate starts (the experts’ rate, as in the paper).'),
    ),
    0.01,
  ),
  lrRate: v.optional(
    v.pipe(
      numberField(0, 1, true),
      v.title('learning rate (student rate)'),
      v.description(
        `Step size for the learnt student learning rate (SGD, momentum 0.5), as the paper’s 1e-5; ${STEP_CHECKS.halfThePromise.note}.`,
      ),
    ),
    1e-5,
  ),
  ...expertParams,
  ...initParam,
};

type TrajectorySettings = Settings<typeof trajectoryParams>;

/**
 * The matching loss of one iteration: from an expert's parameters at epoch
 * `start`, take `steps` SGD steps on the synthetic set with the learnable
 * rate, and measure how far that lands from the expert `span` epochs
 * later, relative to how far the expert itself moved. Differentiable in the
 * synthetic examples, their targets and the rate through every step; the
 * matching loop takes its gradients in constant memory instead
 * (matching-gradients.ts), and uses this composed form for the loss alone.
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
  const squaredDistance = (a: tf.Tensor[], b: tf.Tensor[]) =>
    tf.addN(a.map((p, i) => tf.sum(tf.square(tf.sub(p, b[i])))));
  return tf.div(squaredDistance(params, targetParams), squaredDistance(startParams, targetParams)) as tf.Scalar;
}

/** The most memory differentiating through the steps may take; a setting that would need more is refused. */
export const UNROLL_MEMORY_LIMIT = 1.5 * 2 ** 30;

/** Up to this many synthetic examples the probe measures the set itself; beyond, it extrapolates from two small sets. */
const PROBE_EXAMPLES = 8;
/** What one chunk of the set may take for its step's graph: larger sets are differentiated in chunks under it. */
const CHUNK_MEMORY = 768 * 2 ** 20;

/** How the steps are differentiated: examples at a time, and the memory that takes. */
export interface UnrollPlan {
  chunk: number;
  bytes: number;
}

/**
 * How differentiating through `syntheticSteps` steps of this set and model
 * (matching-gradients.ts) fits in memory: the copies of the weights kept,
 * and one chunk's double-backward graph, its size chosen to stay under
 * CHUNK_MEMORY. The graph is measured on a probe of one step; for a set
 * larger than PROBE_EXAMPLES, on two small ones and extrapolated (it grows
 * linearly with the examples), so that the probe never takes what the plan
 * is there to spare.
 */
export async function unrollPlan(
  context: MethodContext,
  syntheticSteps: number,
  chunkMemory = CHUNK_MEMORY,
): Promise<UnrollPlan> {
  // Its own stream: the probe's weights do not matter, and the run's stream must not move.
  const model = distillationNetwork(context, new Rng(0));
  const classes = context.dataset.classes.length;
  const probe = async (count: number) => {
    const before = tf.memory().numBytes;
    const profile = await tf.profile(() =>
      tf.tidy(() => {
        const examples = tf.zeros([count, ...syntheticShape(context)]);
        const targets = tf.zeros([count, classes]) as tf.Tensor2D;
        matchingGradients(model, { examples, targets, rate: tf.scalar(0.1) }, model.params, model.params, 1);
      }),
    );
    return Math.max(0, profile.peakBytes - before);
  };
  try {
    const examples = context.budget.examples;
    const weights = keptParameterBytes(model, syntheticSteps) - keptParameterBytes(model, 1);
    // Too large on its weights alone: no probe.
    if (weights > UNROLL_MEMORY_LIMIT) return { chunk: examples, bytes: weights };
    if (examples <= PROBE_EXAMPLES) return { chunk: examples, bytes: (await probe(examples)) + weights };
    const half = await probe(PROBE_EXAMPLES / 2);
    const full = await probe(PROBE_EXAMPLES);
    const perExample = Math.max(0, full - half) / (PROBE_EXAMPLES / 2);
    const fixed = Math.max(0, full - perExample * PROBE_EXAMPLES);
    const fitting = perExample > 0 ? Math.floor((chunkMemory - fixed) / perExample) : examples;
    const chunk = Math.min(examples, Math.max(PROBE_EXAMPLES, fitting));
    return { chunk, bytes: fixed + perExample * chunk + weights };
  } finally {
    model.dispose();
  }
}

/**
 * Refuses `syntheticSteps` whose differentiation would go over the limit,
 * naming the method and the setting, before any expert is trained; else
 * the examples a chunk of the set takes (see unrollPlan).
 */
export async function checkUnrollMemory(
  method: string,
  context: MethodContext,
  { syntheticSteps }: TrajectorySettings,
): Promise<number> {
  const { chunk, bytes } = await unrollPlan(context, syntheticSteps);
  if (bytes > UNROLL_MEMORY_LIMIT) {
    const gib = (value: number) => (value / 2 ** 30).toFixed(1);
    throw new Error(
      `${method}: syntheticSteps ${syntheticSteps} would keep about ${gib(bytes)} GiB for differentiating through the steps (at most ${gib(UNROLL_MEMORY_LIMIT)} GiB); lower syntheticSteps, the budget or the model's size`,
    );
  }
  return chunk;
}

/** The latest expert epoch a segment of `expertSpan` epochs can start at, or a clear error. */
export function lastExpertStart(method: string, { expertEpochs, expertSpan }: TrajectorySettings): number {
  const last = expertEpochs - expertSpan;
  if (last < 0)
    throw new Error(`${method}: expertSpan ${expertSpan} is longer than the experts' ${expertEpochs} epochs`);
  return last;
}

export interface MatchingOptions {
  /** The expert epochs an iteration may start at, [first, last], inclusive. */
  startWindow(iteration: number): [number, number];
  /** Step size for the soft labels, where the set learns them (SGD, momentum 0.9). */
  lrLabels?: number;
  /** An iteration whose loss is above this changes nothing (DATM's skip of segments too hard for the set). */
  skipAbove?: number;
  /** Synthetic examples differentiated at a time (checkUnrollMemory's). */
  chunk: number;
}

/** What a segment's loss is differentiated in: the synthetic examples, their soft-label logits (datm) and the student rate. */
type Learnt = 'examples' | 'labels' | 'rate';

/** Runs the matching iterations on `set`, each from a random expert and start epoch in the window. */
export async function matchTrajectories(
  context: MethodContext,
  set: LearnedSet,
  trajectories: Trajectories,
  progress: MatchingProgress,
  settings: TrajectorySettings,
  options: MatchingOptions,
): Promise<void> {
  const { examples, labels } = set;
  const oneHot = labels ? undefined : classTargets(set.classes, context.dataset.classes.length);
  const rate = tf.tidy(() => tf.variable(tf.scalar(settings.studentLr), true));
  // Each learnt quantity with the paper's SGD momentum and its step, checked at the first iteration (see stable-rate.ts).
  const learn = (key: Learnt, variable: tf.Variable, momentum: number, lr: number) => ({
    key,
    variable,
    lr,
    optimizer: createOptimizer([variable], { optimizer: 'sgd', momentum, weightDecay: 0 }),
  });
  const learnt = [
    learn('examples', examples, 0.5, settings.lrImages),
    learn('rate', rate, 0.5, settings.lrRate),
    ...(labels ? [learn('labels', labels, 0.9, options.lrLabels!)] : []),
  ];
  const rng = context.rng.fork(0x77);
  const model = distillationNetwork(context, rng.fork(0));
  const span = settings.expertSpan;
  try {
    for (let iteration = 0; iteration < settings.iterations; iteration++) {
      if (context.shouldStop()) throw new RunCancelled();
      const trajectory = trajectories[rng.int(trajectories.length)];
      const [first, last] = options.startWindow(iteration);
      const start = first + rng.int(last - first + 1);
      const [startParams, targetParams] = tf.tidy(() => [
        parametersAt(model, trajectory[start]),
        parametersAt(model, trajectory[start + span]),
      ]);
      try {
        // This segment's inputs, with any of the learnt quantities replaced.
        const inputs = (replaced: Partial<Record<Learnt, tf.Tensor>> = {}): MatchingInputs => {
          const logits = replaced.labels ?? labels;
          return {
            examples: replaced.examples ?? examples,
            rate: replaced.rate ?? rate,
            chunk: options.chunk,
            ...(logits ? { labels: logits } : { targets: oneHot! }),
          };
        };
        const gradients = (replaced: Partial<Record<Learnt, tf.Tensor>> = {}) =>
          matchingGradients(model, inputs(replaced), startParams, targetParams, settings.syntheticSteps);
        if (iteration === 0) {
          for (const item of learnt) {
            const lossOf = (x: tf.Tensor) => {
              const { examples: x1, rate: r, labels: l, targets } = inputs({ [item.key]: x });
              const soft = l ? (tf.softmax(l) as tf.Tensor2D) : targets!;
              return trajectoryMatchingLoss(model, x1, soft, r, startParams, targetParams, settings.syntheticSteps);
            };
            item.lr = await stableRate(item.lr, lossOf, item.variable, STEP_CHECKS.halfThePromise, (x) => {
              const all = gradients({ [item.key]: x });
              const grad = all[item.key]!;
              tf.dispose([all.examples, all.rate, all.labels ?? []].filter((t) => t !== grad));
              return { value: all.value, grad };
            });
          }
        }
        const all = gradients();
        const value = all.value;
        const grads: Record<string, tf.Tensor> = Object.fromEntries(
          learnt.map(({ key, variable }) => [variable.name, all[key]!]),
        );
        // Reading the loss back costs a sync, so only a method that skips on it waits for it.
        const skip = options.skipAbove !== undefined && (await value.data())[0] > options.skipAbove;
        if (!skip) {
          tf.tidy(() => {
            learnt.forEach(({ variable, optimizer, lr }) => optimizer.step([grads[variable.name]], lr));
            // A step size below zero would make the student climb its loss: the learnt rate is kept at zero or above.
            rate.assign(tf.relu(rate));
          });
        }
        tf.dispose(grads);
        await progress.record(value, iteration);
      } finally {
        tf.dispose([...startParams, ...targetParams]);
      }
    }
  } finally {
    tf.dispose([rate, oneHot ?? []]);
    learnt.forEach(({ optimizer }) => optimizer.dispose());
    model.dispose();
  }
}
