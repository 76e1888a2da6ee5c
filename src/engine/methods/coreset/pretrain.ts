/**
 * The short pre-training that scoring and embedding methods share (DeepCore's
 * EarlyTrain): a fresh model of the comparison's kind, trained on all the
 * training data through the one training loop with the comparison's
 * optimizer and batch size, for a few epochs. The method's clock runs
 * through it; the caller books it as pre-training.
 */
import type { Model } from '../../models/model';
import type { Rng } from '../../../core/rng';
import { Clock } from '../../train/clock';
import { trainModel } from '../../train/loop';
import { stepsPerRound } from '../budget';
import type { MethodContext } from '../../contracts/method';
import type { DataPlan } from '../../contracts/plan';

export interface PretrainOptions {
  /** Epochs over the full training set; 0 gives the model at initialisation. */
  epochs: number;
  rng: Rng;
  /** Sees every batch's logits (forgetting events). */
  observe?: DataPlan['observe'];
}

export async function pretrain(context: MethodContext, { epochs, rng, observe }: PretrainOptions): Promise<Model> {
  const model = context.model.create(rng.fork(1));
  const n = context.dataset.train.count;
  const order = rng.fork(2);
  const plan: DataPlan = {
    examplesPerRound: n,
    totalSteps: epochs * stepsPerRound(n, context.batchSize),
    nextRound: () => order.permutation(n),
    observe,
  };
  try {
    const clock = new Clock();
    clock.start();
    await trainModel({
      model,
      classCount: context.dataset.classes.length,
      train: context.train,
      plan,
      settings: context.settings,
      clock,
      rng: rng.fork(3),
      shouldStop: context.shouldStop,
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
