/**
 * What a matching loop reports as it goes, and where a live view of a
 * distillation hooks in (see DistillationWatch).
 */
import type * as tf from '@tensorflow/tfjs';
import type { DistillationWatch, MethodContext } from '../../contracts/method';
import type { DataPlan } from '../../contracts/plan';
import { Rng } from '../../../core/rng';
import { RunDiverged } from '../../contracts/errors';
import { holdUntil, settleOn, YIELD_EVERY_MS, yieldToEventLoop } from '../../train/pacing';
import type { LearnedSet } from './learned-set';
import type { ReadWords } from './embedding-space';

/** A live view gets at most a snapshot per this many ms (each is a readback of the whole set). */
const SNAPSHOT_EVERY_MS = 500;

/** The set a matching loop learns, as a live view sees it. */
export interface WatchedSet {
  context: MethodContext;
  set: LearnedSet;
  /** The run's plan for the set as it stands (for "evaluate now"), on its own random stream. */
  planNow(rng: Rng): Promise<DataPlan>;
  /** A text set's reading in words, which it shows instead of its vectors. */
  readWords?: ReadWords;
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
  /** Losses read for the live view only: the result keeps `loss`, the same with a watch or without. */
  private readonly shownLoss: [number, number][] = [];
  private shownAt = -Infinity;
  private yieldedAt = -Infinity;
  private evaluationAsked = false;
  constructor(
    private readonly method: string,
    private readonly iterations: number,
    private readonly every: number,
    private readonly watched?: WatchedSet,
  ) {}

  /**
   * Takes the iteration's loss (and disposes it). A loss read back as NaN
   * or infinite stops the distillation with the step size to lower: the set
   * has diverged, and training on it would only report chance accuracy.
   */
  async record(value: tf.Tensor, iteration: number): Promise<void> {
    try {
      const recorded = iteration % this.every === 0 || iteration === this.iterations - 1;
      if (recorded) await this.keep(value, iteration);
      const watch = this.watched?.context.watch;
      if (!watch || !this.due(watch, iteration)) return;
      // An async backend may still be updating the set: that is the run's work, so it ends on the clock.
      await settleOn(this.watched!.set.examples);
      await watch.aside(async () => {
        // A snapshot shows the loss where it stands, between the points the result keeps.
        if (!recorded && this.showDue(iteration, performance.now()))
          this.shownLoss.push([iteration, (await value.data())[0]]);
        await this.serve(watch, iteration);
      });
    } finally {
      value.dispose();
    }
  }

  private async keep(value: tf.Tensor, iteration: number): Promise<void> {
    const loss = (await value.data())[0];
    if (!Number.isFinite(loss))
      throw new RunDiverged(
        iteration,
        `${this.method}: the distillation diverged at iteration ${iteration} (matching loss ${loss}); lower lrImages (or the other learning rates)`,
        'distillation',
      );
    this.loss.push([iteration, loss]);
  }

  private showDue(iteration: number, now: number): boolean {
    return iteration === 0 || iteration === this.iterations - 1 || now - this.shownAt >= SNAPSHOT_EVERY_MS;
  }

  /** Whether the watch has anything to do at this iteration's end; most iterations it has not. */
  private due(watch: DistillationWatch, iteration: number): boolean {
    this.evaluationAsked ||= watch.takeEvaluation();
    const now = performance.now();
    return (
      this.evaluationAsked || watch.paused() || this.showDue(iteration, now) || now - this.yieldedAt >= YIELD_EVERY_MS
    );
  }

  private async serve(watch: DistillationWatch, iteration: number): Promise<void> {
    const now = performance.now();
    if (this.showDue(iteration, now)) await this.show(watch, iteration, false);
    // The page's requests (pause, evaluate, cancel) reach the worker only when the loop gives way.
    if (now - this.yieldedAt >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      this.yieldedAt = performance.now();
    }
    await this.evaluateIfAsked(watch, iteration);
    if (!watch.paused()) return;
    // A resume asked while the set moved is spent: this hold is the pause after it.
    watch.takeResume();
    await this.show(watch, iteration, true);
    await holdUntil(
      async () => {
        await this.evaluateIfAsked(watch, iteration);
        return !watch.paused() || watch.takeResume();
      },
      () => this.watched!.context.shouldStop(),
    );
    // The view learns at once that the set moves again.
    await this.show(watch, iteration, false);
  }

  private async evaluateIfAsked(watch: DistillationWatch, iteration: number): Promise<void> {
    this.evaluationAsked ||= watch.takeEvaluation();
    if (!this.evaluationAsked) return;
    this.evaluationAsked = false;
    await this.evaluate(watch, iteration);
  }

  private async show(watch: DistillationWatch, iteration: number, paused: boolean): Promise<void> {
    const { set, readWords } = this.watched!;
    // A text set shows as words: its vectors stay in the worker.
    const reading = await readWords?.(set.examples);
    const values = reading ? new Float32Array(0) : ((await set.examples.data()) as Float32Array);
    watch.show({
      classes: set.classes,
      shape: set.examples.shape.slice(1),
      values,
      words: reading?.words,
      movedToward: reading?.movedToward,
      loss: [...this.loss, ...this.shownLoss].sort((a, b) => a[0] - b[0]),
      iteration,
      iterations: this.iterations,
      paused,
    });
    this.shownAt = performance.now();
  }

  /** Trains on the set as it stands through the run's own plan for it; a stream of its own keeps the run's where it is. */
  private async evaluate(watch: DistillationWatch, iteration: number): Promise<void> {
    const { context, planNow } = this.watched!;
    const plan = await planNow(new Rng(context.seed).fork(iteration));
    try {
      await watch.evaluate(plan, iteration);
    } finally {
      plan.dispose?.();
    }
  }
}
