/**
 * wordMixup (Guo et al. 2019, "Augmenting Data with Mixup for Sentence
 * Classification"): two sentences' zero-padded word-embedding sequences are
 * blended position by position and the model reads the blend (the text
 * model's "embeddings" point). α = 1 is the paper's setting.
 */
import { defineAugmentation } from '../contracts/augmentation';
import { hiddenMixing } from './hidden-mixing';
import { mixingLabel, mixingParams } from './mixing';

const ALPHA = 1;

export const wordMixup = defineAugmentation({
  id: 'word-mixup',
  description: "Blends two sentences' word embeddings position by position, and their labels, by λ ~ Beta(α, α).",
  inputs: ['tokens'],
  params: mixingParams(ALPHA),
  label: (settings) => mixingLabel('word-mixup', settings, { alpha: ALPHA }),
  create: (settings) => hiddenMixing('word-mixup', settings, (points) => points.filter((p) => p === 'embeddings')),
});
