/**
 * What the lab offers, as plain data for the page (which never imports the
 * engine itself). Method and model settings are read off their schemas, so
 * the form follows the registries without a second list.
 */
import type * as v from 'valibot';
import { datasetEntries } from './data/registry';
import { MODELS } from './models/registry';
import { METHODS } from './methods/registry';
import { AUGMENTATIONS } from './augment/registry';
import type { MethodFamily } from './contracts/method';
import { BACKEND_ORDER } from './runtime/backend';
import type { InputSpec } from '../core/data/dataset';
import type { BackendName } from '../core/backend-name';

export interface ParamInfo {
  key: string;
  kind: 'boolean' | 'number' | 'choice';
  label: string;
  /** One line on what the setting does, from the schema's `v.description`. */
  description?: string;
  default: unknown;
  min?: number;
  max?: number;
  integer?: boolean;
  options?: string[];
}

export interface CatalogDataset {
  id: string;
  name: string;
  description: string;
  kind: InputSpec['kind'];
  testFrom?: string;
  /** A dataset file's warning (see file-dataset.ts). */
  warning?: string;
}

/** A dataset as the page lists it. */
export function catalogDataset({ id, name, description, kind, testFrom, warning }: CatalogDataset): CatalogDataset {
  return { id, name, description, kind, ...(testFrom === undefined ? {} : { testFrom }), ...(warning === undefined ? {} : { warning }) };
}

export interface Catalog {
  /** `testFrom`: a dataset file's, the bundled dataset it is tested on. */
  datasets: CatalogDataset[];
  models: { id: string; name: string; description: string; inputs: InputSpec['kind'][]; params: ParamInfo[] }[];
  methods: { id: string; family: MethodFamily; description: string; params: ParamInfo[] }[];
  /** Mixing augmentations, a field of a method row (`augment`); `inputs` are the kinds of data each mixes. */
  augmentations: { id: string; description: string; inputs: InputSpec['kind'][]; params: ParamInfo[] }[];
  backends: BackendName[];
}

type AnySchema = v.GenericSchema & {
  wrapped?: AnySchema;
  default?: unknown;
  pipe?: PipeItem[];
  options?: string[];
};
type PipeItem = { kind?: string; type: string; requirement?: unknown; title?: string; description?: string; pipe?: PipeItem[] };

/** A pipe's actions, including those of pipes nested in it (a field builder titled and described). */
function actionsOf(pipe: PipeItem[]): PipeItem[] {
  return pipe.flatMap((item) => (item.kind === 'schema' ? actionsOf(item.pipe ?? []) : [item]));
}

function describeParam(key: string, outer: AnySchema): ParamInfo {
  const schema = outer.type === 'optional' && outer.wrapped ? outer.wrapped : outer;
  const actions = actionsOf(schema.pipe ?? []);
  const find = (type: string) => actions.find((a) => a.type === type);
  const kind = schema.type === 'boolean' ? 'boolean' : schema.type === 'picklist' ? 'choice' : 'number';
  return {
    key,
    kind,
    label: find('title')?.title ?? key,
    description: find('description')?.description,
    default: outer.default,
    min: find('min_value')?.requirement as number | undefined,
    max: find('max_value')?.requirement as number | undefined,
    integer: find('integer') !== undefined || undefined,
    options: schema.options,
  };
}

function describeParams(entries: v.ObjectEntries): ParamInfo[] {
  return Object.entries(entries).map(([key, schema]) => describeParam(key, schema as AnySchema));
}

export function getCatalog(): Catalog {
  return {
    datasets: datasetEntries().map(catalogDataset),
    models: MODELS.map(({ id, name, description, inputs, params }) => ({ id, name, description, inputs, params: describeParams(params) })),
    methods: METHODS.map(({ id, family, description, params }) => ({ id, family, description, params: describeParams(params) })),
    augmentations: AUGMENTATIONS.map(({ id, description, inputs, params }) => ({
      id,
      description,
      inputs,
      params: describeParams(params),
    })),
    backends: [...BACKEND_ORDER],
  };
}
