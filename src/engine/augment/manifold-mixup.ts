/**
 * Manifold Mixup (Verma et al., ICML 2019): mixup of hidden representations.
 * Each mixed batch blends at a layer k drawn uniformly from the paper's
 * {0, 1, 2}: the input or the output of the model's first or second hidden
 * layer (block), i.e. its first three mix points, as in the paper's
 * experiments. α = 2 is the paper's CIFAR-10 setting.
 */
import { defineAugmentation } from '../contracts/augmentation';
import { hiddenMixing } from './hidden-mixing';
import { mixingLabel, mixingParams } from './mixing';

const ALPHA = 2;
/** The input and the first two hidden points. */
const LAYERS = 3;

export const manifoldMixup = defineAugmentation({
  id: 'manifold-mixup',
  description:
    'Mixup at a random early layer: the input or one of the first two hidden layers, blended by λ ~ Beta(α, α) with the labels.',
  inputs: ['image', 'vector'],
  params: mixingParams(ALPHA),
  label: (settings) => mixingLabel('manifold-mixup', settings, { alpha: ALPHA }),
  create: (settings) => hiddenMixing('manifold-mixup', settings, (points) => points.slice(0, LAYERS)),
});
