/**
 * Gradients the lab registers over tfjs's own:
 *  - second-order gradients that tfjs lacks. Gradient matching and trajectory
 *    matching differentiate through a training step, which for a ConvNet means
 *    differentiating the gradient kernels themselves. The math follows the
 *    adjoints TensorFlow uses: both kernels are linear in the upstream input.
 *  - Sum and Mean, whose tfjs gradients broadcast dy by multiplying with a
 *    tensor of ones built in JavaScript (11 ms for one ConvNet activation on
 *    wasm, where the product itself takes 1.8 ms). Here the backend fills it.
 *  - the fused instance norm's (ops/instance-norm.ts) and embedding bag's
 *    (ops/embedding-bag.ts).
 *  - Exp's, from its input, so that it can be differentiated again (the loss's
 *    log-softmax is composed of it for the same reason: see train/loss.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { instanceNormGradConfig, instanceNormGradGradConfig } from './ops/instance-norm';
import { embeddingBagGradConfig } from './ops/embedding-bag';

type Conv2DAttrs = {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};
type PoolAttrs = {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
};

/** dy of a reduction of x over `axis`, spread back over x's shape and scaled by `scale`. */
function spreadOverReducedAxes(
  dy: tf.Tensor,
  x: tf.Tensor,
  axis: number | number[],
  scale: (reduceSize: number) => number,
): tf.Tensor {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const reduceSize = axes.reduce((p, a) => p * x.shape[a], 1);
  return tf.mul(tf.reshape(dy, keptShape), tf.fill(x.shape, scale(reduceSize), 'float32'));
}

/** Marks the lab's gradient functions, so that registering twice changes nothing. */
const LAB_GRADIENT = Symbol.for('lab.gradient');

function registerOnce(config: tf.GradConfig): void {
  if ((tf.getGradient(config.kernelName)?.gradFunc as { [LAB_GRADIENT]?: boolean } | undefined)?.[LAB_GRADIENT]) return;
  Object.assign(config.gradFunc, { [LAB_GRADIENT]: true });
  tf.registerGradient(config);
}

export function registerLabGradients(): void {
  for (const [kernelName, scale] of [
    ['Sum', () => 1],
    ['Mean', (size: number) => 1 / size],
  ] as const) {
    registerOnce({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => {
        const [x] = saved;
        const { axis } = attrs as unknown as { axis: number | number[] };
        return { x: () => spreadOverReducedAxes(dy as tf.Tensor, x, axis, scale) };
      },
    });
  }
  registerOnce(instanceNormGradConfig);
  registerOnce(instanceNormGradGradConfig);
  registerOnce(embeddingBagGradConfig);
  registerHigherOrderGradients();
}

function registerHigherOrderGradients(): void {
  // tfjs's Exp gradient multiplies by the saved output, a clone that its tape
  // orders before the op that made it, so a second differentiation loses the
  // path through it. Recomputing exp from the saved input keeps that path.
  registerOnce({
    kernelName: 'Exp',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      return { x: () => tf.mul(dy as tf.Tensor, tf.exp(x)) };
    },
  });
  // Max's gradient masks dy with equal(x, max); differentiating it again meets Equal, which is
  // piecewise constant: its gradient is zero wherever it exists.
  registerOnce({
    kernelName: 'Equal',
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy, saved) => {
      const [a, b] = saved;
      return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
    },
  });
  registerOnce({
    kernelName: 'Conv2DBackpropFilter',
    inputsToSave: ['x', 'dy'],
    gradFunc: (ddW, saved, attrs) => {
      const [x, dy] = saved as [tf.Tensor4D, tf.Tensor4D];
      const { strides, pad, dimRoundingMode } = attrs as unknown as Conv2DAttrs;
      const filter = ddW as tf.Tensor4D;
      return {
        x: () => tf.conv2dTranspose(dy, filter, x.shape, strides, pad, dimRoundingMode),
        dy: () => tf.conv2d(x, filter, strides, pad, 'NHWC', 1, dimRoundingMode),
      };
    },
  });
  registerOnce({
    kernelName: 'AvgPoolGrad',
    inputsToSave: ['input'],
    gradFunc: (ddx, saved, attrs) => {
      const [input] = saved;
      const { filterSize, strides, pad } = attrs as unknown as PoolAttrs;
      return {
        dy: () => tf.avgPool(ddx as tf.Tensor4D, filterSize, strides, pad),
        input: () => tf.zerosLike(input),
      };
    },
  });
}
