/**
 * The distillation benches' workload, one description for the lab's configs
 * and the PyTorch script's arguments: distribution matching (`dm`) and
 * gradient matching (`dc`) on the lab's MNIST pack, at 1 and 10 images per
 * class, with the bench's ConvNet and MLP.
 */
import type { BenchModel } from './config';
import { CONVNET } from './config';
import { CORESET_TRAIN, coresetModelSpec } from './coreset-config';

export const DISTILL_METHODS = ['dm', 'dc'] as const;
export type DistillMethod = (typeof DISTILL_METHODS)[number];
export const DISTILL_IPCS = [1, 10] as const;

/**
 * The methods' settings on both sides. Real batch 64 per class (the
 * engine's default; the authors' code draws 256, a smaller batch keeps the
 * bench short). Learning rates are the engine's
 * defaults, written out so that PyTorch gets the same: images SGD momentum
 * 0.5 at 1 (dm) and 0.1 (dc), the network's inner steps at 0.01. dc runs
 * the paper's IPC-1 loop: one update of the images per network
 * (outerLoop 1), so the inner training step never runs (the engine, like
 * the authors' code, skips it after the last outer step).
 */
export const DISTILL_PARAMS = {
  realBatch: 64,
  dm: { lrImages: 1 },
  dc: { lrImages: 0.1, lrNet: 0.01, outerLoop: 1, innerLoop: 1 },
} as const;

/**
 * Iterations timed per case (after an untimed warm-up run of
 * `warmUpIterations` in the same process). About 3-10 s of lab time per case
 * on 1 core of this machine.
 */
export const DISTILL_TIMING: { warmUpIterations: number; iterations: Record<BenchModel, Record<DistillMethod, number>> } = {
  warmUpIterations: 3,
  iterations: { convnet: { dm: 20, dc: 5 }, mlp: { dm: 100, dc: 30 } },
};

/** The method's spec in a lab config. */
export function distillSpec(method: DistillMethod, iterations: number): Record<string, unknown> {
  return { name: method, iterations, realBatch: DISTILL_PARAMS.realBatch, ...DISTILL_PARAMS[method] };
}

/**
 * A lab config that distils with each method twice, a warm-up run then the
 * timed one, at one budget; training afterwards is one epoch on the small
 * set (not timed).
 */
export function distillTimingConfig(model: BenchModel, ipc: number, methods: readonly DistillMethod[]): Record<string, unknown> {
  const { warmUpIterations, iterations } = DISTILL_TIMING;
  return {
    version: 1,
    dataset: 'mnist',
    model: coresetModelSpec(model),
    budget: { ipc },
    train: { epochs: 1, batchSize: 64, lr: 0.01, momentum: 0.9, evalPoints: 1 },
    methods: methods.flatMap((m) => [distillSpec(m, warmUpIterations), distillSpec(m, iterations[model][m])]),
    seeds: [0],
    backend: 'wasm',
  };
}

/** The same settings as arguments of bench/torch_distill.py. */
export function distillTorchArgs(model: BenchModel, methods: readonly DistillMethod[], ipcs: readonly number[], iterations: Record<DistillMethod, number>): string[] {
  const { realBatch, dm, dc } = DISTILL_PARAMS;
  return [
    '--model', model,
    '--methods', methods.join(','),
    '--ipc', ipcs.join(','),
    '--iterations', methods.map((m) => `${m}:${iterations[m]}`).join(','),
    '--warm-up', String(DISTILL_TIMING.warmUpIterations),
    '--real-batch', String(realBatch),
    '--lr-images-dm', String(dm.lrImages), '--lr-images-dc', String(dc.lrImages), '--lr-net', String(dc.lrNet),
    '--outer-loop', String(dc.outerLoop), '--inner-loop', String(dc.innerLoop),
    '--width', String(CONVNET.width), '--depth', String(CONVNET.depth),
  ];
}

/** Seconds per iteration of one case, from either side. */
export interface DistillTiming {
  side: 'lab' | 'torch';
  model: BenchModel;
  method: DistillMethod;
  ipc: number;
  iterations: number;
  secondsPerIteration: number;
}

/**
 * Accuracy after distillation (`--only distill-accuracy`): ConvNet, 1 image
 * per class, dm for a few hundred iterations, then the coreset bench's
 * training recipe on the distilled set (SGD lr 0.01 cosine, momentum 0.9,
 * weight decay 5e-4, 300 epochs of the 10 images), seeds 0 and 1.
 */
export const DISTILL_ACCURACY = {
  model: 'convnet' as BenchModel,
  ipc: 1,
  methods: ['dm'] as DistillMethod[],
  iterations: { dm: 300, dc: 50 } as Record<DistillMethod, number>,
  epochs: 300,
  seeds: [0, 1],
};

export function distillAccuracyConfig(): Record<string, unknown> {
  const { model, ipc, methods, iterations, epochs, seeds } = DISTILL_ACCURACY;
  const { batchSize, lr, momentum, weightDecay } = CORESET_TRAIN;
  return {
    version: 1,
    dataset: 'mnist',
    model: coresetModelSpec(model),
    budget: { ipc },
    train: { epochs, batchSize, lr, momentum, weightDecay, evalPoints: 1 },
    methods: [{ name: 'random' }, ...methods.map((m) => distillSpec(m, iterations[m]))],
    seeds,
    backend: 'wasm',
  };
}

export function distillAccuracyTorchArgs(): string[] {
  const { model, ipc, methods, iterations, epochs, seeds } = DISTILL_ACCURACY;
  const { batchSize, lr, momentum, weightDecay } = CORESET_TRAIN;
  const timing = distillTorchArgs(model, methods, [ipc], iterations).filter((_, i, all) => all[i] !== '--warm-up' && all[i - 1] !== '--warm-up');
  return [
    ...timing,
    '--epochs', String(epochs), '--seeds', seeds.join(','),
    '--batch', String(batchSize), '--lr', String(lr), '--momentum', String(momentum), '--weight-decay', String(weightDecay),
  ];
}
