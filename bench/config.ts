/**
 * The one description of the bench workload, shared by the Node side, the
 * Chromium side and the arguments handed to the PyTorch script, so that all
 * three train the same thing.
 */
import type { Dataset } from '../src/core/data/dataset';
import type { BackendName } from '../src/core/results/types';

export type BenchModel = 'mlp' | 'convnet';
export const BENCH_MODELS: readonly BenchModel[] = ['mlp', 'convnet'];

/** The ConvNet's size for the bench (the engine's defaults). */
export const CONVNET = { width: 32, depth: 3 } as const;
export const TRAIN = { batchSize: 64, lr: 0.05, momentum: 0.9 } as const;
/** The pack holds 8,000 training digits: 125 steps of 64 make the epoch. */
export const MNIST_TRAIN_COUNT = 8000;
export const EPOCH_STEPS = Math.ceil(MNIST_TRAIN_COUNT / TRAIN.batchSize);

/** What one lab measurement reports, wherever it ran. */
export type LabMeasurement =
  | {
      ok: true;
      backend: BackendName;
      /** Steps actually timed; fewer than EPOCH_STEPS when capped. */
      steps: number;
      trainMs: number;
      /** Test accuracy after a full epoch; null when capped. */
      testAcc: number | null;
      /** Threads of the wasm backend; null for the others. */
      threads: number | null;
      /** Where the backend is a GPU: the adapter, as the API describes it. */
      adapter?: string;
    }
  | { ok: false; reason: string };

/**
 * The product's config for one epoch of `full` (every example once).
 * `capSteps` instead trains a class-balanced random subset of that many
 * full batches (the `random` method), for backends too slow for an epoch.
 * `wasmThreads` overrides tfjs's default of half the cores.
 */
export function labConfig(
  model: BenchModel,
  backend: BackendName,
  capSteps?: number,
  wasmThreads?: number,
): Record<string, unknown> {
  const capped = capSteps !== undefined;
  return {
    version: 1,
    dataset: 'mnist',
    model: model === 'mlp' ? { name: 'mlp', width: 256, depth: 1 } : { name: 'convnet', ...CONVNET },
    budget: { fraction: capped ? (capSteps * TRAIN.batchSize) / MNIST_TRAIN_COUNT : 1 },
    train: {
      epochs: 1,
      batchSize: TRAIN.batchSize,
      lr: TRAIN.lr,
      momentum: TRAIN.momentum,
      weightDecay: 0,
      evalPoints: 1,
    },
    methods: [{ name: capped ? 'random' : 'full' }],
    seeds: [0],
    backend,
    ...(wasmThreads === undefined ? {} : { wasmThreads }),
  };
}

/** Examples evaluated where accuracy is not reported (a capped epoch, a timed distillation), so evaluation is kept cheap. */
const FEW_TEST_EXAMPLES = 10;

/** The dataset with only its first few test examples. */
export function withFewTestExamples(dataset: Dataset): Dataset {
  const size = dataset.test.x.length / dataset.test.count;
  const count = Math.min(FEW_TEST_EXAMPLES, dataset.test.count);
  return {
    ...dataset,
    test: { count, x: dataset.test.x.subarray(0, count * size), y: dataset.test.y.subarray(0, count) },
  };
}

/** A training recipe as the PyTorch scripts take it: --batch, --lr, --momentum, --weight-decay. */
export function recipeArgs(train: { batchSize: number; lr: number; momentum: number; weightDecay: number }): string[] {
  return [
    '--batch',
    String(train.batchSize),
    '--lr',
    String(train.lr),
    '--momentum',
    String(train.momentum),
    '--weight-decay',
    String(train.weightDecay),
  ];
}
