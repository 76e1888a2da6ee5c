/**
 * The ways a run ends early, shared by the methods, the training loop and
 * whoever runs an experiment (the worker, the command line). They sit with
 * the contracts so that a method can end a run without importing the loop.
 */
import type { CurvePoint } from '../../core/results/curve';

/** A run stopped on request (polled through `shouldStop`). */
export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'RunCancelled';
  }
}

/**
 * A run whose numbers left the finite: a loss (training or test, or a
 * distillation's matching loss) read back as NaN or infinite. It carries
 * what the run measured before, so that the run keeps its partial curve.
 */
export class RunDiverged extends Error {
  constructor(
    /** The step (or distillation iteration) by which it was seen. */
    readonly step: number,
    message: string,
    readonly phase: 'training' | 'distillation' = 'training',
    readonly points: CurvePoint[] = [],
    readonly evalMs = 0,
  ) {
    super(message);
    this.name = 'RunDiverged';
  }
}
