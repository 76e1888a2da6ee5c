/**
 * ResizeMix (Qin et al., 2020, "ResizeMix: Mixing Data with Preserved
 * Object Information and True Labels"): the partner image, shrunk whole
 * (bilinear) to a scale τ ~ U(0.1, 0.8) of each side, is pasted at a random
 * place inside the example, so the patch still shows the partner's object;
 * λ = 1 - patch area / image area. λ comes from τ, so there is no α.
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { numberField } from '../../core/settings/fields';
import { defineAugmentation } from '../contracts/augmentation';
import { boxMask, drawPairing, mixing, mixingLabel, mixingOptions, pasteWhere } from './mixing';

const MIN_SCALE = 0.1;
const MAX_SCALE = 0.8;

const scaleField = (title: string, scale: number) =>
  v.optional(
    v.pipe(
      numberField(0, 1, true),
      v.title(title),
      v.description('Bound of the scale τ ~ U(smallest, largest) of the pasted image, as a share of each side.'),
    ),
    scale,
  );

export const resizemix = defineAugmentation({
  id: 'resizemix',
  description:
    'Pastes a whole partner image, shrunk to τ ~ U(0.1, 0.8) of each side, at a random place; labels weigh by area.',
  inputs: ['image'],
  params: {
    minScale: scaleField('Smallest scale', MIN_SCALE),
    maxScale: scaleField('Largest scale', MAX_SCALE),
    ...mixingOptions,
  },
  label: (settings) =>
    mixingLabel('resizemix', settings, {
      note:
        settings.minScale === MIN_SCALE && settings.maxScale === MAX_SCALE
          ? ''
          : ` τ=${settings.minScale}-${settings.maxScale}`,
    }),
  create: (settings) =>
    mixing(
      settings,
      (rng, batchSize) => drawPairing(settings, rng, batchSize),
      ({ x }, _pairing, partner, rng) => {
        const [, height, width] = x.shape;
        // The bounds may come either way round.
        const [low, high] = [settings.minScale, settings.maxScale].sort((a, b) => a - b);
        const scale = low + (high - low) * rng.next();
        const [rows, cols] = [Math.max(1, Math.round(scale * height)), Math.max(1, Math.round(scale * width))];
        const [top, left] = [rng.int(height - rows + 1), rng.int(width - cols + 1)];
        const images = x as tf.Tensor4D;
        const patch = tf.image.resizeBilinear(tf.gather(images, partner), [rows, cols]);
        const source = tf.pad(patch, [
          [0, 0],
          [top, height - top - rows],
          [left, width - left - cols],
          [0, 0],
        ]);
        return {
          ...pasteWhere(images, source, boxMask(height, width, { top, left, height: rows, width: cols })),
          partner,
        };
      },
    ),
});
