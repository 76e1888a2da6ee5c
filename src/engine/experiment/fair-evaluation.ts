/**
 * Fair evaluation (DD-Ranking's point): much of what distillation reports
 * can come from how a set is evaluated, not from the set. So a distilled
 * run's matched controls are trained after it, off its clock, from the
 * run's own initial weights and as the run trained (the same epochs,
 * optimizer, batch size and augmentation): random real examples of the
 * same count per class, and, where the set learnt soft labels, the same
 * random examples with a full-data teacher's soft labels and the set itself
 * with hard labels. Their accuracies say how much of the run's is the
 * set's doing.
 */
import * as tf from '@tensorflow/tfjs';
import type { FairEvaluation } from '../../core/results/types';
import { Rng } from '../../core/rng';
import type { DataPlan, TeacherTargets } from '../contracts/plan';
import type { Budget } from '../methods/budget';
import { classTargets } from '../methods/distill/learned-set';
import { classBalancedSample } from '../methods/sampling';
import type { Model } from '../models/model';
import { type AfterRunJob, trainedAccuracy } from './after-run';

/** A control's final accuracy (where it diverged, its last point's). */
const accuracyOf = async (plan: DataPlan, model: Model, job: AfterRunJob, rng: Rng) =>
  (await trainedAccuracy(plan, model, job, rng)).testAcc;

/**
 * The controls of a run that trained on `plan` (a distilled set): `initial`
 * makes a model with the run's initial weights; `seed` draws the random
 * examples and the batches; `teacher` gives the training split soft labels
 * (asked only for a set that learnt its own).
 */
export async function matchedControls(
  plan: DataPlan,
  budget: Budget,
  trainLabels: Int32Array,
  initial: () => Model,
  seed: number,
  job: AfterRunJob,
  teacher: () => Promise<TeacherTargets>,
): Promise<FairEvaluation> {
  const rng = new Rng(seed).fork(0xfa);
  const picked = classBalancedSample(trainLabels, budget.perClass, rng.fork(1));
  const order = rng.fork(2);
  const randomPlan: DataPlan = {
    examplesPerRound: picked.length,
    totalSteps: plan.totalSteps,
    nextRound: () => Int32Array.from(order.permutation(picked.length), (i) => picked[i]),
    augment: plan.augment,
  };
  const randomAcc = await accuracyOf(randomPlan, initial(), job, rng.fork(3));
  const set = plan.synthetic;
  if (!set?.labels || !plan.examples) return { randomAcc };
  const softRandomAcc = await accuracyOf({ ...randomPlan, teacher: await teacher() }, initial(), job, rng.fork(3));
  // The set with its classes one-hot, in place of the soft labels it learnt.
  const hard = classTargets(set.classes, job.classCount);
  const count = set.classes.length;
  const shuffle = rng.fork(4);
  try {
    const hardPlan: DataPlan = {
      examplesPerRound: count,
      totalSteps: plan.totalSteps,
      nextRound: () => shuffle.permutation(count),
      examples: { x: plan.examples.x, targets: hard },
      augment: plan.augment,
    };
    return { randomAcc, softRandomAcc, hardLabelAcc: await accuracyOf(hardPlan, initial(), job, rng.fork(5)) };
  } finally {
    tf.dispose(hard);
  }
}
