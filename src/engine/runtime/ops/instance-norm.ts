/**
 * Instance norm followed by ReLU, the ConvNet's block body. Where the backend
 * has the lab's fused kernel (wasm, see kernels/wasm-instance-norm.ts) it is
 * one kernel each way; elsewhere it is composed of tfjs ops. The fused
 * gradient serves first-order training only: while a higher-order gradient is
 * being recorded (distillation differentiates through training steps), the
 * gradient is built from tfjs ops, which tfjs can differentiate again.
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

/** Whether ops run now are being recorded for a gradient (so a gradient being computed will be differentiated again). */
function recordingGradients(): boolean {
  return tf.engine().state.gradientDepth > 0;
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
    const [dx, dgamma, dbeta] = recordingGradients()
      ? composedInstanceNormGrad(upstream, x, gamma, beta, attrs as unknown as InstanceNormAttrs)
      : (tf.engine().runKernel(INSTANCE_NORM_GRAD, { dy: upstream, x, gamma, beta }, attrs) as tf.Tensor[]);
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};
