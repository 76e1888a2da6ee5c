/**
 * The selection bench's workload, one description for both sides: herding
 * and k-center greedy pick 10% of Fashion-MNIST's training images, 10% of
 * each class, in two feature spaces. The lab writes the feature matrices
 * and the per-class groups to files once (bench/.cache/selection/); the lab
 * and PyTorch then both select on those exact bits, so the work is the same.
 */
import { fileURLToPath } from 'node:url';

export type FeatureSpace = 'raw' | 'embedding';
export type SelectAlgorithm = 'herding' | 'kcenter';
export const FEATURE_SPACES: readonly FeatureSpace[] = ['raw', 'embedding'];
export const SELECT_ALGORITHMS: readonly SelectAlgorithm[] = ['herding', 'kcenter'];

export const SELECTION = {
  dataset: 'fashion-mnist',
  fraction: 0.1,
  /**
   * The embedding: the lab's MLP (784-256-10) at initialisation from this
   * seed, its 256 ReLU features. Fixed (not trained) so that the bench
   * measures selection only; any fixed embedding does the same work.
   */
  embedding: { name: 'mlp', width: 256, depth: 1, seed: 0 },
  /** Picks of the untimed warm-up run on the first class. */
  warmUpPicks: 20,
} as const;

export const SELECTION_CACHE = fileURLToPath(new URL('.cache/selection/', import.meta.url));

/**
 * `<space>.json` beside `<space>.f32` (float32 rows, little-endian): the
 * matrix's shape and the class groups. `first` is each class's k-center
 * start (the row nearest the class mean, the engine's default), computed
 * once by the lab so that both sides start k-center from the same row.
 */
export interface FeatureFile {
  space: FeatureSpace;
  count: number;
  dim: number;
  groups: { members: number[]; take: number; first: number }[];
}

/** One timed selection (all classes) by one side. */
export interface SelectionTiming {
  side: 'lab' | 'torch';
  space: FeatureSpace;
  algorithm: SelectAlgorithm;
  seconds: number;
  /** Global row indices, class after class, each class in pick order. */
  picks: number[];
}
