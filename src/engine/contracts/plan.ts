/**
 * The contract between a method and the training loop: which examples each
 * round holds, and what else the loop applies to a batch. It sits beside the
 * methods and depends on nothing of the experiment, so that imports run one
 * way: experiment -> config -> registries -> methods -> train.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import type { Augmentation } from './augmentation';

/** What a method picked, carried by its run's result for the views and export. */
export interface Selection {
  /** Training-set indices of the (first round's) subset, in the order the method picked them. */
  indices: Int32Array;
  /** One score per training example, where the method scores examples. */
  scores?: Float32Array;
  /** What the scores are, e.g. "EL2N" or "forgetting events". */
  scoreName?: string;
  /** Whether the subset keeps the highest scores (else the lowest). */
  keepsHighest?: boolean;
  /** How many subsets the run trained on (1 for a static subset). */
  rounds: number;
}

/**
 * Examples a method makes itself (a distilled set): inputs as the model
 * reads them and a target distribution each. The plan's rounds then index
 * into these instead of the training split.
 */
export interface OwnExamples {
  x: tf.Tensor;
  targets: tf.Tensor2D;
}

/** A distilled set as the results carry it, for the views and export. */
export interface SyntheticSet {
  /** The class each example stands for. */
  classes: Int32Array;
  /** One example's shape as the model reads it, e.g. [28, 28, 1]; images in [0, 1]. */
  shape: number[];
  /** Every example's values, flat. */
  values: Float32Array;
  /** Each example's soft label (a distribution over the classes), row-major, where the method learns labels. */
  labels?: Float32Array;
  /** For text learnt in embedding space: the words nearest each example (see nearestWords). */
  words?: string[][];
  /** For text learnt in embedding space: the words each example moved toward from its start (see readTexts). */
  movedToward?: string[][];
  /** The distillation loss along the way: [iteration, loss] pairs. */
  loss: [number, number][];
}

/** Soft labels from a teacher (knowledge distillation). */
export interface TeacherTargets {
  /** The teacher's class probabilities at `temperature`, [trainCount x classes], row-major. */
  probabilities: Float32Array;
  /** Share of the loss that matches the teacher (the rest is cross-entropy on the labels). */
  weight: number;
  temperature: number;
}

/** The examples a method trains on, round by round. */
export interface DataPlan {
  /** Examples in one round (the method's data budget). */
  examplesPerRound: number;
  totalSteps: number;
  /**
   * Indices into the training split for the next round, in the order they
   * are used. `trained` is the model being trained, for methods that
   * re-select every round.
   */
  nextRound(trained: Model): Int32Array | Promise<Int32Array>;
  /** The method's own examples, which rounds index into (else the training split). */
  examples?: OwnExamples;
  /**
   * Parameters of the model (by index) that training keeps as they start:
   * a text set distilled in the model's embedding space keeps its table.
   */
  frozenParams?: number[];
  /** Mixes each training batch (mixup and its family; the method row's `augment`). */
  augment?: Augmentation;
  teacher?: TeacherTargets;
  /**
   * Sees every batch's logits before the update (inside the step's tidy:
   * whatever it keeps it must tf.keep). Forgetting events are counted so.
   */
  observe?: (indices: Int32Array, logits: tf.Tensor2D, labels: tf.Tensor1D) => void;
  selection?: Selection;
  synthetic?: SyntheticSet;
  /** Frees what the plan holds on the backend (its own examples), after training. */
  dispose?(): void;
}
