/**
 * The distillation benches' workload, one description for the lab's configs
 * and the PyTorch script's arguments: distribution matching (`dm`),
 * gradient matching (`dc`) and trajectory matching (`mtt`, and its
 * difficulty-aligned variant `datm`) on the lab's MNIST pack, at 1 and 10
 * images per class, with the bench's ConvNet and MLP.
 */
import * as v from 'valibot';
import { datm, windowShare } from '../src/engine/methods/distill/datm';
import { mtt } from '../src/engine/methods/distill/mtt';
import type { MethodEntry } from '../src/engine/contracts/method';
import type { BenchModel } from './config';
import { CONVNET, recipeArgs } from './config';
import { CORESET_TRAIN, coresetModelSpec } from './coreset-config';

export const DISTILL_METHODS = ['dm', 'dc', 'mtt', 'datm'] as const;
export type DistillMethod = (typeof DISTILL_METHODS)[number];
/** The methods that match expert trajectories through unrolled student steps. */
export const TRAJECTORY_METHODS = ['mtt', 'datm'] as const;
export type TrajectoryMethod = (typeof TRAJECTORY_METHODS)[number];
export const isTrajectory = (method: string): method is TrajectoryMethod =>
  (TRAJECTORY_METHODS as readonly string[]).includes(method);
export const DISTILL_IPCS = [1, 10] as const;

/** One of a method's settings as the engine's schema defaults it (read, not copied: the defaults are being tuned). */
function schemaDefault<T extends number | string>(entry: MethodEntry, name: string, kind: 'number' | 'string'): T {
  const schema = entry.params[name];
  const value: unknown =
    schema === undefined ? undefined : v.getDefault(schema as v.OptionalSchema<v.GenericSchema, unknown>);
  if (typeof value !== kind) throw new Error(`${entry.id}'s ${name} has no ${kind} default`);
  return value as T;
}

/**
 * Trajectory matching's settings, the engine's defaults: `syntheticSteps`
 * student SGD steps on the whole synthetic set per iteration (unrolled and
 * differentiated), from an expert's parameters at a start epoch, matched to
 * the expert `expertSpan` epochs later; images SGD momentum 0.5 at
 * `lrImages`, the learnt student rate (from `studentLr`) SGD momentum 0.5
 * at `lrRate`; experts trained with SGD at a constant `expertLr`, no
 * momentum, batch `expertBatch`. mtt starts at a random epoch up to
 * `maxStartEpoch`; datm in a window that follows the images per class
 * (`startWindow` 'budget') and grows over `windowGrowth` of the iterations,
 * learns soft labels (SGD momentum 0.9 at `lrLabels`) from the experts'
 * logits, and skips the update where the loss is above `lossThreshold`.
 */
function trajectoryParams(entry: MethodEntry) {
  const n = (name: string) => schemaDefault<number>(entry, name, 'number');
  return {
    syntheticSteps: n('syntheticSteps'),
    expertSpan: n('expertSpan'),
    maxStartEpoch: n('maxStartEpoch'),
    lrImages: n('lrImages'),
    studentLr: n('studentLr'),
    lrRate: n('lrRate'),
    expertLr: n('expertLr'),
    expertBatch: n('expertBatch'),
  };
}

export const MTT_PARAMS = trajectoryParams(mtt);
export const DATM_PARAMS = {
  ...trajectoryParams(datm),
  minStartEpoch: schemaDefault<number>(datm, 'minStartEpoch', 'number'),
  windowGrowth: schemaDefault<number>(datm, 'windowGrowth', 'number'),
  lrLabels: schemaDefault<number>(datm, 'lrLabels', 'number'),
  lossThreshold: schemaDefault<number>(datm, 'lossThreshold', 'number'),
  startWindow: schemaDefault<string>(datm, 'startWindow', 'string'),
};

/** The default expert buffer of a trajectory method (the accuracy bench's; the timing bench trains the smallest, DISTILL_TIMING.experts). */
export const defaultExperts = (entry: MethodEntry): ExpertBuffer => ({
  experts: schemaDefault<number>(entry, 'experts', 'number'),
  expertEpochs: schemaDefault<number>(entry, 'expertEpochs', 'number'),
});

/**
 * datm's latest start epoch at a budget: the share of the experts' epochs
 * its paper's windows give this many images per class (datm.ts's
 * `windowShare`), within the epochs a segment can start at, or its
 * `maxStartEpoch` with a fixed window (the same rule as datm.ts).
 */
export function datmLatestStart(ipc: number, expertEpochs: number): number {
  const { startWindow, maxStartEpoch, minStartEpoch, expertSpan } = DATM_PARAMS;
  const wanted = startWindow === 'budget' ? Math.round(windowShare(ipc) * expertEpochs) : maxStartEpoch;
  return Math.max(minStartEpoch, Math.min(wanted, expertEpochs - expertSpan));
}

/**
 * The methods' settings on both sides. Real batch 64 per class (the
 * engine's default; the authors' code draws 256, a smaller batch keeps the
 * bench short). Learning rates are the engine's
 * defaults, written out so that PyTorch gets the same: images SGD momentum
 * 0.5 at 1 (dm) and 0.1 (dc), the network's inner steps at 0.01. dc runs
 * the paper's IPC-1 loop: one update of the images per network
 * (outerLoop 1), so the inner training step never runs (the engine, like
 * the authors' code, skips it after the last outer step). mtt and datm:
 * the engine's defaults, above.
 */
export const DISTILL_PARAMS = {
  realBatch: 64,
  dm: { lrImages: 1 },
  dc: { lrImages: 0.1, lrNet: 0.01, outerLoop: 1, innerLoop: 1 },
  mtt: MTT_PARAMS,
  datm: DATM_PARAMS,
} as const;

/** An expert buffer: how many experts, trained for how many epochs. */
export interface ExpertBuffer {
  experts: number;
  expertEpochs: number;
}

/**
 * Iterations timed per case (after an untimed warm-up run of
 * `warmUpIterations` in the same process). About 3-10 s of lab time per case
 * on 1 core of this machine. The trajectory methods' time per iteration
 * excludes their experts (the lab's overhead.distill covers the matching
 * only; PyTorch trains them before its clock starts), so the timing runs
 * train the smallest buffer the span allows: 1 expert of `expertSpan` epochs.
 */
export const DISTILL_TIMING: {
  warmUpIterations: number;
  iterations: Record<BenchModel, Record<DistillMethod, number>>;
  experts: ExpertBuffer;
  fallbackSteps: number;
} = {
  warmUpIterations: 3,
  iterations: { convnet: { dm: 20, dc: 5, mtt: 3, datm: 3 }, mlp: { dm: 100, dc: 30, mtt: 20, datm: 20 } },
  experts: { experts: 1, expertEpochs: Math.max(MTT_PARAMS.expertSpan, DATM_PARAMS.expertSpan) },
  /**
   * Where the engine refuses a trajectory method's default syntheticSteps
   * for memory (its guard: the unrolled steps' tensors over 1.5 GiB; the
   * ConvNet at 10 images per class), both sides are timed again at this many
   * steps, the most the guard allowed there when the bench was written.
   */
  fallbackSteps: 2,
};

/** The timing runs' training batch (the distilled set's one epoch, not timed). */
const TIMING_BATCH = 64;

/**
 * The method's spec in a lab config (`experts`: a trajectory method's
 * expert buffer; `syntheticSteps`: its unrolled steps, the engine's default
 * unless given).
 */
export function distillSpec(
  method: DistillMethod,
  iterations: number,
  experts: ExpertBuffer = DISTILL_TIMING.experts,
  syntheticSteps?: number,
): Record<string, unknown> {
  if (isTrajectory(method))
    return {
      name: method,
      iterations,
      ...DISTILL_PARAMS[method],
      ...experts,
      ...(syntheticSteps === undefined ? {} : { syntheticSteps }),
    };
  return { name: method, iterations, realBatch: DISTILL_PARAMS.realBatch, ...DISTILL_PARAMS[method] };
}

/**
 * A lab config that distils with each method three times at one budget: a
 * warm-up run, then a base run of as many iterations and a long run of
 * `iterations` more. The lab checks its step sizes at a run's first
 * iteration (stable-rate.ts), work PyTorch's twin does not do: the long
 * run's time less the base run's is `iterations` steady iterations, the
 * same work on both sides. Training afterwards is one epoch on the small
 * set (not timed).
 */
export function distillTimingConfig(
  model: BenchModel,
  ipc: number,
  methods: readonly DistillMethod[],
  syntheticSteps?: number,
): Record<string, unknown> {
  const { warmUpIterations, iterations, experts } = DISTILL_TIMING;
  return {
    version: 1,
    dataset: 'mnist',
    model: coresetModelSpec(model),
    budget: { ipc },
    train: { epochs: 1, batchSize: TIMING_BATCH, lr: 0.01, momentum: 0.9, evalPoints: 1 },
    methods: methods.flatMap((m) => [
      distillSpec(m, warmUpIterations, experts, syntheticSteps),
      distillSpec(m, warmUpIterations, experts, syntheticSteps),
      distillSpec(m, warmUpIterations + iterations[model][m], experts, syntheticSteps),
    ]),
    seeds: [0],
    backend: 'wasm',
  };
}

/**
 * The same settings as arguments of bench/torch_distill.py. The trajectory
 * methods' settings go as one JSON object per method (`--trajectory`), with
 * their expert buffer and, for datm, its latest start epoch at each budget.
 */
export function distillTorchArgs(
  model: BenchModel,
  methods: readonly DistillMethod[],
  ipcs: readonly number[],
  iterations: Record<DistillMethod, number>,
  experts: ExpertBuffer = DISTILL_TIMING.experts,
): string[] {
  const { realBatch, dm, dc } = DISTILL_PARAMS;
  const trajectory = Object.fromEntries(
    methods.filter(isTrajectory).map((m) => {
      const extra =
        m === 'datm'
          ? { latestStart: Object.fromEntries(ipcs.map((ipc) => [ipc, datmLatestStart(ipc, experts.expertEpochs)])) }
          : {};
      return [m, { ...DISTILL_PARAMS[m], ...experts, ...extra }];
    }),
  );
  return [
    '--model',
    model,
    '--methods',
    methods.join(','),
    '--ipc',
    ipcs.join(','),
    '--iterations',
    methods.map((method) => `${method}:${iterations[method]}`).join(','),
    '--warm-up',
    String(DISTILL_TIMING.warmUpIterations),
    '--real-batch',
    String(realBatch),
    '--lr-images-dm',
    String(dm.lrImages),
    '--lr-images-dc',
    String(dc.lrImages),
    '--lr-net',
    String(dc.lrNet),
    '--outer-loop',
    String(dc.outerLoop),
    '--inner-loop',
    String(dc.innerLoop),
    '--trajectory',
    JSON.stringify(trajectory),
    '--width',
    String(CONVNET.width),
    '--depth',
    String(CONVNET.depth),
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
  /** The lab: its step-size check at a run's first iteration, beyond a steady iteration (PyTorch has none). */
  stepCheckSeconds?: number;
  /** mtt, datm: the student steps unrolled per iteration. */
  syntheticSteps?: number;
  /** Why the lab refused the case (its error), where it did. */
  refused?: string;
}

/**
 * Iterations the authors' code runs by default, to print next to the
 * bench's (scaled down): DM's main_DM.py 20,000, DC's main.py 1,000
 * (VICO-UoE/DatasetCondensation), MTT's distill.py 5,000
 * (GeorgeCazenavette/mtt-distillation, CIFAR-10; 20 unrolled steps, a
 * buffer of 100 experts x 50 epochs), DATM's configs 10,000
 * (NUS-HPC-AI-Lab/DATM; 80 steps, 100 x 100), as the project's reference
 * notes give them.
 */
export const AUTHORS_ITERATIONS: Record<DistillMethod, number> = { dm: 20000, dc: 1000, mtt: 5000, datm: 10000 };

/**
 * Accuracy after distillation (`--only distill-accuracy`): ConvNet, 1 image
 * per class, each method for a few hundred iterations, then the coreset
 * bench's training recipe on the distilled set (SGD lr 0.01 cosine, momentum
 * 0.9, weight decay 5e-4, 300 epochs of the 10 images), seeds 0 and 1.
 * Iterations are scaled to fit about 10 minutes on 2 cores (both sides at
 * once): dm 300 (about 0.15 s each), mtt the engine's default with its
 * default expert buffer (the experts, trained per seed, are reported apart),
 * dc 150 (about 0.6 s each; the authors run 1,000). datm is timed only
 * (`--only distill`): another 2-4 minutes here would pass the budget.
 */
export const DISTILL_ACCURACY = {
  model: 'convnet' as BenchModel,
  ipc: 1,
  methods: ['dm', 'mtt', 'dc'] as DistillMethod[],
  iterations: {
    dm: 300,
    dc: 150,
    mtt: schemaDefault<number>(mtt, 'iterations', 'number'),
    datm: schemaDefault<number>(datm, 'iterations', 'number'),
  } as Record<DistillMethod, number>,
  mttExperts: defaultExperts(mtt),
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
  const timing = distillTorchArgs(model, methods, [ipc], iterations, mttExperts).filter(
    (_, i, all) => all[i] !== '--warm-up' && all[i - 1] !== '--warm-up',
  );
  return [...timing, '--epochs', String(epochs), '--seeds', seeds.join(','), ...recipeArgs(CORESET_TRAIN)];
}
