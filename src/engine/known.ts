/** What a config may name now: the registries, and the datasets open (bundled, uploaded, dataset files). */
import type { Known } from '../core/settings/config';
import { AUGMENTATIONS } from './augment/registry';
import { datasetEntries } from './data/registry';
import { METHODS } from './methods/registry';
import { MODELS } from './models/registry';

export function knownNow(): Known {
  return { datasets: datasetEntries(), models: MODELS, methods: METHODS, augmentations: AUGMENTATIONS };
}
