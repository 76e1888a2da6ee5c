/** What a config may name: the registries, and the datasets open in the program (bundled, uploaded, dataset files). */
import type { Known } from '../core/settings/config';
import { AUGMENTATIONS } from './augment/registry';
import type { OpenDatasets } from './data/open-datasets';
import { METHODS } from './methods/registry';
import { MODELS } from './models/registry';

export function knownWith(datasets: OpenDatasets): Known {
  return { datasets: datasets.entries(), models: MODELS, methods: METHODS, augmentations: AUGMENTATIONS };
}
