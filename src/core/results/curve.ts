/** One point of a run's curve. */
export interface CurvePoint {
  /** Wall-clock ms since the run began: overhead + training, evaluation excluded. */
  timeMs: number;
  /** Optimizer steps taken so far. */
  step: number;
  /** Training examples seen so far. */
  samples: number;
  /** Accuracy on the held-out test set, in [0, 1]. */
  testAcc: number;
  testLoss: number;
  /**
   * The mean training loss over the steps since the previous point (none at
   * step 0): the loss the run optimizes, with its mixing or teacher where it
   * has them.
   */
  trainLoss?: number;
}
