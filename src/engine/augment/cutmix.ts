/**
 * CutMix (Yun et al., ICCV 2019): a box of each example is replaced by the
 * same box of its partner, and the labels are weighed by the areas. The box
 * covers about 1 - λ of the image (λ ~ Beta(α, α), α = 1 as in the paper's
 * CIFAR runs), centred on a uniformly drawn pixel and clipped to the image;
 * λ is then recomputed from the clipped box. One box per batch.
 */
import * as tf from '@tensorflow/tfjs';
import { defineAugmentation } from '../contracts/augmentation';
import { boxMask, centredBox, inputMixing, mixingLabel, mixingParams, pasteWhere } from './mixing';

const ALPHA = 1;

export const cutmix = defineAugmentation({
  id: 'cutmix',
  description:
    'Pastes a box of a partner image (about 1 - λ of it, λ ~ Beta(α, α)) into each image; labels weigh by area.',
  inputs: ['image'],
  params: mixingParams(ALPHA),
  label: (settings) => mixingLabel('cutmix', settings, { alpha: ALPHA }),
  create: (settings) =>
    inputMixing(settings, (x, partner, draw, rng) => {
      const [, height, width] = x.shape;
      const box = centredBox(height, width, 1 - draw.lambda, rng.int(height), rng.int(width));
      const images = x as tf.Tensor4D;
      return pasteWhere(images, tf.gather(images, partner), boxMask(height, width, box));
    }),
});
