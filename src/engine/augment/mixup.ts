/**
 * Mixup (Zhang et al., ICLR 2018): each example is blended with a partner
 * from its batch, x = λ x + (1 - λ) x', and so are the labels, with one
 * λ ~ Beta(α, α) per batch. α = 1 is the paper's CIFAR-10 setting.
 */
import * as tf from '@tensorflow/tfjs';
import { defineAugmentation } from '../contracts/augmentation';
import { inputMixing, mixingLabel, mixingParams } from './mixing';

const ALPHA = 1;

export const mixup = defineAugmentation({
  id: 'mixup',
  description: 'Blends each example with a partner from its batch, inputs and labels alike, by λ ~ Beta(α, α).',
  inputs: ['image', 'vector'],
  params: mixingParams(ALPHA),
  label: (settings) => mixingLabel('mixup', settings, { alpha: ALPHA }),
  create: (settings) =>
    inputMixing(settings, (x, partner, { lambda }) => ({
      x: tf.add(tf.mul(x, lambda), tf.mul(tf.gather(x, partner), 1 - lambda)),
      lambda,
    })),
});
