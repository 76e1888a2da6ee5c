/**
 * FMix (Harris et al., 2020, "FMix: Enhancing Mixed Sample Data
 * Augmentation"): the example keeps the top λ of the pixels of a random
 * low-frequency image and shows its partner elsewhere, so the two parts are
 * a few blobs of any shape rather than a box. The image is complex Gaussian
 * noise in Fourier space, its amplitude falling as 1/f^δ, brought back to
 * pixels; λ ~ Beta(α, α). The paper's CIFAR setting: α = 1, δ = 3. One mask
 * per batch; λ is the share of pixels kept, ⌊λ N⌋ / N.
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { numberField } from '../../core/settings/fields';
import type { Rng } from '../../core/rng';
import { defineAugmentation } from '../contracts/augmentation';
import { inputMixing, mixingLabel, mixingParams, pasteWhere } from './mixing';

const ALPHA = 1;
const DECAY = 3;

/** numpy's fftfreq: the frequency of each of `n` DFT bins, in cycles per sample. */
function frequencies(n: number): number[] {
  return Array.from({ length: n }, (_, k) => (k < Math.ceil(n / 2) ? k : k - n) / n);
}

/** cos and sin of 2π j k / n for j, k < n (at [j n + k]), kept per n: every mixed batch of a run needs the same ones. */
const twiddleTables = new Map<number, { cos: Float64Array; sin: Float64Array }>();
function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let table = twiddleTables.get(n);
  if (!table) {
    table = { cos: new Float64Array(n * n), sin: new Float64Array(n * n) };
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) {
        const angle = (2 * Math.PI * j * k) / n;
        table.cos[j * n + k] = Math.cos(angle);
        table.sin[j * n + k] = Math.sin(angle);
      }
    }
    twiddleTables.set(n, table);
  }
  return table;
}

/**
 * The real part of a 2-D inverse DFT of `spectrum` (height x width complex
 * values as separate re/im arrays), one axis at a time: height x width x
 * (height + width) terms, cheap at the lab's image sizes (32 x 32 and below),
 * and on the host, as tfjs's wasm backend has no FFT.
 */
function inverseDftReal(re: Float64Array, im: Float64Array, height: number, width: number): Float64Array {
  // Along rows: T[u, x] = Σ_v S[u, v] e^{2πi v x / width}.
  const rowRe = new Float64Array(height * width);
  const rowIm = new Float64Array(height * width);
  const across = twiddles(width);
  for (let u = 0; u < height; u++) {
    for (let x = 0; x < width; x++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < width; k++) {
        const [c, s] = [across.cos[k * width + x], across.sin[k * width + x]];
        sr += re[u * width + k] * c - im[u * width + k] * s;
        si += re[u * width + k] * s + im[u * width + k] * c;
      }
      rowRe[u * width + x] = sr;
      rowIm[u * width + x] = si;
    }
  }
  // Along columns, keeping the real part: m[y, x] = Re Σ_u T[u, x] e^{2πi u y / height}.
  const out = new Float64Array(height * width);
  const down = twiddles(height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let u = 0; u < height; u++) {
        sum += rowRe[u * width + x] * down.cos[u * height + y] - rowIm[u * width + x] * down.sin[u * height + y];
      }
      out[y * width + x] = sum;
    }
  }
  return out;
}

/** A random image whose spectrum falls as 1/f^decay (frequencies below one cycle per image count as one). */
function lowFrequencyImage(rng: Rng, height: number, width: number, decay: number): Float64Array {
  const [fy, fx] = [frequencies(height), frequencies(width)];
  const lowest = 1 / Math.max(height, width);
  const re = new Float64Array(height * width);
  const im = new Float64Array(height * width);
  for (let u = 0; u < height; u++) {
    for (let k = 0; k < width; k++) {
      const scale = 1 / Math.max(Math.hypot(fy[u], fx[k]), lowest) ** decay;
      re[u * width + k] = scale * rng.normal();
      im[u * width + k] = scale * rng.normal();
    }
  }
  return inverseDftReal(re, im, height, width);
}

/** The partner's pixels: all but the ⌊λ N⌋ brightest of a low-frequency image. */
function fourierMask(rng: Rng, height: number, width: number, decay: number, lambda: number): Float32Array {
  const image = lowFrequencyImage(rng, height, width, decay);
  const brightestFirst = Array.from(image.keys()).sort((a, b) => image[b] - image[a]);
  const mask = new Float32Array(height * width).fill(1);
  for (const i of brightestFirst.slice(0, Math.floor(lambda * mask.length))) mask[i] = 0;
  return mask;
}

export const fmix = defineAugmentation({
  id: 'fmix',
  description:
    'Each image keeps λ of its pixels, a few low-frequency blobs drawn from Fourier space, and shows a partner elsewhere.',
  inputs: ['image'],
  params: {
    ...mixingParams(ALPHA),
    decay: v.optional(
      v.pipe(
        numberField(0, 10, true),
        v.title('Decay power δ'),
        v.description('The mask’s spectrum falls as 1/f^δ: a larger δ gives fewer, smoother blobs.'),
      ),
      DECAY,
    ),
  },
  label: (settings) =>
    mixingLabel('fmix', settings, { alpha: ALPHA, note: settings.decay === DECAY ? '' : ` δ=${settings.decay}` }),
  create: (settings) =>
    inputMixing(settings, (x, partner, draw, rng) => {
      const [, height, width] = x.shape;
      const images = x as tf.Tensor4D;
      const mask = fourierMask(rng, height, width, settings.decay, draw.lambda);
      return pasteWhere(images, tf.gather(images, partner), mask);
    }),
});
