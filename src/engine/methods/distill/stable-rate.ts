/**
 * Step sizes a matching loop can take without running away. The papers'
 * steps (dm's 1 for the examples, dc's 0.1, mtt's 100, datm's 2 for the
 * soft labels) were tuned on images, where each pixel is one of hundreds of
 * inputs. The same losses are far stiffer on a 2-D point (every hidden unit
 * reads each coordinate with a weight of about 1/sqrt(2), not
 * 1/sqrt(784)), on one example per class, or through the experts of a small
 * dataset: there a step of the paper's size overshoots the minimum further
 * every iteration, until the examples are infinite. So the first
 * iteration's step is checked by a backtracking line search: the paper's
 * step is kept if it lowers that iteration's loss by a share of what the
 * gradient promises (Armijo's condition), else halved until it does. Where
 * the paper's step passes it is kept; the later iterations' losses are of
 * the same kind (new random networks, or new segments of the same experts).
 * How large a share is the loss's own (STEP_CHECKS).
 */
import * as tf from '@tensorflow/tfjs';

/** A share of the first-order decrease a step must achieve, and how a step setting's description says so. */
export interface StepCheck {
  sufficientDecrease: number;
  note: string;
}

export const STEP_CHECKS = {
  /**
   * Gradient and distribution matching (a new random network each
   * iteration): only against climbing, with Nocedal & Wright's usual 1e-4,
   * which on a quadratic keeps the step under 2 / the curvature along the
   * gradient. These losses are far from linear: at the papers' ConvNet of
   * 128 filters on MNIST, dc's 0.1 lowers the first loss from 1275 to 1242
   * where the gradient promises a fall of 1294, and asking for half the
   * promise halved dc's step 6 times, to a 64th of the paper's.
   */
  noClimb: { sufficientDecrease: 1e-4, note: 'halved at the start while a step of it would raise the loss' },
  /**
   * Trajectory matching: half the promise, which on a quadratic keeps the
   * step at most 1 / the curvature. Its loss runs through unrolled student
   * steps and changes with the segment; with only the check against
   * climbing, mtt and datm at their defaults diverge or learn nothing on
   * MNIST, Fashion-MNIST, names and moons at 1 per class.
   */
  halfThePromise: {
    sufficientDecrease: 0.5,
    note: 'halved at the start until it lowers the loss by half what the gradient promises',
  },
} satisfies Record<string, StepCheck>;
/** Halvings at most (a step 2^-30 of the setting is no step). */
const MAX_HALVINGS = 30;

/** The loss at a point and its gradient there: the tape's by default, a method's own where it has one. */
export type ValueAndGradient = (x: tf.Tensor) => { value: tf.Scalar; grad: tf.Tensor };

/**
 * `rate`, or its largest halving under which one gradient step on `lossOf`
 * from `at` lowers the loss by at least half the gradient's first-order
 * promise. A loss or gradient that is not finite leaves the rate as it is
 * (the matching loop reports the divergence).
 */
export async function stableRate(
  rate: number,
  lossOf: (x: tf.Tensor) => tf.Scalar,
  at: tf.Tensor,
  check: StepCheck,
  valueAndGradient: ValueAndGradient = (x) => tf.valueAndGrad(lossOf)(x),
): Promise<number> {
  const read = async (t: tf.Tensor) => {
    const value = (await t.data())[0];
    t.dispose();
    return value;
  };
  const { value, grad } = valueAndGradient(at);
  try {
    const start = await read(value);
    const promise = await read(tf.tidy(() => tf.sum(tf.square(grad))));
    if (!Number.isFinite(start) || !Number.isFinite(promise)) return rate;
    let step = rate;
    for (let halvings = 0; halvings < MAX_HALVINGS; halvings++, step /= 2) {
      const after = await read(tf.tidy(() => lossOf(tf.sub(at, tf.mul(grad, step)))));
      if (after <= start - check.sufficientDecrease * step * promise) return step;
    }
    return step;
  } finally {
    grad.dispose();
  }
}
