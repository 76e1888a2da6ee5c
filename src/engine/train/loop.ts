/**
 * The one training loop. Every method trains through it: the method decides
 * which examples each round holds (its DataPlan); the loop batches them,
 * applies the augmentation hook, steps the optimizer on a cosine schedule
 * compressed to the run's steps, and evaluates at fixed steps with the clock
 * paused.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import type { Rng } from '../rng';
import type { CurvePoint } from '../experiment/types';
import type { BatchSource } from './batch-source';
import type { Clock } from './clock';
import { evaluate, EVAL_BATCH } from './evaluate';
import { oneHotTargets, softCrossEntropy } from './loss';
import { createOptimizer, type OptimizerSettings } from './optimizer';
import { cosineLr, evaluationSteps } from './schedule';

/** The examples a method trains on, round by round. */
export interface DataPlan {
  /** Examples in one round (the method's data budget). */
  examplesPerRound: number;
  totalSteps: number;
  /** Indices into the training split for the next round, in the order they are used. */
  nextRound(): Int32Array;
  /** Changes a batch before the forward pass (mixup and friends); targets are distributions. */
  augment?: (x: tf.Tensor, targets: tf.Tensor2D, rng: Rng) => { x: tf.Tensor; targets: tf.Tensor2D };
}

export interface TrainSettings extends OptimizerSettings {
  batchSize: number;
  lr: number;
  evalPoints: number;
}

export interface TrainingJob {
  model: Model;
  classCount: number;
  train: BatchSource;
  test: BatchSource;
  plan: DataPlan;
  settings: TrainSettings;
  clock: Clock;
  rng: Rng;
  onPoint?: (point: CurvePoint) => void;
  onProgress?: (step: number, totalSteps: number, timeMs: number) => void;
  /** Polled between steps; when true the loop throws RunCancelled. */
  shouldStop?: () => boolean;
}

export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'RunCancelled';
  }
}

/** Lets queued messages (a cancel, progress) through without slowing the loop. */
const YIELD_EVERY_MS = 50;
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Gradients of the cross-entropy loss, aligned with `model.params`. */
export function lossGradients(model: Model, x: tf.Tensor, targets: tf.Tensor2D): tf.Tensor[] {
  const { grads } = tf.variableGrads(() => softCrossEntropy(model.apply(x), targets), model.params);
  return model.params.map((p) => grads[p.name]);
}

/** Waits until the backend has finished the queued updates (reads one parameter). */
async function settle(model: Model): Promise<void> {
  const last = model.params[model.params.length - 1];
  const probe = tf.tidy(() => tf.sum(tf.slice(tf.reshape(last, [-1]), 0, 1)));
  await probe.data();
  probe.dispose();
}

export async function trainModel(job: TrainingJob): Promise<{ points: CurvePoint[]; evalMs: number }> {
  const { model, plan, settings, clock } = job;
  const optimizer = createOptimizer(model.params, settings);
  const checkpoints = evaluationSteps(plan.totalSteps, settings.evalPoints);
  const points: CurvePoint[] = [];
  let evalMs = 0;
  let samples = 0;

  const checkpoint = async (step: number) => {
    await settle(model);
    clock.pause();
    const started = performance.now();
    const { accuracy, loss } = await evaluate(model, job.test, job.classCount);
    evalMs += performance.now() - started;
    const point = { timeMs: clock.elapsed(), step, samples, testAcc: accuracy, testLoss: loss };
    points.push(point);
    job.onPoint?.(point);
    clock.start();
  };

  try {
    if (checkpoints.has(0)) await checkpoint(0);
    let round: Int32Array = new Int32Array(0);
    let position = 0;
    let lastYield = performance.now();
    for (let step = 1; step <= plan.totalSteps; step++) {
      if (position >= round.length) {
        round = plan.nextRound();
        position = 0;
      }
      const indices = round.subarray(position, position + settings.batchSize);
      position += indices.length;
      const lr = cosineLr(settings.lr, step - 1, plan.totalSteps);
      tf.tidy(() => {
        const batch = job.train.gather(indices);
        let x = batch.x;
        let targets = oneHotTargets(batch.y, job.classCount);
        if (plan.augment) ({ x, targets } = plan.augment(x, targets, job.rng));
        optimizer.step(lossGradients(model, x, targets), lr);
      });
      samples += indices.length;

      if (checkpoints.has(step)) await checkpoint(step);
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        job.onProgress?.(step, plan.totalSteps, clock.elapsed());
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (job.shouldStop?.()) throw new RunCancelled();
    }
  } finally {
    optimizer.dispose();
  }
  return { points, evalMs };
}

/** Compiles kernels/shaders for a training step and an evaluation before any clock starts. */
export async function warmUp(job: Pick<TrainingJob, 'model' | 'classCount' | 'train' | 'test' | 'settings'>): Promise<void> {
  const { model, settings } = job;
  const size = Math.min(settings.batchSize, job.train.count);
  const throwaway = createOptimizer(model.params, settings);
  tf.tidy(() => {
    const batch = job.train.gather(Int32Array.from({ length: size }, (_, i) => i));
    // A zero learning rate compiles the update without changing the weights.
    throwaway.step(lossGradients(model, batch.x, oneHotTargets(batch.y, job.classCount)), 0);
  });
  throwaway.dispose();
  const probe = tf.tidy(() => {
    const batch = job.test.slice(0, Math.min(EVAL_BATCH, job.test.count));
    return tf.sum(model.apply(batch.x));
  });
  await probe.data();
  probe.dispose();
}
