/**
 * SaliencyMix (Uddin et al., ICLR 2021): CutMix whose box is not placed at
 * random but centred on the most salient pixel of the source (partner)
 * image, so the pasted patch holds what makes the partner its class. The
 * paper takes saliency from a classic saliency detector; here it is the
 * trained model's own input gradient, |∂loss/∂x| summed over channels. As in
 * the paper's code, one box per batch, from the first example's partner; λ ~
 * Beta(α, α) (α = 1, the paper's CIFAR setting) sets the box's area, and λ is
 * recomputed from the box clipped to the image. The box is placed and λ
 * measured on the backend: nothing is read back, which on WebGPU would
 * stall every step (and Node's Dawn cannot do synchronously at all).
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import { softCrossEntropy } from '../train/loss';
import { defineAugmentation } from '../contracts/augmentation';
import { centredBoxMask, inputMixing, mixingLabel, mixingParams, pasteWhereOnBackend } from './mixing';

const ALPHA = 1;

/**
 * The row and column (int32 scalars, on the backend) where the loss on
 * `image` [1, height, width, channels] against `target` [1, classes] is most
 * sensitive to the pixel. The gradient is taken with respect to the image
 * alone: it records nothing for the model's variables, and it is done
 * before the step differentiates the loss, so the update does not see it.
 */
function mostSalientPixel(model: Model, image: tf.Tensor4D, target: tf.Tensor2D): { row: tf.Scalar; col: tf.Scalar } {
  const gradient = tf.grad((input: tf.Tensor) => softCrossEntropy(model.apply(input), target))(image);
  const index = tf.argMax(tf.reshape(tf.sum(tf.abs(gradient), -1), [-1])) as tf.Scalar;
  const row = tf.floorDiv(index, image.shape[2]) as tf.Scalar;
  return { row, col: tf.sub(index, tf.mul(row, image.shape[2])) };
}

export const saliencymix = defineAugmentation({
  id: 'saliencymix',
  description: 'CutMix with the box centred on the partner image’s most salient pixel (the model’s input gradient).',
  inputs: ['image'],
  params: mixingParams(ALPHA),
  label: (settings) => mixingLabel('saliencymix', settings, { alpha: ALPHA }),
  create: (settings) =>
    inputMixing(settings, (x, partner, draw, _rng, { targets }, model) => {
      const images = x as tf.Tensor4D;
      const [, height, width] = images.shape;
      const source = draw.partner[0];
      const { row, col } = mostSalientPixel(model, tf.slice(images, source, 1), tf.slice(targets, source, 1));
      return pasteWhereOnBackend(
        images,
        tf.gather(images, partner),
        centredBoxMask(height, width, 1 - draw.lambda, row, col),
      );
    }),
});
