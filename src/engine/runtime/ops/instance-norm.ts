/**
 * Instance norm followed by ReLU, the ConvNet's block body. Where the backend
 * has the lab's fused kernel (wasm, see kernels/wasm-instance-norm.ts) it is
 * one kernel each way; elsewhere it is composed of tfjs ops. The fused
 * gradient has its own gradient in closed form (distillation differentiates
 * through training steps); the composed one is differentiated by tfjs.
 */
import * as tf from '@tensorflow/tfjs';

export const INSTANCE_NORM = 'LabInstanceNorm';
export const INSTANCE_NORM_GRAD = 'LabInstanceNormGrad';
const EPSILON = 1e-5;

export interface InstanceNormAttrs {
  epsilon: number;
  relu: boolean;
}

/** Per (example, channel) statistics over H, W: the centered input and 1 / sqrt(var + eps). */
function moments(x: tf.Tensor4D, epsilon: number): { centered: tf.Tensor4D; rstd: tf.Tensor4D } {
  const centered = tf.sub(x, tf.mean(x, [1, 2], true)) as tf.Tensor4D;
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), [1, 2], true), epsilon)) as tf.Tensor4D;
  return { centered, rstd };
}

/** The composed forward; gamma is folded into the per-(example, channel) scale to save a full-size op. */
export function composedInstanceNorm(
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  attrs: InstanceNormAttrs,
): tf.Tensor4D {
  const { centered, rstd } = moments(x, attrs.epsilon);
  const y = tf.add(tf.mul(centered, tf.mul(rstd, gamma)), beta) as tf.Tensor4D;
  return attrs.relu ? tf.relu(y) : y;
}

/**
 * The gradient in closed form, from tfjs ops: with dy' = dy masked by the
 * ReLU, g = dy' * gamma and xhat the normalised input,
 * dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), dgamma = sum(dy' * xhat),
 * dbeta = sum(dy').
 */
export function composedInstanceNormGrad(
  dy: tf.Tensor4D,
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  attrs: InstanceNormAttrs,
): [tf.Tensor4D, tf.Tensor, tf.Tensor] {
  const { centered, rstd } = moments(x, attrs.epsilon);
  const xhat = tf.mul(centered, rstd);
  const masked = attrs.relu ? tf.mul(dy, tf.step(tf.add(tf.mul(xhat, gamma), beta))) : dy;
  const g = tf.mul(masked, gamma);
  const gx = tf.mul(g, xhat);
  const dx = tf.mul(
    rstd,
    tf.sub(tf.sub(g, tf.mean(g, [1, 2], true)), tf.mul(xhat, tf.mean(gx, [1, 2], true))),
  ) as tf.Tensor4D;
  return [dx, tf.sum(tf.mul(masked, xhat), [0, 1, 2]), tf.sum(masked, [0, 1, 2])];
}

/**
 * The gradient of the gradient, in closed form: for cotangents (a, p, q) of
 * (dx, dgamma, dbeta), the derivatives of L = <a, dx> + <p, dgamma> +
 * <q, dbeta> in dy, x and gamma (the ReLU's mask is flat, so beta has none).
 * Per (example, channel), over its M positions, with xc = x - mean(x),
 * r = 1 / sqrt(var + eps), m = dy' (dy masked), g = m * gamma:
 *   u = dL/dg = r * (a - mean(a) - xhat * mean(a * xhat))
 *   dL/ddy = mask * (gamma * u + p * xhat + q),   dL/dgamma = sum(m * u)
 *   dx = r * (g - mean(g)) - r^3 * xc * k,  k = mean(g * xc), so with
 *   Sa = sum(a * xc), Sm = sum(m * xc), R = dL/dr = sum(a * g) - M * mean(a) * mean(g) - 3 r^2 Sa k + p Sm:
 *   dL/dxc = -r^3 * (a * k + g * Sa / M) + p * r * m - r^3 * R * xc / M,   dL/dx = dL/dxc - mean(dL/dxc).
 * About half the full-size ops of differentiating the composed gradient
 * again, which distillation does at every unrolled step.
 */
export function instanceNormGradGrad(
  [a, p, q]: [tf.Tensor4D, tf.Tensor, tf.Tensor],
  dy: tf.Tensor4D,
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  attrs: InstanceNormAttrs,
): { dy: tf.Tensor4D; x: tf.Tensor4D; gamma: tf.Tensor } {
  const positions = x.shape[1] * x.shape[2];
  const mean = (t: tf.Tensor) => tf.mean(t, [1, 2], true);
  const sum = (t: tf.Tensor) => tf.sum(t, [1, 2], true);
  const { centered, rstd } = moments(x, attrs.epsilon);
  const xhat = tf.mul(centered, rstd);
  const mask = attrs.relu ? tf.step(tf.add(tf.mul(xhat, gamma), beta)) : undefined;
  const masked = mask ? tf.mul(dy, mask) : dy;
  const g = tf.mul(masked, gamma);
  const meanA = mean(a);
  const u = tf.mul(rstd, tf.sub(tf.sub(a, meanA), tf.mul(xhat, mean(tf.mul(a, xhat)))));
  const throughDy = tf.add(tf.add(tf.mul(u, gamma), tf.mul(xhat, p)), q);
  const k = mean(tf.mul(g, centered));
  const sumA = sum(tf.mul(a, centered));
  const r2 = tf.square(rstd);
  const r3 = tf.mul(r2, rstd);
  const dr = tf.add(
    tf.sub(
      tf.sub(sum(tf.mul(a, g)), tf.mul(positions, tf.mul(meanA, mean(g)))),
      tf.mul(3, tf.mul(r2, tf.mul(sumA, k))),
    ),
    tf.mul(p, sum(tf.mul(masked, centered))),
  );
  const dCentered = tf.sub(
    tf.add(
      tf.neg(tf.mul(r3, tf.add(tf.mul(a, k), tf.mul(g, tf.div(sumA, positions))))),
      tf.mul(tf.mul(p, rstd), masked),
    ),
    tf.mul(tf.div(tf.mul(r3, dr), positions), centered),
  );
  return {
    dy: (mask ? tf.mul(throughDy, mask) : throughDy) as tf.Tensor4D,
    x: tf.sub(dCentered, mean(dCentered)) as tf.Tensor4D,
    gamma: tf.sum(tf.mul(masked, u), [0, 1, 2]),
  };
}

/** relu(instance norm(x) * gamma + beta) for x [N, H, W, C]; gamma and beta [C]. */
export function instanceNormRelu(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor4D {
  const attrs: InstanceNormAttrs = { epsilon: EPSILON, relu: true };
  if (!tf.getKernel(INSTANCE_NORM, tf.getBackend())) return composedInstanceNorm(x, gamma, beta, attrs);
  return tf.engine().runKernel(INSTANCE_NORM, { x, gamma, beta }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

export const instanceNormGradConfig: tf.GradConfig = {
  kernelName: INSTANCE_NORM,
  inputsToSave: ['x', 'gamma', 'beta'],
  gradFunc: (dy, saved, attrs) => {
    const [x, gamma, beta] = saved as [tf.Tensor4D, tf.Tensor, tf.Tensor];
    const upstream = dy as tf.Tensor4D;
    // Where the backend has no fused gradient, the composed one, which tfjs can differentiate again.
    const [dx, dgamma, dbeta] = tf.getKernel(INSTANCE_NORM_GRAD, tf.getBackend())
      ? (tf.engine().runKernel(INSTANCE_NORM_GRAD, { dy: upstream, x, gamma, beta }, attrs) as tf.Tensor[])
      : composedInstanceNormGrad(upstream, x, gamma, beta, attrs as unknown as InstanceNormAttrs);
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};

/** The fused gradient's own gradient (distillation differentiates through training steps): the closed form above. */
export const instanceNormGradGradConfig: tf.GradConfig = {
  kernelName: INSTANCE_NORM_GRAD,
  inputsToSave: ['dy', 'x', 'gamma', 'beta'],
  gradFunc: (cotangents, saved, attrs) => {
    const [dy, x, gamma, beta] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor, tf.Tensor];
    const [a, p, q] = cotangents as tf.Tensor[];
    const grads = instanceNormGradGrad(
      [a as tf.Tensor4D, p, q],
      dy,
      x,
      gamma,
      beta,
      attrs as unknown as InstanceNormAttrs,
    );
    return { dy: () => grads.dy, x: () => grads.x, gamma: () => grads.gamma, beta: () => tf.zerosLike(beta) };
  },
};
