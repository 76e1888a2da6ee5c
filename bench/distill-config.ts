/**
 * The distillation benches' workload, one description for the lab's configs
 * and the PyTorch script's arguments: distribution matching (`dm`),
 * gradient matching (`dc`) and trajectory matching (`mtt`) on the lab's
 * MNIST pack, at 1 and 10 images per class, with the bench's ConvNet and MLP.
 */
import * as v from 'valibot';
import { mtt } from '../src/engine/methods/distill/mtt';
import type { BenchModel } from './config';
import { CONVNET } from './config';
import { CORESET_TRAIN, coresetModelSpec } from './coreset-config';

export const DISTILL_METHODS = ['dm', 'dc', 'mtt'] as const;
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
/** One of mtt's settings as the engine's schema defaults it (read, not copied: its defaults are being tuned). */
function mttDefault(name: string): number {
  const schema = mtt.params[name];
  const value = schema === undefined ? undefined : v.getDefault(schema as v.OptionalSchema<v.GenericSchema, number>);
  if (typeof value !== 'number') throw new Error(`mtt's ${name} has no numeric default`);
  return value;
}

/**
 * mtt's matching settings, the engine's defaults: `syntheticSteps` student
 * SGD steps on the whole synthetic set per iteration (unrolled and
 * differentiated), from an expert's parameters at a random epoch up to
 * `maxStartEpoch`, matched to the expert `expertSpan` epochs later; images
 * SGD momentum 0.5 at `lrImages`, the learnt student rate (from
 * `studentLr`) SGD momentum 0.5 at `lrRate`; experts trained with SGD at a
 * constant `expertLr`, no momentum, batch `expertBatch` (where the engine
 * has that setting; otherwise the run's batch).
 */
export const MTT_PARAMS: Record<string, number> & { syntheticSteps: number; expertSpan: number; expertBatch?: number } = {
  syntheticSteps: mttDefault('syntheticSteps'),
  expertSpan: mttDefault('expertSpan'),
  maxStartEpoch: mttDefault('maxStartEpoch'),
  lrImages: mttDefault('lrImages'),
  studentLr: mttDefault('studentLr'),
  lrRate: mttDefault('lrRate'),
  expertLr: mttDefault('expertLr'),
  ...('expertBatch' in mtt.params ? { expertBatch: mttDefault('expertBatch') } : {}),
};

/** mtt's default expert buffer (the accuracy bench's; the timing bench trains the smallest, DISTILL_TIMING.mttExperts). */
export const MTT_DEFAULT_EXPERTS = { experts: mttDefault('experts'), expertEpochs: mttDefault('expertEpochs') };

export const DISTILL_PARAMS = {
  realBatch: 64,
  dm: { lrImages: 1 },
  dc: { lrImages: 0.1, lrNet: 0.01, outerLoop: 1, innerLoop: 1 },
  mtt: MTT_PARAMS,
} as const;

/** An expert buffer: how many experts, trained for how many epochs. */
export interface ExpertBuffer {
  experts: number;
  expertEpochs: number;
}

/**
 * Iterations timed per case (after an untimed warm-up run of
 * `warmUpIterations` in the same process). About 3-10 s of lab time per case
 * on 1 core of this machine. mtt's time per iteration excludes its experts
 * (the lab's overhead.distill covers the matching only; PyTorch trains them
 * before its clock starts), so the timing runs train the smallest buffer the
 * span allows: 1 expert of `expertSpan` epochs.
 */
export const DISTILL_TIMING: {
  warmUpIterations: number;
  iterations: Record<BenchModel, Record<DistillMethod, number>>;
  mttExperts: ExpertBuffer;
  mttFallbackSteps: number;
} = {
  warmUpIterations: 3,
  iterations: { convnet: { dm: 20, dc: 5, mtt: 3 }, mlp: { dm: 100, dc: 30, mtt: 20 } },
  mttExperts: { experts: 1, expertEpochs: MTT_PARAMS.expertSpan },
  /**
   * Where the engine refuses mtt's default syntheticSteps for memory (its
   * guard: the unrolled steps' tensors over 1.5 GiB; the ConvNet at 10 images
   * per class), both sides are timed again at this many steps, the most the
   * guard allowed there when the bench was written.
   */
  mttFallbackSteps: 2,
};

/**
 * The method's spec in a lab config (`experts`: mtt's expert buffer;
 * `syntheticSteps`: mtt's unrolled steps, the engine's default unless given).
 */
export function distillSpec(method: DistillMethod, iterations: number, experts: ExpertBuffer = DISTILL_TIMING.mttExperts, syntheticSteps?: number): Record<string, unknown> {
  if (method === 'mtt') return { name: method, iterations, ...MTT_PARAMS, ...experts, ...(syntheticSteps === undefined ? {} : { syntheticSteps }) };
  return { name: method, iterations, realBatch: DISTILL_PARAMS.realBatch, ...DISTILL_PARAMS[method] };
}

/** The timing runs' training batch (mtt's experts train with it; the distilled set's one epoch is not timed). */
const TIMING_BATCH = 64;

/**
 * A lab config that distils with each method twice, a warm-up run then the
 * timed one, at one budget; training afterwards is one epoch on the small
 * set (not timed).
 */
export function distillTimingConfig(model: BenchModel, ipc: number, methods: readonly DistillMethod[], mttSteps?: number): Record<string, unknown> {
  const { warmUpIterations, iterations, mttExperts } = DISTILL_TIMING;
  return {
    version: 1,
    dataset: 'mnist',
    model: coresetModelSpec(model),
    budget: { ipc },
    train: { epochs: 1, batchSize: TIMING_BATCH, lr: 0.01, momentum: 0.9, evalPoints: 1 },
    methods: methods.flatMap((m) => [distillSpec(m, warmUpIterations, mttExperts, mttSteps), distillSpec(m, iterations[model][m], mttExperts, mttSteps)]),
    seeds: [0],
    backend: 'wasm',
  };
}

/** The same settings as arguments of bench/torch_distill.py (`experts`: mtt's buffer, trained with batch `batch`, the lab run's). */
export function distillTorchArgs(
  model: BenchModel,
  methods: readonly DistillMethod[],
  ipcs: readonly number[],
  iterations: Record<DistillMethod, number>,
  experts: ExpertBuffer = DISTILL_TIMING.mttExperts,
  batch: number = TIMING_BATCH,
): string[] {
  const { realBatch, dm, dc, mtt: m } = DISTILL_PARAMS;
  return [
    '--model', model,
    '--methods', methods.join(','),
    '--ipc', ipcs.join(','),
    '--iterations', methods.map((method) => `${method}:${iterations[method]}`).join(','),
    '--warm-up', String(DISTILL_TIMING.warmUpIterations),
    '--real-batch', String(realBatch),
    '--lr-images-dm', String(dm.lrImages), '--lr-images-dc', String(dc.lrImages), '--lr-net', String(dc.lrNet),
    '--outer-loop', String(dc.outerLoop), '--inner-loop', String(dc.innerLoop),
    '--synthetic-steps', String(m.syntheticSteps), '--expert-span', String(m.expertSpan), '--max-start-epoch', String(m.maxStartEpoch),
    '--lr-images-mtt', String(m.lrImages), '--student-lr', String(m.studentLr), '--lr-rate', String(m.lrRate),
    '--experts', String(experts.experts), '--expert-epochs', String(experts.expertEpochs), '--expert-lr', String(m.expertLr), '--expert-batch', String(m.expertBatch ?? batch),
    '--width', String(CONVNET.width), '--depth', String(CONVNET.depth),
  ];
}

/** Seconds per iteration of one case, from either side. */
export interface DistillTiming {
  /** torch-kept: PyTorch with glibc's malloc keeping freed memory (child.ts, TORCH_KEPT_MEMORY_ENV). */
  side: 'lab' | 'torch' | 'torch-kept';
  model: BenchModel;
  method: DistillMethod;
  ipc: number;
  iterations: number;
  /** NaN where the case was refused. */
  secondsPerIteration: number;
  /** mtt: the student steps unrolled per iteration. */
  syntheticSteps?: number;
  /** Why the lab refused the case (its error), where it did. */
  refused?: string;
}

/**
 * Iterations the authors' code runs by default, to print next to the
 * bench's (scaled down): DM's main_DM.py 20,000, DC's main.py 1,000
 * (VICO-UoE/DatasetCondensation), MTT's distill.py 5,000
 * (GeorgeCazenavette/mtt-distillation, CIFAR-10; its buffer 100 experts x
 * 50 epochs).
 */
export const AUTHORS_ITERATIONS: Record<DistillMethod, number> = { dm: 20000, dc: 1000, mtt: 5000 };

/**
 * Accuracy after distillation (`--only distill-accuracy`): ConvNet, 1 image
 * per class, each method for a few hundred iterations, then the coreset
 * bench's training recipe on the distilled set (SGD lr 0.01 cosine, momentum
 * 0.9, weight decay 5e-4, 300 epochs of the 10 images), seeds 0 and 1.
 * Iterations are scaled to fit about 10 minutes on 2 cores (both sides at
 * once): dm 300 (about 0.15 s each), mtt the engine's default with its
 * default expert buffer (the experts, trained per seed, are reported apart),
 * dc 150 (about 0.6 s each; the authors run 1,000).
 */
export const DISTILL_ACCURACY = {
  model: 'convnet' as BenchModel,
  ipc: 1,
  methods: ['dm', 'mtt', 'dc'] as DistillMethod[],
  iterations: { dm: 300, dc: 150, mtt: mttDefault('iterations') } as Record<DistillMethod, number>,
  mttExperts: MTT_DEFAULT_EXPERTS,
  epochs: 300,
  seeds: [0, 1],
};

export function distillAccuracyConfig(): Record<string, unknown> {
  const { model, ipc, methods, iterations, mttExperts, epochs, seeds } = DISTILL_ACCURACY;
  const { batchSize, lr, momentum, weightDecay } = CORESET_TRAIN;
  return {
    version: 1,
    dataset: 'mnist',
    model: coresetModelSpec(model),
    budget: { ipc },
    train: { epochs, batchSize, lr, momentum, weightDecay, evalPoints: 1 },
    methods: [{ name: 'random' }, ...methods.map((m) => distillSpec(m, iterations[m], mttExperts))],
    seeds,
    backend: 'wasm',
  };
}

export function distillAccuracyTorchArgs(): string[] {
  const { model, ipc, methods, iterations, mttExperts, epochs, seeds } = DISTILL_ACCURACY;
  const { batchSize, lr, momentum, weightDecay } = CORESET_TRAIN;
  const timing = distillTorchArgs(model, methods, [ipc], iterations, mttExperts, batchSize).filter((_, i, all) => all[i] !== '--warm-up' && all[i - 1] !== '--warm-up');
  return [
    ...timing,
    '--epochs', String(epochs), '--seeds', seeds.join(','),
    '--batch', String(batchSize), '--lr', String(lr), '--momentum', String(momentum), '--weight-decay', String(weightDecay),
  ];
}
