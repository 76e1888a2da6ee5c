/**
 * Trajectory matching's expert buffer: networks of the comparison's model
 * trained on all the data with a constant learning rate, their parameters
 * saved at the start and after every epoch. It is trained once per seed and
 * settings and cached for the experiment's later runs, charged or reused
 * (see cached-work.ts).
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField, numberField } from '../../../core/settings/fields';
import type { Model } from '../../models/model';
import { Rng } from '../../../core/rng';
import { Clock } from '../../train/clock';
import { trainModel } from '../../train/loop';
import { stepsPerRound } from '../budget';
import { cachedWork, costParam } from '../cached-work';
import type { MethodContext } from '../../contracts/method';
import type { Settings } from '../../contracts/settings';
import { distillationNetwork } from './embedding-space';

export const expertParams = {
  experts: v.optional(
    v.pipe(
      intField(1, 100),
      v.title('experts'),
      v.description('Networks trained on all the data for the buffer (the paper: 100).'),
    ),
    2,
  ),
  expertEpochs: v.optional(
    v.pipe(
      intField(1, 200),
      v.title('expert epochs'),
      v.description('Epochs each expert trains; its parameters are saved after every one.'),
    ),
    4,
  ),
  expertBatch: v.optional(
    v.pipe(intField(1, 4096), v.title('expert batch'), v.description('The experts’ batch size (the paper: 256).')),
    256,
  ),
  expertLr: v.optional(
    v.pipe(
      numberField(0, 10, true),
      v.title('expert learning rate'),
      v.description('The experts’ constant learning rate (SGD, no momentum), as the paper’s 0.01.'),
    ),
    0.01,
  ),
  bufferCost: costParam(
    'buffer',
    'training the experts counts on this run’s clock',
    'the buffer is taken as already trained and reported apart',
  ),
};

type ExpertSettings = Settings<typeof expertParams>;

/** Each expert's parameters (flat copies), at epoch 0 (initialisation) to `expertEpochs`. */
export type Trajectories = Float32Array[][][];

const BUFFER_SALT = 0xe4;

async function snapshot(model: Model): Promise<Float32Array[]> {
  // Copies: a backend may hand out its own storage.
  return Promise.all(model.params.map(async (p) => ((await p.data()) as Float32Array).slice()));
}

async function trainExperts(
  context: MethodContext,
  { experts, expertEpochs: epochs, expertBatch, expertLr }: ExpertSettings,
): Promise<Trajectories> {
  const n = context.dataset.train.count;
  const trajectories: Trajectories = [];
  for (let e = 0; e < experts; e++) {
    const rng = new Rng(context.seed).fork(BUFFER_SALT + e);
    const model = distillationNetwork(context, rng.fork(1));
    const order = rng.fork(2);
    const saved: Float32Array[][] = [await snapshot(model)];
    let rounds = 0;
    try {
      await trainModel({
        model,
        classCount: context.dataset.classes.length,
        train: context.train,
        plan: {
          examplesPerRound: n,
          totalSteps: epochs * stepsPerRound(n, expertBatch),
          // A round starts where the last epoch ended: save the parameters there.
          async nextRound(trained) {
            if (rounds++ > 0) saved.push(await snapshot(trained));
            return order.permutation(n);
          },
        },
        settings: {
          ...context.settings,
          batchSize: expertBatch,
          lr: expertLr,
          optimizer: 'sgd',
          momentum: 0,
          weightDecay: 0,
          schedule: 'constant',
        },
        clock: new Clock(),
        rng: rng.fork(3),
        shouldStop: context.shouldStop,
      });
      saved.push(await snapshot(model));
    } finally {
      model.dispose();
    }
    trajectories.push(saved);
  }
  return trajectories;
}

/** The run's expert trajectories, trained now or taken from the experiment's cache. */
export function expertTrajectories(context: MethodContext, settings: ExpertSettings): Promise<Trajectories> {
  const key = JSON.stringify([
    'experts',
    context.dataset.id,
    context.dataset.train.count,
    context.model.spec,
    context.seed,
    settings.experts,
    settings.expertBatch,
    settings.expertEpochs,
    settings.expertLr,
  ]);
  return cachedWork(context, key, 'experts', settings.bufferCost === 'charged', () => trainExperts(context, settings));
}

/** One saved point of a trajectory as tensors shaped like the model's parameters. */
export function parametersAt(model: Model, saved: Float32Array[]): tf.Tensor[] {
  return model.params.map((p, i) => tf.tensor(saved[i], p.shape, 'float32'));
}
