/**
 * The settings form: what the controls hold (text, as typed) and how that
 * becomes a config for the worker to validate. Numbers stay text until
 * validation so that a half-typed or empty value is reported by the schema
 * instead of being silently dropped. Which control a problem belongs to is
 * form-problems.ts's; which choices a dataset allows, form-choices.ts's.
 */
import type { BackendName } from '../../core/backend-name';
import type { Catalog } from '../../core/settings/catalog';
import type { BudgetSpec } from '../../core/settings/budget-schema';
import type { LabConfig, ModelSpec } from '../../core/settings/config';
import { budgetsOf } from '../../core/settings/sweep';
import type { ParamInfo } from '../../core/settings/describe';
import { plainNumber } from '../common/format';
import { numberFrom } from '../common/number-text';
import { TRAIN_FIELDS } from './setting-fields';

export type CatalogMethod = Catalog['methods'][number];
export type CatalogAugmentation = Catalog['augmentations'][number];
export type ParamValue = boolean | string;
/** Param values by key: booleans as is, numbers and choices as text. */
export type ParamValues = Record<string, ParamValue>;

export interface MethodChoice {
  enabled: boolean;
  params: ParamValues;
  /** The row without augmentation ("none" in the form). */
  plain: boolean;
  /** Augmentation ids: each adds a row of its own, "random 10% + mixup". */
  augments: string[];
  /** A distillation method's other models its set also trains on (its rows' `evaluateOn`), as the config names them. */
  evaluateOn: ModelSpec[];
}

export type BudgetMode = 'fraction' | 'ipc';

export interface FormState {
  dataset: string;
  model: string;
  budgetMode: BudgetMode;
  /** A percentage in 'fraction' mode, a count of examples per class in 'ipc' mode; several, separated by commas, make a sweep. */
  budgetValue: string;
  methods: Record<string, MethodChoice>;
  /** Each augmentation's settings, shared by every row that uses it. */
  augmentations: Record<string, ParamValues>;
  /** The training settings the form shows (setting-fields.ts's TRAIN_FIELDS), by key. */
  train: ParamValues;
  seeds: string;
  /** '' lets the engine pick the fastest backend that works. */
  backend: '' | BackendName;
  /** Percent; '' means the engine's default target. */
  targetAcc: string;
  /** Distilled runs' matched controls (the config's `fairEvaluation`). */
  fairEvaluation: boolean;
  /** ZCA-whitened images (the config's `data.zca`); only image datasets take it. */
  zca: boolean;
}

/** A setting's value as its control holds it; an unset one (no value, no default) is a blank box. */
export function paramText(value: unknown): ParamValue {
  if (value === undefined) return '';
  return typeof value === 'boolean' ? value : String(value);
}

/** A row's values for `params`, or their defaults (no row). */
function paramValues(params: readonly ParamInfo[], spec: Record<string, unknown> | undefined): ParamValues {
  return Object.fromEntries(params.map((param) => [param.key, paramText(spec?.[param.key] ?? param.default)]));
}

/** A blank box of a setting that may be left unset: not in the config at all. */
function leftUnset(param: ParamInfo, value: ParamValue | undefined): boolean {
  return param.unset === true && (value === undefined || (typeof value === 'string' && value.trim() === ''));
}

/** Settings as a config holds them: numbers read from their text, the rest as they are, those left unset out. */
function settingsOf(params: readonly ParamInfo[], values: ParamValues): Record<string, unknown> {
  return Object.fromEntries(
    params
      .filter((param) => !leftUnset(param, values[param.key]))
      .map((param) => {
        const value = values[param.key];
        return [param.key, param.kind === 'number' && typeof value === 'string' ? numberFrom(value) : value];
      }),
  );
}

/**
 * The form of a config. The form holds one set of settings per method and
 * per augmentation: where a config gives two, the first row's win.
 */
export function formFromConfig(config: LabConfig, catalog: Catalog): FormState {
  const methods: Record<string, MethodChoice> = {};
  for (const method of catalog.methods) {
    const rows = config.methods.filter((m) => m.name === method.id);
    const augments = catalog.augmentations
      .filter((a) => rows.some((row) => row.augment?.name === a.id))
      .map((a) => a.id);
    methods[method.id] = {
      enabled: rows.length > 0,
      params: paramValues(method.params, rows[0]),
      plain: rows.length === 0 || rows.some((row) => !row.augment),
      augments,
      evaluateOn: rows[0]?.evaluateOn ?? [],
    };
  }
  const augmentations: Record<string, ParamValues> = {};
  for (const augmentation of catalog.augmentations) {
    const spec = config.methods.find((m) => m.augment?.name === augmentation.id)?.augment;
    augmentations[augmentation.id] = paramValues(augmentation.params, spec);
  }
  const budgets = budgetsOf(config);
  const byIpc = budgets[0]?.ipc !== undefined;
  return {
    dataset: config.dataset,
    model: config.model.name,
    budgetMode: byIpc ? 'ipc' : 'fraction',
    budgetValue: budgets
      .map((budget) => (byIpc ? String(budget.ipc) : plainNumber((budget.fraction ?? 0) * 100)))
      .join(', '),
    methods,
    augmentations,
    train: paramValues(TRAIN_FIELDS, config.train),
    seeds: config.seeds.join(', '),
    backend: config.backend ?? '',
    targetAcc: config.targetAcc === undefined ? '' : plainNumber(config.targetAcc * 100),
    fairEvaluation: config.fairEvaluation,
    zca: config.data.zca ?? false,
  };
}

/** The kind of data a dataset of the catalog holds; undefined for one it does not list. */
export function datasetKind(catalog: Pick<Catalog, 'datasets'>, id: string) {
  return catalog.datasets.find((d) => d.id === id)?.kind;
}

/** The entries of a list box (seeds, budgets), as typed: "0, 1 2" -> ["0", "1", "2"]. */
export function listEntries(text: string): string[] {
  return text.split(/[\s,]+/).filter((token) => token !== '');
}

function seedsFrom(text: string): (number | undefined)[] {
  return listEntries(text).map(numberFrom);
}

/** The budget box as config budgets, in the box's unit (a percentage, or examples per class); one, or a sweep's several. */
export function budgetsFrom(form: Pick<FormState, 'budgetMode' | 'budgetValue'>): BudgetSpec[] {
  const numbers = listEntries(form.budgetValue).map(numberFrom);
  const values = numbers.length > 0 ? numbers : [undefined];
  return values.map((value) =>
    form.budgetMode === 'fraction' ? { fraction: value === undefined ? undefined : value / 100 } : { ipc: value },
  );
}

/** A method's or an augmentation's entry in a config: its name and its settings. */
function specOf(entry: { id: string; params: readonly ParamInfo[] }, values: ParamValues): Record<string, unknown> {
  return { name: entry.id, ...settingsOf(entry.params, values) };
}

/** A row of the comparison: a method, and the augmentation it trains with, if any. */
export interface FormRow {
  method: string;
  augment?: string;
}

/** The rows the form asks for: each ticked method's plain row, then one per augmentation ticked for it. */
export function formRows(form: FormState, catalog: Catalog): FormRow[] {
  return catalog.methods.flatMap((method) => {
    const choice = form.methods[method.id];
    if (!choice?.enabled) return [];
    const augments = catalog.augmentations.filter((a) => choice.augments.includes(a.id));
    return [
      ...(choice.plain ? [{ method: method.id }] : []),
      ...augments.map((a) => ({ method: method.id, augment: a.id })),
    ];
  });
}

/** The augmentations some ticked method uses, in the catalog's order. */
export function augmentationsInUse(
  form: FormState,
  augmentations: readonly CatalogAugmentation[],
): CatalogAugmentation[] {
  const used = Object.values(form.methods).flatMap((choice) => (choice.enabled ? choice.augments : []));
  return augmentations.filter((a) => used.includes(a.id));
}

function augmentSpec(form: FormState, augmentation: CatalogAugmentation): Record<string, unknown> {
  return specOf(augmentation, form.augmentations[augmentation.id] ?? {});
}

/**
 * A distillation method's other models, those that can read the form's
 * dataset (none for text: a text set lives in its model's embedding space).
 */
function evaluateOnFor(form: FormState, catalog: Catalog, method: CatalogMethod): ModelSpec[] {
  const kind = catalog.datasets.find((d) => d.id === form.dataset)?.kind;
  if (method.family !== 'distillation' || kind === undefined || kind === 'tokens') return [];
  const fits = (name: string) => catalog.models.some((m) => m.id === name && m.inputs.includes(kind));
  return (form.methods[method.id]?.evaluateOn ?? []).filter((spec) => fits(spec.name));
}

/** A model's own params only carry over while it stays the same model. */
function modelSpec(form: FormState, base: LabConfig): Record<string, unknown> {
  return form.model === base.model.name ? base.model : { name: form.model };
}

export interface FormConfig {
  /** Unvalidated: the worker's validate() is the judge. */
  input: unknown;
  /** The row of each entry of `methods`, to place problems like "methods[1].replacement" or "methods[2].augment.alpha". */
  rows: FormRow[];
}

/**
 * Builds the config from the form. Settings the form does not show (the
 * untitled training settings, a model's width, evaluation points, repeats)
 * come from `base`.
 */
export function configFromForm(form: FormState, base: LabConfig, catalog: Catalog): FormConfig {
  const rows = formRows(form, catalog);
  const budgets = budgetsFrom(form);
  const targetAcc = numberFrom(form.targetAcc);
  // The form says what backend and target are, empty included.
  const { backend: _backend, targetAcc: _targetAcc, budget: _budget, budgets: _budgets, ...unshown } = base;
  const input: Record<string, unknown> = {
    ...unshown,
    model: modelSpec(form, base),
    dataset: form.dataset,
    ...(budgets.length === 1 ? { budget: budgets[0] } : { budgets }),
    train: { ...base.train, ...settingsOf(TRAIN_FIELDS, form.train) },
    methods: rows.map((row) => {
      const method = catalog.methods.find((m) => m.id === row.method)!;
      const spec = specOf(method, form.methods[method.id].params);
      const others = evaluateOnFor(form, catalog, method);
      if (others.length > 0) spec.evaluateOn = others;
      const augmentation = catalog.augmentations.find((a) => a.id === row.augment);
      return augmentation ? { ...spec, augment: augmentSpec(form, augmentation) } : spec;
    }),
    seeds: seedsFrom(form.seeds),
    fairEvaluation: form.fairEvaluation,
    data: { ...base.data, zca: form.zca && datasetKind(catalog, form.dataset) === 'image' ? true : undefined },
  };
  if (form.backend !== '') input.backend = form.backend;
  if (targetAcc !== undefined) input.targetAcc = targetAcc / 100;
  return { input, rows };
}

/**
 * What the mixing preview asks the worker for: `augmentation` as the form
 * sets it, on the form's dataset and model (unvalidated: the worker checks it).
 */
export function mixPreviewRequest(
  form: FormState,
  base: LabConfig,
  augmentation: CatalogAugmentation,
  seed: number,
): unknown {
  return {
    dataset: form.dataset,
    data: base.data,
    model: modelSpec(form, base),
    augment: augmentSpec(form, augmentation),
    seed,
  };
}
