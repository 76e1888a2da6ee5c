/** A full MethodContext over an in-memory dataset, for method tests (wasm backend, MLP). */
import type { Dataset } from '../../../../src/core/data/dataset';
import { overheadLedger } from '../../../../src/engine/experiment/overhead';
import { resolveBudget } from '../../../../src/engine/methods/budget';
import type { MethodContext } from '../../../../src/engine/contracts/method';
import type { Model } from '../../../../src/engine/models/model';
import type { DataPlan } from '../../../../src/engine/contracts/plan';
import { methodEntry } from '../../../../src/engine/methods/registry';
import { mlp } from '../../../../src/engine/models/mlp';
import { Rng } from '../../../../src/core/rng';
import { batchSource } from '../../../../src/engine/train/batch-source';
import { Clock } from '../../../../src/engine/train/clock';

export interface ContextOptions {
  seed?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  cache?: Map<string, unknown>;
}

export function methodContext(
  dataset: Dataset,
  budget: { fraction?: number; ipc?: number },
  options: ContextOptions = {},
) {
  const seed = options.seed ?? 0;
  const clock = new Clock();
  clock.start();
  const overhead = overheadLedger(clock);
  const spec = { name: 'mlp', width: 16, depth: 1 };
  let runModel: Model | undefined;
  const context: MethodContext = {
    dataset,
    budget: resolveBudget(budget, dataset),
    epochs: options.epochs ?? 3,
    batchSize: options.batchSize ?? 8,
    rng: new Rng(seed),
    seed,
    // Made when a method first reads it (distillation), so that other methods' tests count no extra tensors.
    get runModel() {
      return (runModel ??= mlp.create(dataset.input, dataset.classes.length, spec, new Rng(seed)));
    },
    model: { entry: mlp, spec, create: (rng) => mlp.create(dataset.input, dataset.classes.length, spec, rng) },
    settings: {
      batchSize: options.batchSize ?? 8,
      lr: options.lr ?? 0.1,
      evalPoints: 1,
      optimizer: 'sgd',
      momentum: 0.9,
      weightDecay: 0,
    },
    train: batchSource(dataset.train, dataset.input, 'wasm'),
    overhead,
    cache: options.cache ?? new Map(),
    shouldStop: () => false,
  };
  return { context, overhead, clock };
}

/** Plans `name` with `params`; the method fills in its other settings' defaults itself. */
export async function planMethod(
  name: string,
  dataset: Dataset,
  budget: { fraction?: number; ipc?: number },
  params: Record<string, unknown> = {},
  options: ContextOptions = {},
): Promise<{ plan: DataPlan; context: MethodContext; overhead: ReturnType<typeof overheadLedger> }> {
  const { context, overhead } = methodContext(dataset, budget, options);
  const plan = await methodEntry(name).plan(context, params);
  return { plan, context, overhead };
}
