/**
 * What the lab offers, as the page lists it (core/settings/catalog.ts): the
 * registries, their settings described off their schemas, and the datasets
 * open in the program.
 */
import { type Catalog, catalogDataset } from '../core/settings/catalog';
import { describeParams } from '../core/settings/describe';
import { AUGMENTATIONS } from './augment/registry';
import type { OpenDatasets } from './data/open-datasets';
import { METHODS } from './methods/registry';
import { MODELS } from './models/registry';
import { BACKEND_ORDER } from './runtime/backend';

export function getCatalog(datasets: OpenDatasets): Catalog {
  return {
    datasets: datasets.entries().map(catalogDataset),
    models: MODELS.map(({ id, name, description, inputs, params }) => ({
      id,
      name,
      description,
      inputs,
      params: describeParams(params),
    })),
    methods: METHODS.map(({ id, family, description, params }) => ({
      id,
      family,
      description,
      params: describeParams(params),
    })),
    augmentations: AUGMENTATIONS.map(({ id, description, inputs, params, mixes }) => ({
      id,
      description,
      inputs,
      mixes: mixes !== false,
      params: describeParams(params),
    })),
    backends: [...BACKEND_ORDER],
  };
}
