/**
 * Mixup (Zhang et al., ICLR 2018): each example is blended with a partner
 * from its batch, x = λ x + (1 - λ) x', and so are the labels, with one
 * λ ~ Beta(α, α) per batch. α = 1 is the paper's CIFAR-10 setting.
 */
import * as tf from '@tensorflow/tfjs';
import type { AugmentationEntry } from './augmentation';
import { decoupledWeight, drawMix, mixingLabel, mixingParams, partnerTensor } from './mixing';

const ALPHA = 1;

export const mixup: AugmentationEntry = {
  id: 'mixup',
  description: 'Blends each example with a partner from its batch, inputs and labels alike, by λ ~ Beta(α, α).',
  inputs: ['image', 'vector'],
  params: mixingParams(ALPHA),
  label: mixingLabel('mixup', ALPHA),
  create: (params) => ({
    decoupledWeight: decoupledWeight(params),
    mix({ x }, rng) {
      const draw = drawMix(params, rng, x.shape[0]);
      const partner = partnerTensor(draw);
      if (draw.lambda === 1) return { x, partner, lambda: 1 };
      return { x: tf.add(tf.mul(x, draw.lambda), tf.mul(tf.gather(x, partner), 1 - draw.lambda)), partner, lambda: draw.lambda };
    },
  }),
};
