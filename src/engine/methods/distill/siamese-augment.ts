/**
 * Differentiable Siamese augmentation (Zhao & Bilen, ICML 2021): one random
 * transform drawn per match and applied alike to the real and the synthetic
 * batch, built only of ops with gradients, so that the synthetic pixels
 * learn through it. Colour (brightness, saturation, contrast), crop (a
 * shift), cutout, scale, and a horizontal flip for colour images (not for
 * digits or grey images, as the paper does for MNIST). Rotation needs an
 * arbitrary affine warp, which tfjs cannot differentiate, so it is left out.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../../core/rng';

/** The paper's strengths: shifts up to 1/8 of a side, scale by up to 1.2, cutout of half a side. */
const CROP = 0.125;
const SCALE = 0.2;
const CUTOUT = 0.5;

export type SiameseTransform = (x: tf.Tensor4D) => tf.Tensor4D;

/** Pads or crops [n, h', w', c] back to [n, h, w, c] around the centre. */
function fitTo(x: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const padTop = Math.max(0, Math.floor((height - h) / 2));
  const padLeft = Math.max(0, Math.floor((width - w) / 2));
  const padded = tf.pad(x, [
    [0, 0],
    [padTop, Math.max(0, height - h - padTop)],
    [padLeft, Math.max(0, width - w - padLeft)],
    [0, 0],
  ]);
  const top = Math.floor((padded.shape[1] - height) / 2);
  const left = Math.floor((padded.shape[2] - width) / 2);
  return tf.slice(padded, [0, top, left, 0], [-1, height, width, -1]);
}

/** The transform's families; DSA's own code applies one of them per batch when it trains on a set. */
export const SIAMESE_FAMILIES = ['colour', 'crop', 'cutout', 'scale', 'flip'] as const;
export type SiameseFamily = (typeof SIAMESE_FAMILIES)[number];

/**
 * Draws one transform for images of [height, width, channels]: every family
 * at once, or `only` one of them (the others left out). The draws are the
 * same either way, so a stream gives the same transform it always did.
 */
export function drawSiameseTransform(
  rng: Rng,
  [height, width, channels]: number[],
  only?: SiameseFamily,
): SiameseTransform {
  const uses = (family: SiameseFamily) => only === undefined || only === family;
  const colour = uses('colour');
  const brightness = rng.next() - 0.5;
  const saturation = rng.next() * 2;
  const contrast = rng.next() + 0.5;
  const moveY = 2 * rng.next() - 1;
  const moveX = 2 * rng.next() - 1;
  const shiftY = uses('crop') ? Math.round(moveY * CROP * height) : 0;
  const shiftX = uses('crop') ? Math.round(moveX * CROP * width) : 0;
  const cutSize = uses('cutout') ? [Math.round(CUTOUT * height), Math.round(CUTOUT * width)] : [0, 0];
  const cutY = rng.int(height);
  const cutX = rng.int(width);
  const scaleY = 1 + (2 * rng.next() - 1) * SCALE;
  const scaleX = 1 + (2 * rng.next() - 1) * SCALE;
  const scaledH = uses('scale') ? Math.max(1, Math.round(height * scaleY)) : height;
  const scaledW = uses('scale') ? Math.max(1, Math.round(width * scaleX)) : width;
  const flip = channels === 3 && rng.next() < 0.5 && uses('flip');
  // Cutout: a fixed 0/1 mask, zero over a square centred at (cutY, cutX), clipped at the border.
  const mask = new Float32Array(height * width).fill(1);
  for (
    let y = Math.max(0, cutY - (cutSize[0] >> 1));
    y < Math.min(height, cutY - (cutSize[0] >> 1) + cutSize[0]);
    y++
  ) {
    for (let x = Math.max(0, cutX - (cutSize[1] >> 1)); x < Math.min(width, cutX - (cutSize[1] >> 1) + cutSize[1]); x++)
      mask[y * width + x] = 0;
  }
  return (images) =>
    tf.tidy(() => {
      let x = images;
      if (colour) {
        x = tf.add(x, brightness);
        if (channels > 1) {
          const grey = tf.mean(x, 3, true);
          x = tf.add(grey, tf.mul(tf.sub(x, grey), saturation));
        }
        const mean = tf.mean(x, [1, 2, 3], true);
        x = tf.add(mean, tf.mul(tf.sub(x, mean), contrast));
      }
      // Crop: shift by padding on one side and slicing the other.
      const pad = Math.max(Math.abs(shiftY), Math.abs(shiftX));
      if (pad > 0)
        x = tf.slice(
          tf.pad(x, [
            [0, 0],
            [pad, pad],
            [pad, pad],
            [0, 0],
          ]),
          [0, pad + shiftY, pad + shiftX, 0],
          [-1, height, width, -1],
        );
      if (cutSize[0] > 0) x = tf.mul(x, tf.tensor4d(mask, [1, height, width, 1]));
      if (flip) x = tf.reverse(x, 2);
      if (scaledH === height && scaledW === width) return x;
      return fitTo(tf.image.resizeBilinear(x, [scaledH, scaledW]), height, width);
    });
}
