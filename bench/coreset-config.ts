/**
 * The coreset accuracy bench's recipe, one description for the lab's config
 * and the PyTorch script's arguments: random, herding, k-center and
 * forgetting on MNIST at 1, 10 and 50 images per class, MLP and ConvNet.
 */
import type { BenchModel } from './config';
import { CONVNET, recipeArgs } from './config';

export const CORESET_METHODS = ['random', 'herding', 'kcenter', 'forgetting'] as const;
export type CoresetMethod = (typeof CORESET_METHODS)[number];
export const CORESET_IPCS = [1, 10, 50] as const;

/**
 * SGD with momentum 0.9 and the lab's default weight decay 5e-4, lr 0.01 (the
 * distillation papers' evaluation rate) on the lab's cosine per step. Batch
 * 64: at 1 image per class one batch holds all 10 images (as batch 10 would).
 * The methods run with the lab's defaults: raw pixels for herding and
 * k-center (k-center starting at the example nearest the class mean),
 * class-balanced, forgetting counted over 3 epochs of full-data training
 * with this same recipe.
 */
export const CORESET_TRAIN = { batchSize: 64, lr: 0.01, momentum: 0.9, weightDecay: 5e-4, pretrainEpochs: 3 } as const;

/**
 * Epochs per IPC: about 300 steps on every budget for the MLP (300 epochs of
 * 1 batch, 150 of 2, 40 of 8), as the papers' evaluation trains for
 * hundreds of epochs on the small sets. The ConvNet costs about 70 ms a
 * step on 1 core, so its larger budgets get fewer steps (300, 200, 160) and
 * it runs 2 seeds; that keeps the whole bench under 10 minutes here (6-8).
 */
export const CORESET_PLAN: Record<BenchModel, { epochs: Record<number, number>; seeds: number[] }> = {
  mlp: { epochs: { 1: 300, 10: 150, 50: 40 }, seeds: [0, 1, 2] },
  convnet: { epochs: { 1: 300, 10: 100, 50: 20 }, seeds: [0, 1] },
};

export function coresetModelSpec(model: BenchModel): Record<string, unknown> {
  return model === 'mlp' ? { name: 'mlp', width: 256, depth: 1 } : { name: 'convnet', ...CONVNET };
}

/** The lab's config for one model and budget: every method and seed in one experiment, on wasm. */
export function coresetLabConfig(model: BenchModel, ipc: number): Record<string, unknown> {
  const { batchSize, lr, momentum, weightDecay, pretrainEpochs } = CORESET_TRAIN;
  return {
    version: 1,
    dataset: 'mnist',
    model: coresetModelSpec(model),
    budget: { ipc },
    train: { epochs: CORESET_PLAN[model].epochs[ipc], batchSize, lr, momentum, weightDecay, evalPoints: 1 },
    methods: CORESET_METHODS.map((name) => (name === 'forgetting' ? { name, pretrainEpochs } : { name })),
    seeds: CORESET_PLAN[model].seeds,
    backend: 'wasm',
  };
}

/** The same recipe as arguments of bench/torch_coreset.py. */
export function coresetTorchArgs(model: BenchModel): string[] {
  const { pretrainEpochs } = CORESET_TRAIN;
  const { epochs, seeds } = CORESET_PLAN[model];
  return [
    '--model',
    model,
    '--methods',
    CORESET_METHODS.join(','),
    '--ipc',
    CORESET_IPCS.join(','),
    '--epochs',
    CORESET_IPCS.map((ipc) => `${ipc}:${epochs[ipc]}`).join(','),
    '--seeds',
    seeds.join(','),
    ...recipeArgs(CORESET_TRAIN),
    '--pretrain-epochs',
    String(pretrainEpochs),
    '--width',
    String(CONVNET.width),
    '--depth',
    String(CONVNET.depth),
  ];
}

/** One trained run, from either side. */
export interface CoresetRun {
  side: 'lab' | 'torch';
  model: BenchModel;
  method: CoresetMethod;
  ipc: number;
  seed: number;
  testAcc: number;
  /** The training examples picked (indices into the pack's training split). */
  picks: number[];
}
