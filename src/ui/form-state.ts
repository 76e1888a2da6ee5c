/**
 * The settings form: what the controls hold (text, as typed), how that becomes
 * a config for the worker to validate, and which control each validation
 * problem belongs to. Numbers stay text until validation so that a half-typed
 * or empty value is reported by the schema instead of being silently dropped.
 */
import type { LabConfig } from '../engine/config';
import type { BackendName } from '../engine/experiment/types';
import type { Catalog } from './lab-client';
import { plainNumber } from './format';

export type CatalogMethod = Catalog['methods'][number];
export type CatalogParam = CatalogMethod['params'][number];
export type ParamValue = boolean | string;

export interface MethodChoice {
  enabled: boolean;
  /** Param values by key: booleans as is, numbers and choices as text. */
  params: Record<string, ParamValue>;
}

export type BudgetMode = 'fraction' | 'ipc';

export interface FormState {
  dataset: string;
  model: string;
  budgetMode: BudgetMode;
  /** A percentage in 'fraction' mode, a count of examples per class in 'ipc' mode. */
  budgetValue: string;
  methods: Record<string, MethodChoice>;
  epochs: string;
  batchSize: string;
  lr: string;
  optimizer: string;
  seeds: string;
  /** '' lets the engine pick the fastest backend that works. */
  backend: '' | BackendName;
  /** Percent; '' means the engine's default target. */
  targetAcc: string;
}

export type ControlKey =
  | 'dataset'
  | 'model'
  | 'budget'
  | 'methods'
  | 'epochs'
  | 'batchSize'
  | 'lr'
  | 'optimizer'
  | 'seeds'
  | 'backend'
  | 'targetAcc'
  | `method:${string}`;

export const CONTROL_LABELS: Record<Exclude<ControlKey, `method:${string}`>, string> = {
  dataset: 'Dataset',
  model: 'Model',
  budget: 'Budget',
  methods: 'Methods',
  epochs: 'Epochs',
  batchSize: 'Batch size',
  lr: 'Learning rate',
  optimizer: 'Optimizer',
  seeds: 'Seeds',
  backend: 'Backend',
  targetAcc: 'Target accuracy',
};

export function controlLabel(key: ControlKey): string {
  return key.startsWith('method:') ? `Method ${key.slice('method:'.length)}` : CONTROL_LABELS[key as keyof typeof CONTROL_LABELS];
}

function paramText(value: unknown): ParamValue {
  return typeof value === 'boolean' ? value : String(value);
}

export function formFromConfig(config: LabConfig, catalog: Catalog): FormState {
  const methods: Record<string, MethodChoice> = {};
  for (const method of catalog.methods) {
    const spec = config.methods.find((m) => m.name === method.id);
    const params: Record<string, ParamValue> = {};
    for (const param of method.params) params[param.key] = paramText(spec?.[param.key] ?? param.default);
    methods[method.id] = { enabled: spec !== undefined, params };
  }
  const byIpc = config.budget.ipc !== undefined;
  return {
    dataset: config.dataset,
    model: config.model.name,
    budgetMode: byIpc ? 'ipc' : 'fraction',
    budgetValue: byIpc ? String(config.budget.ipc) : plainNumber((config.budget.fraction ?? 0) * 100),
    methods,
    epochs: String(config.train.epochs),
    batchSize: String(config.train.batchSize),
    lr: String(config.train.lr),
    optimizer: config.train.optimizer,
    seeds: config.seeds.join(', '),
    backend: config.backend ?? '',
    targetAcc: config.targetAcc === undefined ? '' : plainNumber(config.targetAcc * 100),
  };
}

/** Empty text is "missing" (undefined); anything else is a number or NaN, which the schema rejects. */
function numberFrom(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

function seedsFrom(text: string): (number | undefined)[] {
  return text
    .split(/[\s,]+/)
    .filter((token) => token !== '')
    .map(numberFrom);
}

function methodSpec(method: CatalogMethod, choice: MethodChoice): Record<string, unknown> {
  const spec: Record<string, unknown> = { name: method.id };
  for (const param of method.params) {
    const value = choice.params[param.key];
    spec[param.key] = param.kind === 'number' && typeof value === 'string' ? numberFrom(value) : value;
  }
  return spec;
}

export interface FormConfig {
  /** Unvalidated: the worker's validate() is the judge. */
  input: unknown;
  /** Method id of each entry of `methods`, to place problems like "methods[1].replacement". */
  methodIds: string[];
}

/**
 * Builds the config from the form. Settings the form does not show
 * (momentum, weight decay, evaluation points, ...) come from `base`.
 */
export function configFromForm(form: FormState, base: LabConfig, catalog: Catalog): FormConfig {
  const chosen = catalog.methods.filter((m) => form.methods[m.id]?.enabled);
  const budgetNumber = numberFrom(form.budgetValue);
  const targetAcc = numberFrom(form.targetAcc);
  const input: Record<string, unknown> = {
    version: base.version,
    dataset: form.dataset,
    // A model's own params only carry over while it stays the same model.
    model: form.model === base.model.name ? base.model : { name: form.model },
    budget:
      form.budgetMode === 'fraction'
        ? { fraction: budgetNumber === undefined ? undefined : budgetNumber / 100 }
        : { ipc: budgetNumber },
    train: {
      ...base.train,
      epochs: numberFrom(form.epochs),
      batchSize: numberFrom(form.batchSize),
      lr: numberFrom(form.lr),
      optimizer: form.optimizer,
    },
    data: base.data,
    methods: chosen.map((m) => methodSpec(m, form.methods[m.id])),
    seeds: seedsFrom(form.seeds),
  };
  if (form.backend !== '') input.backend = form.backend;
  if (targetAcc !== undefined) input.targetAcc = targetAcc / 100;
  return { input, methodIds: chosen.map((m) => m.id) };
}

const TRAIN_CONTROLS: Record<string, ControlKey> = {
  epochs: 'epochs',
  batchSize: 'batchSize',
  lr: 'lr',
  optimizer: 'optimizer',
};

/** The control a problem path such as "train.lr" or "methods[1].replacement" belongs to; null if none shows it. */
export function controlForPath(path: string, methodIds: readonly string[]): ControlKey | null {
  const head = /^[A-Za-z]+/.exec(path)?.[0] ?? '';
  switch (head) {
    case 'dataset':
    case 'model':
    case 'budget':
    case 'seeds':
    case 'backend':
    case 'targetAcc':
      return head;
    case 'train':
      return TRAIN_CONTROLS[path.slice('train.'.length).split(/[.[]/)[0]] ?? null;
    case 'methods': {
      const index = /^methods\[(\d+)\]/.exec(path)?.[1];
      const id = index === undefined ? undefined : methodIds[Number(index)];
      return id === undefined ? 'methods' : `method:${id}`;
    }
    default:
      return null;
  }
}

/**
 * The schema speaks in config units; the form shows percentages. Say the
 * limits in the units the user typed.
 */
export function messageForControl(key: ControlKey, path: string, message: string): string {
  if (path === 'budget.fraction' || key === 'targetAcc') return 'must be a percentage above 0 and at most 100';
  // An empty box reaches the schema as a missing value.
  const text = message.startsWith('is missing') ? 'must not be empty' : message;
  const seed = /^seeds\[(\d+)\]$/.exec(path)?.[1];
  return seed === undefined ? text : `entry ${Number(seed) + 1} ${text}`;
}

export interface MethodGroup {
  family: CatalogMethod['family'];
  methods: CatalogMethod[];
}

/** The methods by family, each family where the catalog first lists one of its methods. */
export function methodsByFamily(methods: readonly CatalogMethod[]): MethodGroup[] {
  const groups: MethodGroup[] = [];
  for (const method of methods) {
    const group = groups.find((g) => g.family === method.family);
    if (group) group.methods.push(method);
    else groups.push({ family: method.family, methods: [method] });
  }
  return groups;
}

/** Models that can read the dataset's kind of input. */
export function modelsFor(catalog: Catalog, datasetId: string): Catalog['models'] {
  const kind = catalog.datasets.find((d) => d.id === datasetId)?.kind;
  return catalog.models.filter((m) => kind !== undefined && (m.inputs as readonly string[]).includes(kind));
}
