import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField, numberField, oneOf } from '../../../core/settings/fields';
import type { Budget } from '../budget';
import { defineMethod, type MethodContext } from '../../contracts/method';
import type { Settings } from '../../contracts/settings';
import { expertTrajectories, parametersAt, type Trajectories } from './expert-buffer';
import type { LearnedSet } from './learned-set';
import { distil, initLabel } from './synthetic-set';
import {
  checkUnrollMemory,
  lastExpertStart,
  LOSS_EVERY,
  matchTrajectories,
  trajectoryParams,
} from './trajectory-matching';
import { distillationNetwork } from './embedding-space';
import { STEP_CHECKS } from './stable-rate';

/**
 * The share of the buffer's epochs that segments may start in, by images
 * per class: the paper's CIFAR-10 windows (epochs 0-4, 0-20 and 0-40 of
 * 100 at 1, 10 and 50 images per class), interpolated in log(IPC). A small
 * set can only hold the easy, early part of training; a larger one, more.
 */
const WINDOW_BY_IPC: [number, number][] = [
  [1, 0.04],
  [10, 0.2],
  [50, 0.4],
];

export function windowShare(imagesPerClass: number): number {
  const [first] = WINDOW_BY_IPC;
  const last = WINDOW_BY_IPC[WINDOW_BY_IPC.length - 1];
  if (imagesPerClass <= first[0]) return first[1];
  if (imagesPerClass >= last[0]) return last[1];
  const upper = WINDOW_BY_IPC.findIndex(([ipc]) => ipc >= imagesPerClass);
  const [ipcA, shareA] = WINDOW_BY_IPC[upper - 1];
  const [ipcB, shareB] = WINDOW_BY_IPC[upper];
  const t = Math.log(imagesPerClass / ipcA) / Math.log(ipcB / ipcA);
  return shareA + t * (shareB - shareA);
}

const datmParams = {
  ...trajectoryParams,
  startWindow: v.optional(
    v.pipe(
      oneOf('start window', ['budget', 'fixed'] as const),
      v.title('start window'),
      v.description(
        'budget: segments start up to the share of the experts’ epochs the paper uses at this many images per class; fixed: up to the latest start epoch.',
      ),
    ),
    'budget',
  ),
  minStartEpoch: v.optional(
    v.pipe(
      intField(0, 200),
      v.title('earliest start epoch'),
      v.description('Segments start at this expert epoch or later.'),
    ),
    0,
  ),
  maxStartEpoch: v.optional(
    v.pipe(
      intField(0, 200),
      v.title('latest start epoch'),
      v.description('With a fixed window, segments start at this expert epoch or earlier.'),
    ),
    2,
  ),
  windowGrowth: v.optional(
    v.pipe(
      numberField(0, 1, false),
      v.title('window growth'),
      v.description(
        'Share of the iterations over which the window’s upper end grows from half-way to its last epoch (0: fixed from the start).',
      ),
    ),
    0.2,
  ),
  lrLabels: v.optional(
    v.pipe(
      numberField(0, 1000, true),
      v.title('learning rate (labels)'),
      v.description(
        `Step size for the soft labels (SGD, momentum 0.9), as the paper’s 2 to 5; ${STEP_CHECKS.halfThePromise.note}.`,
      ),
    ),
    2,
  ),
  lossThreshold: v.optional(
    v.pipe(
      numberField(0, 1000, true),
      v.title('skip above loss'),
      v.description('An iteration whose matching loss is above this does not update the set (the paper: 1 to 1.1).'),
    ),
    1,
  ),
};

type DatmSettings = Settings<typeof datmParams>;

/** The start window's last epoch: from the budget's images per class, or as set. */
function latestStart(settings: DatmSettings, budget: Budget, classCount: number): number {
  const last = lastExpertStart('datm', settings);
  if (settings.minStartEpoch > last) {
    throw new Error(
      `datm: minStartEpoch ${settings.minStartEpoch} leaves no segment of ${settings.expertSpan} epochs in the experts' ${settings.expertEpochs}`,
    );
  }
  const wanted =
    settings.startWindow === 'budget'
      ? Math.round(windowShare(budget.examples / classCount) * settings.expertEpochs)
      : settings.maxStartEpoch;
  return Math.max(settings.minStartEpoch, Math.min(wanted, last));
}

/**
 * The window's upper end over the iterations: it starts half-way and
 * grows to `latest` over the first `growth` share of the iterations (the
 * paper's sequential generation), so the set learns early dynamics first.
 */
export function growingWindow(
  first: number,
  latest: number,
  iterations: number,
  growth: number,
): (iteration: number) => [number, number] {
  const growFor = Math.max(1, Math.round(growth * iterations));
  const from = first + Math.ceil((latest - first) / 2);
  return (iteration) => [
    first,
    growth === 0 ? latest : Math.round(from + (latest - from) * Math.min(1, iteration / growFor)),
  ];
}

/**
 * Each example's soft label starts as the experts' logits on it (at the end
 * of their training), averaged over the experts that classify it as its
 * class, or over all where none does.
 */
function expertLabels(context: MethodContext, set: LearnedSet, trajectories: Trajectories): tf.Variable {
  const model = distillationNetwork(context, context.rng.fork(0x1a));
  try {
    return tf.tidy(() => {
      const logits = trajectories.map((trajectory) =>
        model.apply(set.examples, parametersAt(model, trajectory[trajectory.length - 1])),
      );
      const classCount = context.dataset.classes.length;
      const wanted = tf.oneHot(tf.tensor1d(set.classes, 'int32'), classCount);
      const correct = logits.map((l) =>
        tf.cast(tf.equal(tf.argMax(l, 1), tf.argMax(wanted, 1)), 'float32').expandDims(1),
      );
      const correctCount = tf.addN(correct);
      const correctMean = tf.div(tf.addN(logits.map((l, i) => tf.mul(l, correct[i]))), tf.maximum(correctCount, 1));
      const allMean = tf.div(tf.addN(logits), logits.length);
      return tf.variable(tf.where(tf.greater(correctCount, 0).tile([1, classCount]), correctMean, allMean), true);
    });
  } finally {
    model.dispose();
  }
}

/**
 * Difficulty-aligned trajectory matching (Guo et al., "Towards Lossless
 * Dataset Distillation via Difficulty-Aligned Trajectory Matching", ICLR
 * 2024): trajectory matching whose start-epoch window follows the set's
 * size and grows as it learns, with soft labels learnt from the experts'
 * logits, and segments too hard for the set (loss above a threshold) skipped.
 */
export const datm = defineMethod({
  id: 'datm',
  family: 'distillation',
  description:
    'Difficulty-aligned trajectory matching: the start window follows the set’s size, and soft labels are learnt too.',
  inputs: ['image', 'vector', 'tokens'],
  params: datmParams,
  label: (settings, budget) =>
    `datm ${budget.label}${initLabel(settings)}${settings.bufferCost === 'reused' ? ' (reused experts)' : ''}`,
  async plan(context, settings) {
    const classCount = context.dataset.classes.length;
    const latest = latestStart(settings, context.budget, classCount);
    const chunk = await checkUnrollMemory('datm', context, settings);
    const trajectories = await expertTrajectories(context, settings);
    const { iterations } = settings;
    return distil(context, settings, { method: 'datm', iterations, lossEvery: LOSS_EVERY }, (set, progress) => {
      set.labels = expertLabels(context, set, trajectories);
      return matchTrajectories(context, set, trajectories, progress, settings, {
        startWindow: growingWindow(settings.minStartEpoch, latest, iterations, settings.windowGrowth),
        lrLabels: settings.lrLabels,
        skipAbove: settings.lossThreshold,
        chunk,
      });
    });
  },
});
