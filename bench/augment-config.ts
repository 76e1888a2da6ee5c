/**
 * The augmentation bench's workload, one description for the lab's configs
 * and the PyTorch script's arguments: the ConvNet on Fashion-MNIST, plain,
 * with mixup and with CutMix (α = 1, every batch mixed), timed per step and
 * trained to a final accuracy on a 10% random subset and on all the data.
 */
import { CONVNET, recipeArgs } from './config';

export const AUGMENTS = ['none', 'mixup', 'cutmix'] as const;
export type Augment = (typeof AUGMENTS)[number];
/** Beta(1, 1): λ uniform, the papers' CIFAR setting; every batch is mixed (the engine's default probability 1). */
export const ALPHA = 1;

/**
 * The lab's defaults: batch 64 and lr 0.05 (the page's default comparison),
 * SGD momentum 0.9 and weight decay 5e-4 (the schema's), cosine per step.
 */
export const AUGMENT_TRAIN = { batchSize: 64, lr: 0.05, momentum: 0.9, weightDecay: 5e-4 } as const;

export type BudgetName = '10%' | 'full';

/** How much of the bench runs: the full plan, or the smoke plan that checks the path end to end in about a minute. */
export interface AugmentPlan {
  timing: {
    /** Epochs per timed run over a fixed class-balanced subset of TIMING_BATCHES full batches. */
    epochs: number;
    /** Timed rounds (one run per augmentation each, in a rotating order); a first, untimed round warms up. */
    rounds: number;
    /** Calls of the augmentation alone, after as many untimed ones. */
    mixCalls: number;
  };
  accuracy: {
    budgets: { name: BudgetName; fraction: number; epochs: number }[];
    seeds: number[];
    /** Training and test examples kept (the first of each split); null: all of them. */
    trainCap: number | null;
    testCap: number | null;
  };
}

/** A timing run cycles over this many full batches (so every step is a whole batch), 640 images. */
export const TIMING_BATCHES = 10;
export const TIMING_EXAMPLES = TIMING_BATCHES * AUGMENT_TRAIN.batchSize;

/**
 * Timing: 40 steps per run, 8 rounds of 4 runs (with the untimed ones),
 * about 2.5 minutes for both sides.
 * Accuracy: one ConvNet step at batch 64 is about 67 ms on wasm (1 core)
 * and 32 ms in PyTorch, so the lab sets the pace: 20 epochs of the 10%
 * subset and 2 of all the data are about 1,880 steps each (the same steps
 * for both budgets), 11,300 for the three augmentations, about 13-14
 * minutes; about 16 in all on a quiet 2-core machine. Two full-data epochs
 * are far short of convergence: those rows compare the augmentations early
 * in training, not at their end.
 */
export const AUGMENT_PLAN: AugmentPlan = {
  timing: { epochs: 4, rounds: 7, mixCalls: 50 },
  accuracy: {
    budgets: [
      { name: '10%', fraction: 0.1, epochs: 20 },
      { name: 'full', fraction: 1, epochs: 2 },
    ],
    seeds: [0],
    trainCap: null,
    testCap: null,
  },
};

/** Every part of the bench at its smallest: 640 training and 200 test images, one epoch, one timed round of 10 steps. */
export const SMOKE_PLAN: AugmentPlan = {
  timing: { epochs: 1, rounds: 1, mixCalls: 3 },
  accuracy: {
    budgets: [
      { name: '10%', fraction: 0.1, epochs: 1 },
      { name: 'full', fraction: 1, epochs: 1 },
    ],
    seeds: [0],
    trainCap: 640,
    testCap: 200,
  },
};

/** The method row of one augmentation on one budget: `random` on the subset, `full` on all the data. */
function methodRow(augment: Augment, budget: BudgetName): Record<string, unknown> {
  const name = budget === 'full' ? 'full' : 'random';
  return augment === 'none' ? { name } : { name, augment: { name: augment, alpha: ALPHA } };
}

function labConfig(
  fraction: number,
  epochs: number,
  methods: Record<string, unknown>[],
  seeds: number[],
): Record<string, unknown> {
  const { batchSize, lr, momentum, weightDecay } = AUGMENT_TRAIN;
  return {
    version: 1,
    dataset: 'fashion-mnist',
    model: { name: 'convnet', ...CONVNET },
    budget: { fraction },
    train: { epochs, batchSize, lr, momentum, weightDecay, evalPoints: 1 },
    methods,
    seeds,
    backend: 'wasm',
  };
}

/**
 * One timing round: the same subset and batches (one seed) for each
 * augmentation, in the order given, after a plain run that is not timed (an
 * experiment's first run is the slowest, whatever it runs).
 */
export function timingLabConfig(plan: AugmentPlan, order: Augment[], trainCount: number): Record<string, unknown> {
  return labConfig(
    TIMING_EXAMPLES / trainCount,
    plan.timing.epochs,
    ['none' as const, ...order].map((a) => methodRow(a, '10%')),
    [0],
  );
}

/** Round `round`'s order: the augmentations rotated, so that none always holds the same place in its experiment. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** One budget's accuracy runs: every augmentation the engine has, every seed. */
export function accuracyLabConfig(
  plan: AugmentPlan,
  budget: AugmentPlan['accuracy']['budgets'][number],
  augments: Augment[],
): Record<string, unknown> {
  return labConfig(
    budget.fraction,
    budget.epochs,
    augments.map((a) => methodRow(a, budget.name)),
    plan.accuracy.seeds,
  );
}

/** The same workload as arguments of bench/torch_augment.py. */
export function augmentTorchArgs(plan: AugmentPlan, part: 'timing' | 'accuracy'): string[] {
  const common = [
    `--${part}`,
    ...recipeArgs(AUGMENT_TRAIN),
    '--alpha',
    String(ALPHA),
    '--width',
    String(CONVNET.width),
    '--depth',
    String(CONVNET.depth),
  ];
  if (part === 'timing') {
    const { epochs, rounds, mixCalls } = plan.timing;
    return [
      ...common,
      '--timing-epochs',
      String(epochs),
      '--rounds',
      String(rounds),
      '--mix-calls',
      String(mixCalls),
      '--examples',
      String(TIMING_EXAMPLES),
    ];
  }
  const { budgets, seeds, trainCap, testCap } = plan.accuracy;
  return [
    ...common,
    '--budgets',
    budgets.map((b) => `${b.name}:${b.fraction}:${b.epochs}`).join(','),
    '--seeds',
    seeds.join(','),
    ...(trainCap === null ? [] : ['--train-cap', String(trainCap)]),
    ...(testCap === null ? [] : ['--test-cap', String(testCap)]),
  ];
}

/** One side's time per step with one augmentation: medians over the rounds. */
export interface AugmentTiming {
  side: 'lab' | 'torch';
  augment: Augment;
  steps: number;
  /** Median over rounds of the run's training time per step. */
  stepMs: number;
  /** Every round's ms per step, for the record. */
  roundsMs: number[];
  /** Median of the augmentation's own call on one batch (0 for none). */
  mixMs: number;
}

/** One trained run, from either side. */
export interface AugmentRun {
  side: 'lab' | 'torch';
  budget: BudgetName;
  augment: Augment;
  seed: number;
  epochs: number;
  steps: number;
  testAcc: number;
}

/** What the lab child says when the engine lacks an augmentation, instead of its rows. */
export interface MissingAugment {
  missing: Augment;
  reason: string;
}
