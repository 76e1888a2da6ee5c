/**
 * The one training loop. Every method trains through it: the method decides
 * which examples each round holds (its DataPlan); the loop batches them,
 * applies the augmentation hook, steps the optimizer on a cosine schedule
 * compressed to the run's steps, and evaluates at fixed steps with the clock
 * paused; between steps it obeys the user's hold (pause, step one epoch).
 */
import * as tf from '@tensorflow/tfjs';
import { withFrozen, type HiddenMix, type Model } from '../models/model';
import { mixTargets, withDecoupled } from './mixed-loss';
import type { Rng } from '../../core/rng';
import type { DataPlan } from '../contracts/plan';
import { RunCancelled, RunDiverged } from '../contracts/errors';
import type { BatchSource } from './batch-source';
import type { CurvePoint } from '../../core/results/curve';
import type { Clock } from './clock';
import { evaluate, EVAL_BATCH } from './evaluate';
import { distillationLoss, oneHotTargets, softCrossEntropy } from './loss';
import { createOptimizer, type OptimizerSettings } from './optimizer';
import { holdUntil, settleOn, YIELD_EVERY_MS, yieldToEventLoop } from './pacing';
import { curvePointCount, evaluationSteps, learningRate, type LrSchedule } from '../../core/results/schedule';

export interface TrainSettings extends OptimizerSettings {
  batchSize: number;
  lr: number;
  evalPoints: number;
  /** Cosine decay compressed to the run by default (see learningRate). */
  schedule?: LrSchedule;
}

export interface TrainingJob {
  model: Model;
  classCount: number;
  train: BatchSource;
  /** Evaluated along the run; without it (pre-training) the loop only trains. */
  test?: BatchSource;
  /**
   * A fixed stratified sample of `test` (evaluate.ts's evaluationSample): the
   * points before the last are measured on it, the last on all of `test`.
   */
  testSample?: BatchSource;
  plan: DataPlan;
  settings: TrainSettings;
  clock: Clock;
  rng: Rng;
  onPoint?: (point: CurvePoint) => void;
  onProgress?: (step: number, totalSteps: number, timeMs: number) => void;
  /** Polled between steps; when true the loop throws RunCancelled. */
  shouldStop?: () => boolean;
  /** The user's pause and "step one epoch", obeyed between steps. */
  hold?: TrainingHold;
}

/**
 * The user's hold on training (the page's pause and "step one epoch"). The
 * loop obeys it between steps with the clock stopped, and it touches
 * neither the random streams nor the schedule: a held run's curve is the
 * unheld run's, only later on the wall.
 */
export interface TrainingHold {
  /** True while the user holds the run. */
  paused(): boolean;
  /** True once per "step one epoch" request: training runs to the end of its current round (an epoch), then holds again if still paused. */
  takeStep(): boolean;
  /**
   * True once per resume asked since training last held. A held run takes
   * at least one step on it, so a pause that follows Play at once holds at
   * the next step (and says where) rather than never leaving the hold.
   */
  takeResume(): boolean;
  /** Hears that training holds after `step` (0: before the first), with `rounds` rounds done. */
  onHeld?(step: number, rounds: number): void;
}

/** Steps between two looks at the training loss (at fixed steps, so that a seed diverges at the same step every time). */
const WATCH_EVERY = 10;
/**
 * A training loss averaging more than this many times a uniform guess's
 * (ln classes) over a window has exploded: at a learning rate of 10 the MLP's
 * loss on MNIST reaches thousands within five steps and the network ends at
 * chance, with every number still finite.
 */
const EXPLODED = 100;

export interface GradientOptions {
  /** Hears the batch's logits (within the caller's tidy). */
  seeLogits?: (logits: tf.Tensor2D) => void;
  /** Hears the loss's value (within the caller's tidy). */
  seeLoss?: (loss: tf.Scalar) => void;
  /** A blend inside the model (Manifold Mixup, the text mixes). */
  mix?: HiddenMix;
}

/** Gradients of `loss(logits)` aligned with `model.params`. */
export function lossGradients(
  model: Model,
  x: tf.Tensor,
  loss: (logits: tf.Tensor2D) => tf.Scalar,
  options: GradientOptions = {},
): tf.Tensor[] {
  let kept: tf.Tensor2D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(x, undefined, options.mix);
    if (options.seeLogits) kept = tf.keep(logits);
    return loss(logits);
  }, model.params);
  if (kept) {
    options.seeLogits!(kept);
    kept.dispose();
  }
  options.seeLoss?.(value);
  return model.params.map((p) => grads[p.name]);
}

/** The loss on one-hot or soft targets: cross-entropy. */
export function crossEntropyOn(targets: tf.Tensor2D): (logits: tf.Tensor2D) => tf.Scalar {
  return (logits) => softCrossEntropy(logits, targets);
}

/** Waits until the backend has finished the queued updates (reads one parameter). */
function settle(model: Model): Promise<void> {
  return settleOn(model.params[model.params.length - 1]);
}

export async function trainModel(
  job: TrainingJob,
): Promise<{ points: CurvePoint[]; evalMs: number; confusion?: number[][] }> {
  const { plan, settings, clock } = job;
  const model = plan.frozenParams ? withFrozen(job.model, plan.frozenParams) : job.model;
  const optimizer = createOptimizer(model.params, settings);
  const checkpoints = job.test ? evaluationSteps(plan.totalSteps, curvePoints(job)) : new Set<number>();
  const points: CurvePoint[] = [];
  let evalMs = 0;
  /** The whole test split class by class, at the last evaluation. */
  let confusion: number[][] | undefined;
  let samples = 0;
  // The training losses summed on the backend (NaN or infinite from the first step whose loss
  // is), read back every WATCH_EVERY steps and before each evaluation: one scalar, not one per step.
  let lossSum = tf.scalar(0);
  const addLoss = (loss: tf.Scalar) => {
    const next = tf.keep(tf.add(lossSum, loss));
    lossSum.dispose();
    lossSum = next as tf.Scalar;
  };
  const diverged = (step: number, what: string) =>
    new RunDiverged(
      step,
      `the training diverged by step ${step}: ${what}; lower the learning rate`,
      'training',
      points,
      evalMs,
    );
  const explodedAbove = EXPLODED * Math.log(job.classCount);
  let watched = { step: 0, sum: 0 };
  // The summed loss at the last curve point: a point's training loss is the mean over the steps since.
  let atLastPoint = watched;
  const watchLoss = async (step: number) => {
    if (step === watched.step) return;
    const sum = (await lossSum.data())[0];
    if (!Number.isFinite(sum)) throw diverged(step, 'its training loss is no longer a finite number');
    const mean = (sum - watched.sum) / (step - watched.step);
    if (mean > explodedAbove) {
      throw diverged(
        step,
        `its training loss averaged ${mean.toPrecision(3)} over steps ${watched.step + 1}-${step}, over ${EXPLODED} times a uniform guess's (${(explodedAbove / EXPLODED).toFixed(2)})`,
      );
    }
    watched = { step, sum };
  };

  const checkpoint = async (step: number) => {
    await settle(model);
    await watchLoss(step);
    clock.pause();
    const started = performance.now();
    const last = step === plan.totalSteps;
    const split = last ? job.test! : (job.testSample ?? job.test!);
    const { accuracy, loss, confusion: counts } = await evaluate(model, split, job.classCount, { confusion: last });
    if (counts) confusion = counts;
    evalMs += performance.now() - started;
    if (!Number.isFinite(loss)) throw diverged(step, 'the test loss');
    const trainLoss = step > atLastPoint.step ? (watched.sum - atLastPoint.sum) / (step - atLastPoint.step) : undefined;
    atLastPoint = watched;
    const point: CurvePoint = { timeMs: clock.elapsed(), step, samples, testAcc: accuracy, testLoss: loss };
    if (trainLoss !== undefined) point.trainLoss = trainLoss;
    points.push(point);
    job.onPoint?.(point);
    clock.start();
  };

  let drawn = 0;
  // Running to the end of the current round on a "step one epoch".
  let stepping = false;
  /** Before `step`; `boundary`: a round ends here (or training begins), the place where a step ends. */
  const obeyHold = async (hold: TrainingHold, step: number, boundary: boolean) => {
    if (boundary) stepping = false;
    if (stepping) return;
    if (hold.takeStep()) {
      stepping = true;
      return;
    }
    if (!hold.paused()) return;
    // The clock stops only once the backend has done the steps it counts.
    await settle(model);
    clock.pause();
    // A resume asked while training ran is spent: this hold is the pause after it.
    hold.takeResume();
    job.onProgress?.(step - 1, plan.totalSteps, clock.elapsed());
    hold.onHeld?.(step - 1, boundary ? drawn : drawn - 1);
    await holdUntil(
      () => {
        if (hold.takeStep()) stepping = true;
        return stepping || hold.takeResume() || !hold.paused();
      },
      () => job.shouldStop?.() ?? false,
    );
    clock.start();
  };

  try {
    if (checkpoints.has(0)) await checkpoint(0);
    let round: Int32Array = new Int32Array(0);
    let position = 0;
    let lastYield = performance.now();
    for (let step = 1; step <= plan.totalSteps; step++) {
      const boundary = position >= round.length;
      if (job.hold) await obeyHold(job.hold, step, boundary);
      if (boundary) {
        round = await plan.nextRound(model);
        drawn++;
        position = 0;
      }
      const indices = round.subarray(position, position + settings.batchSize);
      position += indices.length;
      const lr = learningRate(settings.schedule ?? 'cosine', settings.lr, step - 1, plan.totalSteps);
      tf.tidy(() => {
        const { x, y, targets } = planBatch(plan, job, indices);
        const mixed = plan.augment?.mix({ x, targets }, job.rng, model);
        // A mixed batch's targets (and teacher) are blended as its inputs were.
        const blended = (t: tf.Tensor2D) => (mixed ? mixTargets(t, mixed) : t);
        const mixedLoss = plan.teacher
          ? distillationLoss(
              blended(targets),
              blended(teacherBatch(plan.teacher.probabilities, indices, job.classCount)),
              plan.teacher,
            )
          : crossEntropyOn(blended(targets));
        const loss = withDecoupled(mixedLoss, targets, mixed, plan.augment?.decoupledWeight);
        // Forgetting events are about each example's own prediction, which a mixed batch does not show.
        const observe = mixed ? undefined : plan.observe;
        const seeLogits = observe && y && ((logits: tf.Tensor2D) => observe(indices, logits, y));
        optimizer.step(
          lossGradients(model, mixed?.x ?? x, loss, { seeLogits, seeLoss: addLoss, mix: mixed?.hidden }),
          lr,
        );
      });
      samples += indices.length;

      if (checkpoints.has(step)) await checkpoint(step);
      else if (step % WATCH_EVERY === 0) await watchLoss(step);
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        job.onProgress?.(step, plan.totalSteps, clock.elapsed());
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (job.shouldStop?.()) throw new RunCancelled();
    }
  } finally {
    optimizer.dispose();
    lossSum.dispose();
  }
  return { points, evalMs, confusion };
}

/** The run's evaluations after step 0 (see curvePointCount). */
function curvePoints(job: TrainingJob): number {
  const { plan, settings } = job;
  const perStep = Math.min(settings.batchSize, plan.examplesPerRound);
  return curvePointCount(settings.evalPoints, plan.totalSteps, perStep, (job.testSample ?? job.test!).count);
}

/** A batch from the plan's own examples, or from the training split (with its labels). */
function planBatch(
  plan: DataPlan,
  job: TrainingJob,
  indices: Int32Array,
): { x: tf.Tensor; y?: tf.Tensor1D; targets: tf.Tensor2D } {
  if (plan.examples) {
    const rows = tf.tensor1d(indices, 'int32');
    return { x: tf.gather(plan.examples.x, rows), targets: tf.gather(plan.examples.targets, rows) };
  }
  const batch = job.train.gather(indices);
  return { x: batch.x, y: batch.y, targets: oneHotTargets(batch.y, job.classCount) };
}

/** The teacher's probabilities for a batch's examples, gathered on the host. */
function teacherBatch(probabilities: Float32Array, indices: Int32Array, classCount: number): tf.Tensor2D {
  const rows = new Float32Array(indices.length * classCount);
  indices.forEach((i, row) => rows.set(probabilities.subarray(i * classCount, (i + 1) * classCount), row * classCount));
  return tf.tensor2d(rows, [indices.length, classCount]);
}

/**
 * Training steps the warm-up takes before any clock starts. One step
 * compiles the kernels (and a GPU's shaders); the JavaScript around them
 * (tfjs's dispatch, the optimizer's update) runs slower until the engine has
 * optimised it, which took some tens of steps: without them the first run's
 * early steps, full data's in the default comparison, ran up to twice as
 * slow as its later ones, and its time to target with them.
 */
export const WARM_UP_STEPS = 40;

/** Runs training steps and an evaluation, changing no weights, so that every run's clock starts on warm code. */
export async function warmUp(
  job: Pick<TrainingJob, 'model' | 'classCount' | 'train' | 'settings'> & { test: BatchSource },
): Promise<void> {
  const { model, settings } = job;
  const size = Math.min(settings.batchSize, job.train.count);
  const throwaway = createOptimizer(model.params, settings);
  for (let step = 0; step < WARM_UP_STEPS; step++) {
    const start = (step * size) % Math.max(1, job.train.count - size + 1);
    const done = tf.tidy(() => {
      const batch = job.train.gather(Int32Array.from({ length: size }, (_, i) => start + i));
      // A zero learning rate runs the update without changing the weights.
      throwaway.step(lossGradients(model, batch.x, crossEntropyOn(oneHotTargets(batch.y, job.classCount))), 0);
      return tf.sum(model.params[0]);
    });
    // Waited on now and then, as training reads its loss.
    if ((step + 1) % WATCH_EVERY === 0 || step === WARM_UP_STEPS - 1) await done.data();
    done.dispose();
  }
  throwaway.dispose();
  const probe = tf.tidy(() => {
    const batch = job.test.slice(0, Math.min(EVAL_BATCH, job.test.count));
    return tf.sum(model.apply(batch.x));
  });
  await probe.data();
  probe.dispose();
}
