import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField } from '../../core/settings/fields';
import { instanceNormRelu } from '../runtime/ops/instance-norm';
import { functionalModel, mixAt, ParamList, defineModel } from './model';

/**
 * The distillation papers' ConvNet: `depth` blocks of 3x3 conv (width
 * filters) -> instance norm -> ReLU -> 2x2 average pooling, then one linear
 * layer. With width 128 and depth 3 it is their standard ConvNet-3.
 * The convolutions have no bias: instance norm subtracts each channel's mean
 * right after, which cancels a bias exactly (the papers' PyTorch layers carry
 * one that never changes the output).
 * It blends (Manifold Mixup) at "input" or after a block's pooling, "block 1"
 * to "block <depth>".
 */
export const convnet = defineModel({
  id: 'convnet',
  name: 'ConvNet',
  description: "Conv-instancenorm-ReLU-avgpool blocks and a linear head (the distillation papers' ConvNet).",
  inputs: ['image'],
  params: {
    width: v.optional(intField(1, 256), 32),
    depth: v.optional(intField(1, 4), 3),
  },
  create(input, classCount, { width, depth }, rng) {
    if (input.kind !== 'image') throw new Error('convnet reads images only');
    if (Math.min(input.height, input.width) >> depth < 1)
      throw new Error(`convnet depth ${depth} pools ${input.height}x${input.width} images away`);
    const list = new ParamList(rng);
    let channels = input.channels;
    for (let d = 0; d < depth; d++) {
      const fanIn = 9 * channels;
      list.uniform([3, 3, channels, width], fanIn);
      list.constant([width], 1);
      list.constant([width], 0);
      channels = width;
    }
    const flat = (input.height >> depth) * (input.width >> depth) * width;
    list.uniform([flat, classCount], flat);
    list.uniform([classCount], flat);
    const block = (d: number) => `block ${d + 1}`;
    const mixPoints = ['input', ...Array.from({ length: depth }, (_, d) => block(d))];
    return functionalModel(
      list,
      (x, p, mix) => {
        let h = mixAt(x as tf.Tensor4D, 'input', mix);
        for (let d = 0; d < depth; d++) {
          const [w, gamma, beta] = p.slice(3 * d, 3 * d + 3);
          h = tf.conv2d(h, w as tf.Tensor4D, 1, 'same');
          h = instanceNormRelu(h, gamma, beta);
          h = mixAt(tf.avgPool(h, 2, 2, 'valid'), block(d), mix);
        }
        return tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
      },
      mixPoints,
    );
  },
});
