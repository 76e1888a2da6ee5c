/**
 * senMixup (Guo et al. 2019, "Augmenting Data with Mixup for Sentence
 * Classification"): two sentences' encodings are blended before the
 * classifier (the text model's pooled "sentence" vector). α = 1 is the
 * paper's setting.
 */
import { defineAugmentation } from '../contracts/augmentation';
import { hiddenMixing } from './hidden-mixing';
import { mixingLabel, mixingParams } from './mixing';

const ALPHA = 1;

export const senMixup = defineAugmentation({
  id: 'sen-mixup',
  description: "Blends two sentences' pooled embeddings, and their labels, by λ ~ Beta(α, α).",
  inputs: ['tokens'],
  params: mixingParams(ALPHA),
  label: (settings) => mixingLabel('sen-mixup', settings, { alpha: ALPHA }),
  create: (settings) => hiddenMixing('sen-mixup', settings, (points) => points.filter((p) => p === 'sentence')),
});
