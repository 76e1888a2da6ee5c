/**
 * senMixup (Guo et al. 2019, "Augmenting Data with Mixup for Sentence
 * Classification"): two sentences' encodings are blended before the
 * classifier (the text model's pooled "sentence" vector). α = 1 is the
 * paper's setting.
 */
import type { AugmentationEntry } from '../contracts/augmentation';
import { hiddenMixing } from './hidden-mixing';
import { mixingLabel, mixingParams } from './mixing';

const ALPHA = 1;

export const senMixup: AugmentationEntry = {
  id: 'sen-mixup',
  description: "Blends two sentences' pooled embeddings, and their labels, by λ ~ Beta(α, α).",
  inputs: ['tokens'],
  params: mixingParams(ALPHA),
  label: mixingLabel('sen-mixup', ALPHA),
  create: (params) => hiddenMixing('sen-mixup', params, (points) => points.filter((p) => p === 'sentence')),
};
