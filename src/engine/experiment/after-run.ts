/**
 * Training done after a run, off its clock (its set on other models, its
 * matched controls): a fresh model trained on a plan with the run's
 * settings, and its final accuracy on the whole test split.
 */
import type { Rng } from '../../core/rng';
import { RunDiverged } from '../contracts/errors';
import type { DataPlan } from '../contracts/plan';
import type { Model } from '../models/model';
import { Clock } from '../train/clock';
import { trainModel, type TrainingJob } from '../train/loop';

export type AfterRunJob = Pick<TrainingJob, 'classCount' | 'train' | 'test' | 'testSample' | 'settings' | 'shouldStop'>;

/** `model` trained on `plan` (then disposed): its last accuracy, and why it stopped where it diverged. */
export async function trainedAccuracy(
  plan: DataPlan,
  model: Model,
  job: AfterRunJob,
  rng: Rng,
): Promise<{ testAcc: number; diverged?: string }> {
  try {
    // Curve points are not kept: the last, on the whole test split, is the one wanted.
    const { points } = await trainModel({
      ...job,
      model,
      plan,
      settings: { ...job.settings, evalPoints: 1 },
      clock: new Clock(),
      rng,
    });
    return { testAcc: points.at(-1)!.testAcc };
  } catch (error) {
    if (!(error instanceof RunDiverged)) throw error;
    return { testAcc: error.points.at(-1)?.testAcc ?? 0, diverged: error.message };
  } finally {
    model.dispose();
  }
}
