/**
 * dsa as an augmentation of a run's training: DSA's transforms, one family
 * per batch, labels untouched; and each family of the transform alone.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { dsa } from '../../../../src/engine/augment/dsa';
import { getCatalog } from '../../../../src/engine/catalog';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { drawSiameseTransform } from '../../../../src/engine/methods/distill/siamese-augment';
import type { Model } from '../../../../src/engine/models/model';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { oneHotTargets } from '../../../../src/engine/train/loss';
import { mixTargets } from '../../../../src/engine/train/mixed-loss';
import { Rng } from '../../../../src/core/rng';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', only: true });
});

const values = (t: tf.Tensor) => Array.from(t.dataSync());
const noModel = undefined as unknown as Model;

describe('dsa while training on a set', () => {
  test('keeps every label whole and transforms the images, differently from batch to batch', () => {
    const augmentation = dsa.create(
      { name: 'dsa' },
      { input: { kind: 'image', height: 8, width: 8, channels: 1 }, classCount: 3 },
    );
    tf.tidy(() => {
      const batch = {
        x: tf.randomUniform([6, 8, 8, 1], 0, 1, 'float32', 1),
        targets: oneHotTargets(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3),
      };
      const outputs = new Set<string>();
      for (let seed = 0; seed < 8; seed++) {
        const mixed = augmentation.mix(batch, new Rng(seed), noModel);
        expect(mixed.lambda).toBe(1);
        expect(values(mixed.partner)).toEqual([0, 1, 2, 3, 4, 5]);
        expect(values(mixTargets(batch.targets, mixed))).toEqual(values(batch.targets));
        expect(mixed.x.shape).toEqual(batch.x.shape);
        outputs.add(values(mixed.x).join());
      }
      expect(outputs.size).toBeGreaterThan(4);
      expect(outputs.has(values(batch.x).join())).toBe(false);
    });
    expect(dsa.label({ name: 'dsa' })).toBe('dsa');
    // The page's catalog says it mixes nothing; the mixing family says it does.
    const listed = getCatalog(new OpenDatasets()).augmentations;
    expect(listed.find((a) => a.id === 'dsa')?.mixes).toBe(false);
    expect(listed.find((a) => a.id === 'mixup')?.mixes).toBe(true);
  });
});

describe('one family of the transform alone', () => {
  const image = () => tf.randomUniform([2, 10, 10, 1], 0.2, 1, 'float32', 3) as tf.Tensor4D;

  test('cutout only zeroes a square and leaves every other pixel as it was', () => {
    tf.tidy(() => {
      const x = image();
      const out = values(drawSiameseTransform(new Rng(4), [10, 10, 1], 'cutout')(x));
      const zeroed = out.filter((v) => v === 0).length;
      expect(zeroed).toBeGreaterThan(0);
      values(x).forEach((v, i) => expect(out[i] === 0 || out[i] === v).toBe(true));
    });
  });

  test('crop only moves the image: a constant image becomes itself and a border of zeros', () => {
    tf.tidy(() => {
      for (let seed = 0; seed < 6; seed++) {
        const out = values(drawSiameseTransform(new Rng(seed), [10, 10, 1], 'crop')(tf.ones([1, 10, 10, 1])));
        expect(out.every((v) => v === 0 || v === 1)).toBe(true);
      }
    });
  });

  test('colour only maps the pixels of each grey image through one straight line', () => {
    tf.tidy(() => {
      const x = image();
      const out = values(drawSiameseTransform(new Rng(5), [10, 10, 1], 'colour')(x));
      const input = values(x);
      for (const image of [0, 1]) {
        const [a, b] = [input.slice(image * 100, image * 100 + 100), out.slice(image * 100, image * 100 + 100)];
        const slope = (b[1] - b[0]) / (a[1] - a[0]);
        a.forEach((v, i) => expect(b[i]).toBeCloseTo(b[0] + slope * (v - a[0]), 4));
      }
    });
  });

  test('scale only resizes about the centre and keeps the size', () => {
    tf.tidy(() => {
      const x = image();
      const shapes = new Set<string>();
      for (let seed = 0; seed < 6; seed++) {
        const out = drawSiameseTransform(new Rng(seed), [10, 10, 1], 'scale')(x);
        shapes.add(out.shape.join());
      }
      expect([...shapes]).toEqual(['2,10,10,1']);
    });
  });
});
