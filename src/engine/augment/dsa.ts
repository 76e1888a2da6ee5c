/**
 * DSA's augmentation while training on a set (Zhao & Bilen, ICML 2021):
 * each batch goes through a random transform of one family, drawn per
 * batch, of those dsa distils with (colour, crop, cutout, scale, and a flip
 * for colour images; see siamese-augment.ts), as DSA's code does when it
 * trains on a set. DSA, DM and MTT evaluate their distilled sets this way,
 * and a random subset trained the same way is their fair control. It mixes
 * nothing: every example is its own partner, with all of its label.
 */
import * as tf from '@tensorflow/tfjs';
import { defineAugmentation } from '../contracts/augmentation';
import { drawSiameseTransform, SIAMESE_FAMILIES } from '../methods/distill/siamese-augment';

export const dsa = defineAugmentation({
  id: 'dsa',
  description:
    'Transforms each batch at random as DSA does (colour, crop, cutout, scale; flip on colour images), labels kept: how DSA, DM and MTT train on their sets.',
  inputs: ['image'],
  mixes: false,
  params: {},
  label: () => 'dsa',
  create: () => ({
    mix: ({ x }, rng) => {
      const [count, ...shape] = x.shape;
      const families = SIAMESE_FAMILIES.filter((family) => family !== 'flip' || shape[2] === 3);
      const transform = drawSiameseTransform(rng, shape, families[rng.int(families.length)]);
      return { x: transform(x as tf.Tensor4D), partner: tf.range(0, count, 1, 'int32') as tf.Tensor1D, lambda: 1 };
    },
  }),
});
