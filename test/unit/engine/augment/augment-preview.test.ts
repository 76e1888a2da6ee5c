/** The mixing preview: a seeded, class-balanced batch as an augmentation's own `mix` leaves it, as plain data. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import type { AugmentationEntry } from '../../../../src/engine/contracts/augmentation';
import { drawMix, partnerTensor } from '../../../../src/engine/augment/mixing';
import { mixPreview } from '../../../../src/engine/augment/preview';
import { mixup } from '../../../../src/engine/augment/mixup';
import type { Dataset } from '../../../../src/core/data/dataset';
import { mlp } from '../../../../src/engine/models/mlp';
import { Rng } from '../../../../src/core/rng';
import { lambdaText, weightsText } from '../../../../src/ui/settings/mix-weights';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', only: true });
});

/** Three classes of 4x4 grey images, 6 each: class c is a flat image of brightness 60 + 80c, plus noise. */
function tinyImages(): Dataset {
  const rng = new Rng(3);
  const count = 18;
  const size = 16;
  const x = new Uint8Array(count * size);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    y[i] = i % 3;
    for (let j = 0; j < size; j++) x[i * size + j] = 60 + 80 * y[i] + rng.int(10);
  }
  const split = { x, y, count };
  return {
    id: 'tiny',
    name: 'tiny',
    classes: ['dark', 'grey', 'light'],
    input: { kind: 'image', height: 4, width: 4, channels: 1 },
    train: split,
    test: split,
  };
}

const dataset = tinyImages();
const model = { entry: mlp, spec: { name: 'mlp', width: 8, depth: 2 } };
const mixupSpec = { entry: mixup, spec: { name: 'mixup', alpha: 1, prob: 1, decoupled: false, decoupledWeight: 0.1 } };

/** A blend inside the model at its last mix point, drawn as mixup draws. */
const lastPointBlend: AugmentationEntry = {
  id: 'last-point',
  description: 'test blend',
  inputs: ['image'],
  params: {},
  label: () => 'last-point',
  create: (params) => ({
    mix({ x }, rng, network) {
      const draw = drawMix({ ...params, alpha: 1, prob: 1 }, rng, x.shape[0]);
      const partner = partnerTensor(draw);
      return {
        x,
        partner,
        lambda: draw.lambda,
        hidden: { at: network.mixPoints!.at(-1)!, lambda: draw.lambda, partner },
      };
    },
  }),
};

describe('the mixing preview', () => {
  test('draws a class-balanced batch, mixes its images and weighs each row by the two classes, summing to 1', async () => {
    const before = tf.memory().numTensors;
    const preview = await mixPreview(dataset, model, mixupSpec, 0, 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(preview.kind).toBe('image');
    expect(preview.at).toBeUndefined();
    expect(preview.lambda).toBeGreaterThan(0);
    expect(preview.lambda).toBeLessThan(1);
    expect(preview.examples).toHaveLength(6);
    // Two of each class.
    expect(preview.examples.map((e) => dataset.train.y[e.source]).sort()).toEqual([0, 0, 1, 1, 2, 2]);
    for (const example of preview.examples) {
      expect(example.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const own = dataset.train.y[example.source];
      const other = dataset.train.y[example.partner];
      expect(example.labels).toEqual([own, other]);
      if (own !== other) {
        expect(example.weights[own]).toBeCloseTo(preview.lambda, 5);
        expect(example.weights[other]).toBeCloseTo(1 - preview.lambda, 5);
      }
      // The mixed image is the blend of the two sources' pixels.
      const mixed = example.mixed as { pixels: Uint8Array };
      const [a, b] = example.sources as { pixels: Uint8Array }[];
      expect(mixed.pixels[0]).toBeCloseTo(preview.lambda * a.pixels[0] + (1 - preview.lambda) * b.pixels[0], -0.5);
    }
  });

  test('the same seed gives the same batch, draw and pixels; another seed another draw', async () => {
    const first = await mixPreview(dataset, model, mixupSpec, 7, 6);
    expect(await mixPreview(dataset, model, mixupSpec, 7, 6)).toEqual(first);
    const other = await mixPreview(dataset, model, mixupSpec, 8, 6);
    expect(other.lambda).not.toBe(first.lambda);
  });

  test('a blend inside the model reports its point and leaves the images whole', async () => {
    const preview = await mixPreview(dataset, model, { entry: lastPointBlend, spec: { name: 'last-point' } }, 1, 6);
    expect(preview.at).toBe('hidden 2');
    for (const example of preview.examples) {
      expect(example.mixed).toBeUndefined();
      expect(example.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });
});

describe('how the page words a mix', () => {
  test("weights with the example's own class first, then its partner's; those that round to 0 left out; λ to two places", () => {
    // Mixup's λ = 0.14 is the example's own share: it comes first even where it is the smaller (it read "0.86 9 · 0.14 0").
    const digits = Array.from({ length: 10 }, (_, c) => String(c));
    const mixup = [0.14, 0, 0, 0, 0, 0, 0, 0, 0, 0.86];
    expect(weightsText(mixup, digits, [0, 9])).toBe('0.14 0 · 0.86 9');
    // CutMix, the same order, here with the larger share its own.
    expect(weightsText([0.38, 0, 0.62], ['T-shirt', 'Trouser', 'Sneaker'], [2, 0])).toBe('0.62 Sneaker · 0.38 T-shirt');
    expect(weightsText([0.38, 0, 0.62], ['T-shirt', 'Trouser', 'Sneaker'], [0, 2])).toBe('0.38 T-shirt · 0.62 Sneaker');
    expect(weightsText([0.001, 0.999], ['a', 'b'], [0, 1])).toBe('1.00 b');
    // Its own partner (or a partner of its class): one weight.
    expect(weightsText([0, 1], ['a', 'b'], [1, 1])).toBe('1.00 b');
    expect(lambdaText(0.6234)).toBe('λ = 0.62');
  });
});
