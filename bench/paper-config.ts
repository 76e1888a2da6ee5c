/**
 * The papers' protocols (`npm run bench -- --only paper`), one description
 * for the lab's configs and bench/torch_paper.py's cases: MNIST and
 * Fashion-MNIST at 1 and 10 images per class, the distillation papers'
 * ConvNet (3 blocks of 128 filters, instance norm, ReLU, average pooling),
 * their iterations and inner loops, and their evaluation: a fresh network
 * trained on the set with SGD lr 0.01, momentum 0.9, weight decay 5e-4,
 * batch 256, the rate divided by 10 at half the epochs, 300 epochs (DC) or
 * 1,000 with DSA's augmentation (DSA, DM, MTT, DATM and their random
 * control). `scale` shortens every distillation (iterations and the expert
 * buffer) alike, so that a shorter run is the same protocol, cut.
 */
import { DISTILL_PARAMS, datmLatestStart } from './distill-config';
import { PUBLISHED_MNIST } from './published';

export const PAPER_DATASETS = ['mnist', 'fashion-mnist'] as const;
export type PaperDataset = (typeof PAPER_DATASETS)[number];
export const PAPER_IPCS = [1, 10] as const;
export const PAPER_METHODS = ['random', 'dc', 'dsa', 'dm', 'mtt', 'datm'] as const;
export type PaperMethod = (typeof PAPER_METHODS)[number];

export const PAPER_MODEL = { name: 'convnet', width: 128, depth: 3 } as const;

/** The evaluation's recipe (DC's and DSA's `evaluate_synset`); the epochs per method are in `evaluationOf`. */
export const PAPER_TRAIN = { batchSize: 256, lr: 0.01, momentum: 0.9, weightDecay: 5e-4, schedule: 'step' } as const;

/**
 * The iterations of the authors' code: DC and DSA 1,000 (main.py), DM
 * 20,000 (main_DM.py), MTT 5,000 (distill.py), DATM 10,000 (its configs).
 */
export const PAPER_ITERATIONS: Record<Exclude<PaperMethod, 'random'>, number> = {
  dc: 1000,
  dsa: 1000,
  dm: 20000,
  mtt: 5000,
  datm: 10000,
};

/** DC's and DSA's loops per images-per-class (main.py's get_loops): one network update between matches at 10 per class. */
const GRADIENT_LOOPS: Record<number, { outerLoop: number; innerLoop: number }> = {
  1: { outerLoop: 1, innerLoop: 1 },
  10: { outerLoop: 10, innerLoop: 50 },
};

/**
 * The expert buffer of MTT's buffer.py (100 experts of 50 epochs, SGD 0.01,
 * batch 256) at full scale; a shorter bench keeps a share of the experts
 * (at least 2) and of their epochs (at least 4, the lab's default; starts
 * beyond the buffer's last segment are clamped to it, as the engine does).
 */
const PAPER_EXPERTS = { experts: 100, expertEpochs: 50, expertBatch: 256, expertLr: 0.01 };

/**
 * Trajectory matching on MNIST has no published setting (MTT and DATM
 * report CIFAR and larger); the lab's own defaults for rates and spans,
 * with 20 unrolled student steps (MTT's CIFAR-10 settings use 30-80) and
 * starts within the first 10 expert epochs (MTT's CIFAR-10 IPC 10: 20).
 */
const TRAJECTORY = { syntheticSteps: 20, maxStartEpoch: 10 };

export interface PaperCase {
  dataset: PaperDataset;
  ipc: number;
  method: PaperMethod;
  seed: number;
  /** The share of the papers' distillation run (1 = the papers' iterations and expert buffer). */
  scale: number;
}

export const caseKey = (side: string, c: PaperCase) => `${side}|${c.dataset}|${c.ipc}|${c.method}|${c.seed}|${c.scale}`;

/** The epochs and augmentation of the evaluation: DC's 300 epochs, the others' 1,000 with DSA's augmentation. */
export function evaluationOf(method: PaperMethod): { epochs: number; augment: 'dsa' | 'none' } {
  return method === 'dc' ? { epochs: 300, augment: 'none' } : { epochs: 1000, augment: 'dsa' };
}

/** The expert buffer at a scale. */
export function expertsAt(scale: number) {
  const { experts, expertEpochs, ...rest } = PAPER_EXPERTS;
  return {
    experts: Math.max(2, Math.round(experts * scale)),
    expertEpochs: Math.max(4, Math.round(expertEpochs * scale)),
    ...rest,
  };
}

/** A method row's distillation settings at a scale, as the lab's schema names them (PyTorch reads the same). */
export function distillSettings(method: PaperMethod, ipc: number, scale: number): Record<string, number> {
  if (method === 'random') return {};
  const iterations = Math.max(1, Math.round(PAPER_ITERATIONS[method] * scale));
  const realBatch = 256;
  if (method === 'dc' || method === 'dsa')
    return { iterations, realBatch, lrImages: 0.1, lrNet: 0.01, ...GRADIENT_LOOPS[ipc] };
  if (method === 'dm') return { iterations, realBatch, lrImages: 1 };
  return { iterations, ...TRAJECTORY, ...expertsAt(scale) };
}

/** The lab's config of one case: one method, one seed, on wasm. */
export function paperLabConfig(c: PaperCase): Record<string, unknown> {
  const { epochs, augment } = evaluationOf(c.method);
  const row: Record<string, unknown> = { name: c.method, ...distillSettings(c.method, c.ipc, c.scale) };
  if (augment === 'dsa') row.augment = { name: 'dsa' };
  return {
    version: 1,
    dataset: c.dataset,
    model: PAPER_MODEL,
    budget: { ipc: c.ipc },
    train: { epochs, ...PAPER_TRAIN, evalPoints: 1 },
    methods: [row],
    seeds: [c.seed],
    backend: 'wasm',
  };
}

/**
 * What bench/torch_paper.py reads for one case. The trajectory methods'
 * settings the case leaves to the engine's defaults are written out, and
 * datm's latest start at this budget, as bench/torch_distill.py takes them.
 */
export function paperTorchCase(c: PaperCase): Record<string, unknown> {
  const settings = distillSettings(c.method, c.ipc, c.scale);
  const trajectory =
    c.method === 'mtt' || c.method === 'datm'
      ? {
          ...DISTILL_PARAMS[c.method],
          ...settings,
          latestStart: { [c.ipc]: datmLatestStart(c.ipc, settings.expertEpochs) },
        }
      : settings;
  return { ...c, model: PAPER_MODEL, train: { ...PAPER_TRAIN, ...evaluationOf(c.method) }, settings: trajectory };
}

/** One finished case, from either side: a line of the bench's JSONL. */
export interface PaperLine extends PaperCase {
  side: 'lab' | 'torch';
  testAcc: number;
  distillSeconds: number;
  expertSeconds?: number;
  trainSeconds: number;
}

/** Published test accuracy (%): DC, DSA (ICML 2021) and DM (WACV 2023) Table 1, on the full 60,000-image sets. */
export const PAPER_PUBLISHED: Record<PaperDataset, Partial<Record<PaperMethod, Record<number, string>>>> = {
  mnist: {
    random: { 1: fmt(PUBLISHED_MNIST.random[1]), 10: fmt(PUBLISHED_MNIST.random[10]) },
    dc: { 1: '91.7 ± 0.5', 10: '97.4 ± 0.2' },
    dsa: { 1: '88.7 ± 0.6', 10: '97.8 ± 0.1' },
    dm: { 1: '89.7 ± 0.6', 10: '97.5 ± 0.1' },
  },
  'fashion-mnist': {
    random: { 1: '51.4 ± 3.8', 10: '73.8 ± 0.7' },
    dc: { 1: '70.5 ± 0.6', 10: '82.3 ± 0.4' },
    dsa: { 1: '70.6 ± 0.6', 10: '84.6 ± 0.3' },
  },
};

function fmt({ mean, std }: { mean: number; std: number }): string {
  return `${mean} ± ${std}`;
}
