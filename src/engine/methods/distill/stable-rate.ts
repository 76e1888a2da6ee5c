/**
 * Step sizes a matching loop can take without running away. The papers'
 * steps (dm's 1 for the examples, mtt's 100, datm's 2 for the soft labels)
 * were tuned on images, where each pixel is one of hundreds of inputs. The
 * same losses are 10 to 1000 times stiffer on a 2-D point (every hidden unit
 * reads each coordinate with a weight of about 1/sqrt(2), not 1/sqrt(784)),
 * on one example per class, or through the experts of a small dataset:
 * there a step of the paper's size overshoots the minimum further every
 * iteration, until the examples are infinite. On a loss whose largest
 * curvature is L, a gradient step of 1/L is the one that surely descends
 * (and with the papers' momentum, at most 0.9, stays inside heavy-ball's
 * stable range of 2(1 + momentum)/L); each learnt quantity's step is capped
 * at 1/L, measured on the first iteration's loss, so the paper's step is
 * kept where it is stable (as on MNIST) and cut where it is not, whatever
 * the data, the model or the budget.
 */
import * as tf from '@tensorflow/tfjs';

/** How a step setting says it is capped, in its description. */
export const CAPPED_NOTE = 'at most 1 / the loss’s largest curvature at the start, the step that surely descends';

/** Power iterations at most; they stop earlier once the estimate settles. */
const MAX_ITERATIONS = 8;
/** Settled: the estimate moved by less than this share in an iteration. */
const SETTLED = 0.05;
/** Finite-difference step, relative to the point's norm. */
const RELATIVE_STEP = 1e-3;
/** The power iteration's starting direction is drawn from this seed: the measure is the same every run. */
const START_SEED = 1;

/**
 * The largest curvature (absolute Hessian eigenvalue) of `lossOf` at `at`,
 * by power iteration on Hessian-vector products taken as finite differences
 * of the gradient: only first derivatives, so it works for any loss a
 * matching loop can differentiate (mtt's is already second order).
 */
export async function largestCurvature(lossOf: (x: tf.Tensor) => tf.Scalar, at: tf.Tensor): Promise<number> {
  const gradientAt = tf.grad(lossOf);
  const read = async (t: tf.Tensor) => {
    const value = (await t.data())[0];
    t.dispose();
    return value;
  };
  const size = await read(tf.norm(at));
  const step = RELATIVE_STEP * (size > 0 ? size : 1);
  const start = tf.tidy(() => gradientAt(at));
  let direction = tf.tidy(() => {
    const v = tf.randomNormal(at.shape, 0, 1, 'float32', START_SEED);
    return tf.div(v, tf.norm(v));
  });
  let curvature = 0;
  try {
    for (let i = 0; i < MAX_ITERATIONS; i++) {
      const product = tf.tidy(() => tf.div(tf.sub(gradientAt(tf.add(at, tf.mul(direction, step))), start), step));
      const length = await read(tf.norm(product));
      const settled = Math.abs(length - curvature) <= SETTLED * length;
      curvature = length;
      if (!Number.isFinite(length) || length === 0 || settled) {
        product.dispose();
        break;
      }
      direction.dispose();
      direction = tf.tidy(() => tf.div(product, length));
      product.dispose();
    }
  } finally {
    tf.dispose([start, direction]);
  }
  return curvature;
}

/**
 * `rate`, or 1 / the largest curvature of `lossOf` at `at` where that is
 * smaller. A curvature that cannot be measured (zero, or not finite) leaves
 * the rate as it is.
 */
export async function stableRate(rate: number, lossOf: (x: tf.Tensor) => tf.Scalar, at: tf.Tensor): Promise<number> {
  const curvature = await largestCurvature(lossOf, at);
  return curvature > 0 && Number.isFinite(curvature) ? Math.min(rate, 1 / curvature) : rate;
}
