/**
 * A live view's hold on a run's distillation: the set's snapshots and the
 * "evaluate now" points go out as events; the user's pause and requests come
 * in through RunControls. All of it runs off the run's clock.
 */
import type { DistillationSnapshot, DistillationWatch } from '../contracts/method';
import type { Model } from '../models/model';
import { Rng } from '../../core/rng';
import type { BatchSource } from '../train/batch-source';
import { Clock } from '../train/clock';
import { evaluate } from '../train/evaluate';
import { trainModel, type TrainingHold, type TrainSettings } from '../train/loop';
import { offTheClock } from './overhead';
import type { DistillationEvaluation, ExperimentEvent } from '../../core/results/types';

/**
 * What the page asks of a run under way: one pause holds it wherever it is
 * (a distillation between iterations, training between steps), a step runs
 * its training to the next epoch's end, and "evaluate now" tests a
 * distillation's set as it stands.
 */
export interface RunControls extends Pick<TrainingHold, 'paused' | 'takeStep' | 'takeResume'> {
  /** True once per "evaluate now" request. */
  takeEvaluation(): boolean;
}

export interface WatchedRun {
  runIndex: number;
  label: string;
  seed: number;
  clock: Clock;
  /** The run's model: untrained while its method plans, so its weights start every evaluation. */
  model: Model;
  createModel: (rng: Rng) => Model;
  classCount: number;
  train: BatchSource;
  test: BatchSource;
  settings: TrainSettings;
  shouldStop: () => boolean;
  /** Where the set lives in whitened space: its values back as pixels, for the view. */
  pixels?: (values: Float32Array) => Promise<Float32Array>;
  emit: (event: ExperimentEvent) => void;
}

/** The watch for one run; `evaluations` collects its "evaluate now" points for the run's result. */
export function distillationWatch(
  controls: RunControls,
  run: WatchedRun,
): { watch: DistillationWatch; evaluations: DistillationEvaluation[] } {
  const { runIndex, label, seed, emit } = run;
  const evaluations: DistillationEvaluation[] = [];
  // What the page draws of a snapshot, and no more.
  const shown = (s: DistillationSnapshot) =>
    emit({
      type: 'distill-snapshot',
      runIndex,
      label,
      seed,
      snapshot: {
        classes: Array.from(s.classes),
        shape: s.shape,
        values: s.values,
        words: s.words,
        movedToward: s.movedToward,
        loss: s.loss,
        iteration: s.iteration,
        iterations: s.iterations,
        paused: s.paused,
      },
    });
  const watch: DistillationWatch = {
    show: (snapshot) => {
      if (!run.pixels) return shown(snapshot);
      // In the order they were asked: the backend answers reads in turn.
      void run.pixels(snapshot.values).then((values) => shown({ ...snapshot, values }));
    },
    paused: () => controls.paused(),
    takeResume: () => controls.takeResume(),
    takeEvaluation: () => controls.takeEvaluation(),
    async evaluate(plan, iteration) {
      // From the run's own initial weights, so the point says what the run would reach from this set.
      const fresh = run.createModel(new Rng(seed));
      try {
        fresh.params.forEach((param, i) => param.assign(run.model.params[i]));
        // Its own clock: the run's stays paused while this trains.
        await trainModel({
          model: fresh,
          classCount: run.classCount,
          train: run.train,
          plan,
          settings: run.settings,
          clock: new Clock(),
          rng: new Rng(seed),
          shouldStop: run.shouldStop,
        });
        const { accuracy, loss } = await evaluate(fresh, run.test, run.classCount);
        const evaluation = {
          iteration,
          point: { timeMs: run.clock.elapsed(), step: 0, samples: 0, testAcc: accuracy, testLoss: loss },
        };
        evaluations.push(evaluation);
        emit({ type: 'distill-evaluation', runIndex, label, seed, evaluation });
      } finally {
        fresh.dispose();
      }
    },
    aside: (work) => offTheClock(run.clock, work),
  };
  return { watch, evaluations };
}
