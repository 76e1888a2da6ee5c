/**
 * The sweep bench's workload, one description for the lab's config (a
 * budget sweep, run through the CLI as a user would) and its PyTorch
 * twins' arguments: random, herding, dm and mtt on the lab's MNIST pack at
 * 1, 10 and 50 images per class, the MLP, the coreset bench's recipe for
 * the same epochs at every budget, 2 seeds, fair evaluation on.
 */
import { mtt } from '../src/engine/methods/distill/mtt';
import { recipeArgs } from './config';
import { CORESET_TRAIN, coresetModelSpec } from './coreset-config';
import { defaultExperts, distillSpec, distillTorchArgs, type DistillMethod } from './distill-config';

export const SWEEP = {
  ipcs: [1, 10, 50],
  real: ['random', 'herding'],
  distilled: ['dm', 'mtt'] as DistillMethod[],
  iterations: { dm: 300, mtt: 200 } as Record<DistillMethod, number>,
  mttExperts: defaultExperts(mtt),
  epochs: 300,
  seeds: [0, 1],
} as const;

/** The lab's sweep: every method at every budget, each distilled run with its matched random (off its clock). */
export function sweepLabConfig(): Record<string, unknown> {
  const { batchSize, lr, momentum, weightDecay } = CORESET_TRAIN;
  return {
    version: 1,
    dataset: 'mnist',
    model: coresetModelSpec('mlp'),
    budgets: SWEEP.ipcs.map((ipc) => ({ ipc })),
    train: { epochs: SWEEP.epochs, batchSize, lr, momentum, weightDecay, evalPoints: 2 },
    methods: [
      ...SWEEP.real.map((name) => ({ name })),
      ...SWEEP.distilled.map((m) => distillSpec(m, SWEEP.iterations[m], SWEEP.mttExperts)),
    ],
    seeds: [...SWEEP.seeds],
    backend: 'wasm',
    fairEvaluation: true,
  };
}

/** bench/torch_coreset.py's arguments: random and herding at every budget, the same epochs. */
export function sweepCoresetTorchArgs(): string[] {
  return [
    '--model',
    'mlp',
    '--methods',
    SWEEP.real.join(','),
    '--ipc',
    SWEEP.ipcs.join(','),
    '--epochs',
    SWEEP.ipcs.map((ipc) => `${ipc}:${SWEEP.epochs}`).join(','),
    '--seeds',
    SWEEP.seeds.join(','),
    ...recipeArgs(CORESET_TRAIN),
  ];
}

/** bench/torch_distill.py --accuracy's arguments: dm and mtt at every budget. */
export function sweepDistillTorchArgs(): string[] {
  const timing = distillTorchArgs('mlp', SWEEP.distilled, SWEEP.ipcs, SWEEP.iterations, SWEEP.mttExperts).filter(
    (_, i, all) => all[i] !== '--warm-up' && all[i - 1] !== '--warm-up',
  );
  return [
    '--accuracy',
    ...timing,
    '--epochs',
    String(SWEEP.epochs),
    '--seeds',
    SWEEP.seeds.join(','),
    ...recipeArgs(CORESET_TRAIN),
  ];
}
