/**
 * Second-order gradients that tfjs lacks. Gradient matching and trajectory
 * matching differentiate through a training step, which for a ConvNet means
 * differentiating the gradient kernels themselves. The math follows the
 * adjoints TensorFlow uses: both kernels are linear in the upstream input.
 */
import * as tf from '@tensorflow/tfjs';

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

export function registerHigherOrderGradients(): void {
  if (!tf.getGradient('Conv2DBackpropFilter')) {
    tf.registerGradient({
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
  }
  if (!tf.getGradient('AvgPoolGrad')) {
    tf.registerGradient({
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
}
