import { gradientMatchingMethod } from './dc';

/**
 * Gradient matching with differentiable Siamese augmentation (Zhao & Bilen,
 * ICML 2021): the same random colour, crop, cutout, scale (and flip, for
 * colour images) on the real and the synthetic batch of every match.
 */
export const dsa = gradientMatchingMethod({
  id: 'dsa',
  description:
    'Gradient matching through differentiable Siamese augmentation: the same random crop, scale, colour and cutout on real and synthetic batches.',
  siamese: true,
  inputs: ['image'],
});
