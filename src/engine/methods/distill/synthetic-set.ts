/**
 * What the distillation methods share: where a synthetic set starts (real
 * examples or noise), how its examples are laid out by class, and the plan
 * that trains on it through the one training loop.
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { oneOf } from '../../config-fields';
import { stepsPerRound } from '../budget';
import type { DistillationWatch, MethodContext } from '../method';
import type { DataPlan } from '../plan';
import { classBalancedSample } from '../sampling';
import { indicesByClass } from '../../data/dataset';
import { kMeans } from '../coreset/geometry';
import { Rng } from '../../rng';
import { RunCancelled, settleOn, yieldToEventLoop } from '../../train/loop';

export const initParam = {
  init: v.optional(
    v.pipe(
      oneOf('initialisation', ['real', 'kmeans', 'noise'] as const),
      v.title('start from'),
      v.description('real: random real examples of each class; kmeans: the real example nearest each k-means centre of its class (DREAM); noise: uniform noise.'),
    ),
    'real',
  ),
};

/** One-hot targets [n, classes] for synthetic examples of `classes`. */
export function classTargets(classes: Int32Array, classCount: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(classes, 'int32'), classCount).toFloat()) as tf.Tensor2D;
}

/** A live view gets at most a snapshot per this many ms (each is a readback of the whole set). */
const SNAPSHOT_EVERY_MS = 500;
/** How often a watched loop lets the page's requests (pause, evaluate, cancel) into the worker. */
const YIELD_EVERY_MS = 50;
/** How often a paused distillation looks again for a resume or a cancel. */
const PAUSE_POLL_MS = 50;

/** The set a matching loop learns, for a live view of it. */
export interface MatchedSet {
  context: MethodContext;
  synthetic: tf.Variable;
  classes: Int32Array;
}

/**
 * What a matching loop reports as it goes: each iteration's loss (read back
 * every `every` iterations and at the last, as each point is a readback).
 * Kept in one place so that whatever watches a distillation hooks in here:
 * with a watch in the context, an iteration's end is also where the set is
 * shown, held by a pause and evaluated on request, all off the run's clock
 * and without touching the run's random streams, so the result is the same.
 */
export class MatchingProgress {
  readonly loss: [number, number][] = [];
  private shownAt = -Infinity;
  private yieldedAt = -Infinity;
  private evaluationAsked = false;
  constructor(
    private readonly iterations: number,
    private readonly every: number,
    private readonly set?: MatchedSet,
  ) {}

  /** Takes the iteration's loss (and disposes it). */
  async record(value: tf.Tensor, iteration: number): Promise<void> {
    if (iteration % this.every === 0 || iteration === this.iterations - 1) this.loss.push([iteration, (await value.data())[0]]);
    value.dispose();
    const watch = this.set?.context.watch;
    if (!watch || !this.due(watch, iteration)) return;
    // An async backend may still be updating the set: that is the run's work, so it ends on the clock.
    await settleOn(this.set!.synthetic);
    await watch.aside(() => this.watched(watch, iteration));
  }

  private showDue(iteration: number, now: number): boolean {
    return iteration === 0 || iteration === this.iterations - 1 || now - this.shownAt >= SNAPSHOT_EVERY_MS;
  }

  /** Whether the watch has anything to do at this iteration's end; most iterations it has not. */
  private due(watch: DistillationWatch, iteration: number): boolean {
    this.evaluationAsked ||= watch.takeEvaluation();
    const now = performance.now();
    return this.evaluationAsked || watch.paused() || this.showDue(iteration, now) || now - this.yieldedAt >= YIELD_EVERY_MS;
  }

  private async watched(watch: DistillationWatch, iteration: number): Promise<void> {
    const now = performance.now();
    if (this.showDue(iteration, now)) await this.show(watch, iteration, false);
    // Messages reach a worker only between tasks, and a matching loop may never leave its own.
    if (now - this.yieldedAt >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      this.yieldedAt = performance.now();
    }
    let held = false;
    for (;;) {
      this.evaluationAsked ||= watch.takeEvaluation();
      if (this.evaluationAsked) {
        this.evaluationAsked = false;
        await this.evaluate(watch, iteration);
      }
      if (!watch.paused()) {
        // The view learns at once that the set moves again.
        if (held) await this.show(watch, iteration, false);
        return;
      }
      if (this.set!.context.shouldStop()) throw new RunCancelled();
      if (!held) {
        held = true;
        await this.show(watch, iteration, true);
      }
      await new Promise((resolve) => setTimeout(resolve, PAUSE_POLL_MS));
    }
  }

  private async show(watch: DistillationWatch, iteration: number, paused: boolean): Promise<void> {
    const { synthetic, classes } = this.set!;
    const values = (await synthetic.data()) as Float32Array;
    watch.show({ classes, shape: synthetic.shape.slice(1), values, loss: this.loss.slice(), iteration, iterations: this.iterations, paused });
    this.shownAt = performance.now();
  }

  /** Trains on the set as it stands through the run's own plan for it; a stream of its own keeps the run's where it is. */
  private async evaluate(watch: DistillationWatch, iteration: number): Promise<void> {
    const { context, synthetic, classes } = this.set!;
    const plan = await distilledPlan({ ...context, rng: new Rng(context.seed).fork(iteration) }, tf.clone(synthetic), classes, []);
    try {
      await watch.evaluate(plan, iteration);
    } finally {
      plan.dispose?.();
    }
  }
}

/** The row label's note for a start other than random real examples. */
export function initLabel(params: Record<string, unknown>): string {
  return params.init === 'noise' ? ' (from noise)' : params.init === 'kmeans' ? ' (k-means start)' : '';
}

/** The class of every synthetic example: the budget's count per class, class by class. */
function syntheticClasses(context: Pick<MethodContext, 'budget'>): Int32Array {
  return Int32Array.from(context.budget.perClass.flatMap((count, c) => new Array<number>(count).fill(c)));
}

/**
 * DREAM's start (Liu et al., ICCV 2023): cluster each class into as many
 * clusters as it gets synthetic examples, and take the real example nearest
 * each centre, so the start already covers the class's modes.
 */
async function centralExamples(context: MethodContext): Promise<Int32Array> {
  const picked: number[] = [];
  const members = indicesByClass(context.dataset.train.y, context.dataset.classes.length);
  for (const [c, rows] of members.entries()) {
    const take = context.budget.perClass[c];
    if (take === 0) continue;
    const x = tf.tidy(() => {
      const batch = context.train.gather(rows).x;
      return tf.reshape(batch, [rows.length, -1]) as tf.Tensor2D;
    });
    try {
      const assignment = await kMeans(x, take, context.rng);
      const chosen = new Set<number>();
      for (let cluster = 0; cluster < take; cluster++) {
        const inCluster = Array.from(assignment.keys()).filter((i) => assignment[i] === cluster);
        if (inCluster.length === 0) continue;
        const nearest = tf.tidy(() => {
          const points = tf.gather(x, tf.tensor1d(inCluster, 'int32'));
          return tf.argMin(tf.sum(tf.square(tf.sub(points, tf.mean(points, 0))), 1));
        });
        chosen.add(inCluster[(await nearest.data())[0]]);
        nearest.dispose();
      }
      // A cluster Lloyd's iterations emptied leaves its place to a random example of the class.
      for (const i of context.rng.permutation(rows.length)) {
        if (chosen.size >= take) break;
        chosen.add(i);
      }
      for (const i of chosen) picked.push(rows[i]);
    } finally {
      x.dispose();
    }
  }
  return Int32Array.from(picked);
}

/** The starting synthetic examples [n, ...input], as the model reads them, laid out as `classes`. */
async function initialExamples(context: MethodContext, classes: Int32Array, init: unknown): Promise<tf.Tensor> {
  if (init === 'noise') {
    return tf.tidy(() => {
      const shape = context.train.slice(0, 1).x.shape.slice(1);
      return tf.randomUniform([classes.length, ...shape], 0, 1, 'float32', context.rng.int(2 ** 31) + 1);
    });
  }
  const picked = init === 'kmeans' ? await centralExamples(context) : classBalancedSample(context.dataset.train.y, context.budget.perClass, context.rng);
  if (picked.length !== classes.length) throw new Error(`distillation start: ${picked.length} examples for ${classes.length} synthetic ones`);
  // Class by class, as `classes` lays them out.
  const byClass = Array.from(picked).sort((a, b) => context.dataset.train.y[a] - context.dataset.train.y[b] || a - b);
  return tf.tidy(() => context.train.gather(Int32Array.from(byClass)).x);
}

/** Trains on the distilled examples (one-hot targets by class), shuffled every round. */
async function distilledPlan(context: MethodContext, examples: tf.Tensor, classes: Int32Array, loss: [number, number][]): Promise<DataPlan> {
  const count = classes.length;
  const targets = classTargets(classes, context.dataset.classes.length);
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

/**
 * A distillation run's plan: start the synthetic set, let `match` learn it
 * over `iterations` (timed as distillation overhead, its loss read back
 * every `lossEvery`), then train on it. The set's variable is freed
 * whatever happens.
 */
export async function distil(
  context: MethodContext,
  params: Record<string, unknown>,
  loop: { iterations: number; lossEvery: number },
  match: (synthetic: tf.Variable, classes: Int32Array, progress: MatchingProgress) => Promise<void>,
): Promise<DataPlan> {
  const classes = syntheticClasses(context);
  const initial = await initialExamples(context, classes, params.init);
  const synthetic = tf.variable(initial, true);
  initial.dispose();
  try {
    const progress = new MatchingProgress(loop.iterations, loop.lossEvery, { context, synthetic, classes });
    await context.overhead.time('distill', () => match(synthetic, classes, progress));
    return await distilledPlan(context, tf.clone(synthetic), classes, progress.loss);
  } finally {
    synthetic.dispose();
  }
}
