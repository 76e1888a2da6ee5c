/**
 * The settings form: what the controls hold (text, as typed), how that becomes
 * a config for the worker to validate, and which control each validation
 * problem belongs to. Numbers stay text until validation so that a half-typed
 * or empty value is reported by the schema instead of being silently dropped.
 */
import type { LabConfig } from '../../core/settings/config';
import type { BackendName } from '../../core/results/types';
import type { ConfigProblem } from '../../core/settings/config';
import { DEFAULT_TARGET_RULE } from '../../core/results/summary';
import type { Catalog } from '../lab-client';
import { plainNumber } from '../common/format';

export type CatalogMethod = Catalog['methods'][number];
export type CatalogAugmentation = Catalog['augmentations'][number];
export type CatalogParam = CatalogMethod['params'][number];
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
}

export type BudgetMode = 'fraction' | 'ipc';

export interface FormState {
  dataset: string;
  model: string;
  budgetMode: BudgetMode;
  /** A percentage in 'fraction' mode, a count of examples per class in 'ipc' mode. */
  budgetValue: string;
  methods: Record<string, MethodChoice>;
  /** Each augmentation's settings, shared by every row that uses it. */
  augmentations: Record<string, ParamValues>;
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
  | `method:${string}`
  /** An augmentation's setting: `augment:mixup.alpha`. */
  | `augment:${string}`;

export const CONTROL_LABELS: Record<Exclude<ControlKey, `method:${string}` | `augment:${string}`>, string> = {
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
  if (key.startsWith('method:')) return `Method ${key.slice('method:'.length)}`;
  if (key.startsWith('augment:')) return `Augmentation ${key.slice('augment:'.length).replace('.', ' ')}`;
  return CONTROL_LABELS[key as keyof typeof CONTROL_LABELS];
}

/** The control of an augmentation's setting. */
export function augmentControl(augmentId: string, paramKey: string): ControlKey {
  return `augment:${augmentId}.${paramKey}`;
}

function paramText(value: unknown): ParamValue {
  return typeof value === 'boolean' ? value : String(value);
}

/** A row's values for `params`, or their defaults (no row). */
function paramValues(params: readonly CatalogParam[], spec: Record<string, unknown> | undefined): ParamValues {
  return Object.fromEntries(params.map((param) => [param.key, paramText(spec?.[param.key] ?? param.default)]));
}

/**
 * The form of a config. The form holds one set of settings per method and
 * per augmentation: where a config gives two, the first row's win.
 */
export function formFromConfig(config: LabConfig, catalog: Catalog): FormState {
  const methods: Record<string, MethodChoice> = {};
  for (const method of catalog.methods) {
    const rows = config.methods.filter((m) => m.name === method.id);
    const augments = catalog.augmentations.filter((a) => rows.some((row) => row.augment?.name === a.id)).map((a) => a.id);
    methods[method.id] = {
      enabled: rows.length > 0,
      params: paramValues(method.params, rows[0]),
      plain: rows.length === 0 || rows.some((row) => !row.augment),
      augments,
    };
  }
  const augmentations: Record<string, ParamValues> = {};
  for (const augmentation of catalog.augmentations) {
    const spec = config.methods.find((m) => m.augment?.name === augmentation.id)?.augment;
    augmentations[augmentation.id] = paramValues(augmentation.params, spec);
  }
  const byIpc = config.budget.ipc !== undefined;
  return {
    dataset: config.dataset,
    model: config.model.name,
    budgetMode: byIpc ? 'ipc' : 'fraction',
    budgetValue: byIpc ? String(config.budget.ipc) : plainNumber((config.budget.fraction ?? 0) * 100),
    methods,
    augmentations,
    epochs: String(config.train.epochs),
    batchSize: String(config.train.batchSize),
    lr: String(config.train.lr),
    optimizer: config.train.optimizer,
    seeds: config.seeds.join(', '),
    backend: config.backend ?? '',
    targetAcc: config.targetAcc === undefined ? '' : plainNumber(config.targetAcc * 100),
  };
}

export type NumberText = { ok: true; value: number | undefined } | { ok: false; message: string };

/** Decimal or scientific notation: 200, -0.5, .5, 2.5e-3, 1E9. */
const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * What a number box holds, read as people type numbers: decimals with a point
 * and scientific notation (`1e-3`, `1e9`). Empty text is "missing"
 * (undefined). Anything else is refused with a message, never read as part
 * of itself: `1e9` is a billion or a problem, never 9.
 */
export function parseNumberText(text: string): NumberText {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  if (NUMBER_PATTERN.test(trimmed)) {
    const value = Number(trimmed);
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `"${trimmed}" is too large a number` };
  }
  if (/^[+-]?\d+,\d+$/.test(trimmed)) {
    return {
      ok: false,
      message: `"${trimmed}" is not a number: write decimals with a point (e.g. ${trimmed.replace(',', '.')}), without thousands separators`,
    };
  }
  return { ok: false, message: `"${trimmed}" is not a number (write e.g. 200, 0.05 or 1e-3)` };
}

/** The number in the text; undefined if empty; NaN if malformed (the schema then refuses it, and formProblems says why). */
function numberFrom(text: string): number | undefined {
  const parsed = parseNumberText(text);
  return parsed.ok ? parsed.value : Number.NaN;
}

function seedsFrom(text: string): (number | undefined)[] {
  return text
    .split(/[\s,]+/)
    .filter((token) => token !== '')
    .map(numberFrom);
}

/** A method's or an augmentation's entry in a config: its name and its settings, numbers read from their text. */
function specOf(entry: { id: string; params: readonly CatalogParam[] }, values: ParamValues): Record<string, unknown> {
  const spec: Record<string, unknown> = { name: entry.id };
  for (const param of entry.params) {
    const value = values[param.key];
    spec[param.key] = param.kind === 'number' && typeof value === 'string' ? numberFrom(value) : value;
  }
  return spec;
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
    return [...(choice.plain ? [{ method: method.id }] : []), ...augments.map((a) => ({ method: method.id, augment: a.id }))];
  });
}

/** The augmentations some ticked method uses, in the catalog's order. */
export function augmentationsInUse(form: FormState, augmentations: readonly CatalogAugmentation[]): CatalogAugmentation[] {
  const used = Object.values(form.methods).flatMap((choice) => (choice.enabled ? choice.augments : []));
  return augmentations.filter((a) => used.includes(a.id));
}

function augmentSpec(form: FormState, augmentation: CatalogAugmentation): Record<string, unknown> {
  return specOf(augmentation, form.augmentations[augmentation.id] ?? {});
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
 * Builds the config from the form. Settings the form does not show
 * (momentum, weight decay, evaluation points, ...) come from `base`.
 */
export function configFromForm(form: FormState, base: LabConfig, catalog: Catalog): FormConfig {
  const rows = formRows(form, catalog);
  const budgetNumber = numberFrom(form.budgetValue);
  const targetAcc = numberFrom(form.targetAcc);
  const input: Record<string, unknown> = {
    version: base.version,
    dataset: form.dataset,
    model: modelSpec(form, base),
    budget:
      form.budgetMode === 'fraction' ? { fraction: budgetNumber === undefined ? undefined : budgetNumber / 100 } : { ipc: budgetNumber },
    train: {
      ...base.train,
      epochs: numberFrom(form.epochs),
      batchSize: numberFrom(form.batchSize),
      lr: numberFrom(form.lr),
      optimizer: form.optimizer,
    },
    data: base.data,
    methods: rows.map((row) => {
      const method = catalog.methods.find((m) => m.id === row.method)!;
      const spec = specOf(method, form.methods[method.id].params);
      const augmentation = catalog.augmentations.find((a) => a.id === row.augment);
      return augmentation ? { ...spec, augment: augmentSpec(form, augmentation) } : spec;
    }),
    seeds: seedsFrom(form.seeds),
  };
  if (form.backend !== '') input.backend = form.backend;
  if (targetAcc !== undefined) input.targetAcc = targetAcc / 100;
  return { input, rows };
}

/**
 * What the mixing preview asks the worker for: `augmentation` as the form
 * sets it, on the form's dataset and model (unvalidated: the worker checks it).
 */
export function mixPreviewRequest(form: FormState, base: LabConfig, augmentation: CatalogAugmentation, seed: number): unknown {
  return { dataset: form.dataset, data: base.data, model: modelSpec(form, base), augment: augmentSpec(form, augmentation), seed };
}

const TRAIN_CONTROLS: Record<string, ControlKey> = {
  epochs: 'epochs',
  batchSize: 'batchSize',
  lr: 'lr',
  optimizer: 'optimizer',
};

/**
 * The control a problem path such as "train.lr", "methods[1].replacement" or
 * "methods[2].augment.alpha" belongs to; null if none shows it. An
 * augmentation that does not fit is its method's problem (its Augment choice).
 */
export function controlForPath(path: string, rows: readonly FormRow[]): ControlKey | null {
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
      const row = index === undefined ? undefined : rows[Number(index)];
      if (row === undefined) return 'methods';
      const setting = /^methods\[\d+\]\.augment\.(\w+)$/.exec(path)?.[1];
      return row.augment !== undefined && setting !== undefined && setting !== 'name'
        ? augmentControl(row.augment, setting)
        : `method:${row.method}`;
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
  // The schema's "exactly one of fraction or ipc": the form always sends one, so it was left empty.
  if (path === 'budget') return 'must not be empty: give a percentage of the training set or a number of examples per class';
  if (path === 'budget.ipc' && message.startsWith('must be')) return `${message} example${message.endsWith(' 1') ? '' : 's'} per class`;
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
  const kind = kindOf(catalog, datasetId);
  return catalog.models.filter((m) => kind !== undefined && (m.inputs as readonly string[]).includes(kind));
}

function kindOf(catalog: Catalog, datasetId: string) {
  return catalog.datasets.find((d) => d.id === datasetId)?.kind;
}

/** Augmentations that can mix the dataset's kind of data. */
export function augmentationsFor(catalog: Catalog, datasetId: string): CatalogAugmentation[] {
  const kind = kindOf(catalog, datasetId);
  return catalog.augmentations.filter((a) => kind !== undefined && (a.inputs as readonly string[]).includes(kind));
}

/**
 * Augmentations a dataset change left out, by method, with whether the
 * method had its plain row then: a later dataset they can mix gives them back.
 */
export type SetAside = Record<string, { augments: string[]; plain: boolean }>;

/**
 * The methods' choices once the dataset is `datasetId`: augmentations that
 * cannot mix its data are set aside (a method left with no row keeps its
 * plain one), and `dropped` names those that were ticked, for the form to
 * say so. Those set aside before come back where they fit again, and a
 * method that had lost them all gets its plain row as it was.
 */
export function fitAugmentations(
  form: FormState,
  catalog: Catalog,
  datasetId: string,
  setAside: SetAside = {},
): { methods: Record<string, MethodChoice>; dropped: string[]; setAside: SetAside } {
  const fitting = new Set(augmentationsFor(catalog, datasetId).map((a) => a.id));
  const dropped = new Set<string>();
  const methods: Record<string, MethodChoice> = {};
  const stillAside: SetAside = {};
  for (const [id, choice] of Object.entries(form.methods)) {
    const earlier = setAside[id];
    const wanted = catalog.augmentations.map((a) => a.id).filter((a) => choice.augments.includes(a) || earlier?.augments.includes(a));
    const augments = wanted.filter((a) => fitting.has(a));
    const aside = wanted.filter((a) => !fitting.has(a));
    for (const a of choice.augments) if (!fitting.has(a) && choice.enabled) dropped.add(a);
    if (aside.length > 0) stillAside[id] = { augments: aside, plain: earlier?.plain ?? choice.plain };
    const restoring = choice.augments.length === 0 && augments.length > 0 && earlier !== undefined;
    methods[id] = { ...choice, augments, plain: augments.length === 0 || (restoring ? earlier.plain : choice.plain) };
  }
  return { methods, dropped: catalog.augmentations.filter((a) => dropped.has(a.id)).map((a) => a.id), setAside: stillAside };
}

export type ProblemsByControl = Partial<Record<ControlKey, string[]>>;

/** Training examples per class of a dataset, once its preview has loaded them. */
export type ClassCounts = readonly number[];

const BUDGET_EXAMPLES: Record<BudgetMode, string> = {
  fraction: 'give a percentage of the training set, e.g. 10',
  ipc: 'give a number of examples per class, e.g. 10',
};

/**
 * What the form itself refuses before the schema sees it, in the form's
 * terms: text that is not a number (said as typed), an empty budget, a
 * budget above what the data holds, a target that looks like a fraction
 * (0.9 is 0.9%, not 90%). A control here overrides the schema's message.
 */
export function formProblems(form: FormState, catalog: Catalog, classCounts?: ClassCounts): ProblemsByControl {
  const problems: ProblemsByControl = {};
  const add = (key: ControlKey, message: string) => (problems[key] ??= []).push(message);
  const read = (key: ControlKey, text: string): number | undefined => {
    const parsed = parseNumberText(text);
    if (parsed.ok) return parsed.value;
    add(key, parsed.message);
    return undefined;
  };

  for (const key of ['epochs', 'batchSize', 'lr'] as const) read(key, form[key]);

  const budget = read('budget', form.budgetValue);
  if (form.budgetValue.trim() === '') add('budget', `is empty: ${BUDGET_EXAMPLES[form.budgetMode]}`);
  else if (budget !== undefined && form.budgetMode === 'fraction' && !(budget > 0 && budget <= 100)) {
    add('budget', 'must be a percentage above 0 and at most 100 (of the training set)');
  } else if (budget !== undefined && form.budgetMode === 'ipc' && classCounts && classCounts.length > 0) {
    const largest = Math.max(...classCounts);
    if (budget > largest)
      add('budget', `is more than the data holds: the largest class has ${largest} training example${largest === 1 ? '' : 's'}`);
  }

  const target = read('targetAcc', form.targetAcc);
  if (target !== undefined) {
    if (target > 0 && target < 1)
      add(
        'targetAcc',
        `is a percentage: ${form.targetAcc.trim()} means ${form.targetAcc.trim()}%, not ${plainNumber(target * 100)}%; type ${plainNumber(target * 100)} for ${plainNumber(target * 100)}%`,
      );
    else if (!(target >= 1 && target <= 100)) add('targetAcc', 'must be a percentage from 1 to 100, e.g. 90');
  }

  const unreadable = (params: readonly CatalogParam[], values: ParamValues) =>
    params.flatMap((param) => {
      const value = values[param.key];
      const parsed = param.kind === 'number' && typeof value === 'string' ? parseNumberText(value) : undefined;
      return parsed && !parsed.ok ? [{ param, message: parsed.message }] : [];
    });
  for (const method of catalog.methods) {
    const choice = form.methods[method.id];
    if (!choice?.enabled) continue;
    for (const { param, message } of unreadable(method.params, choice.params)) add(`method:${method.id}`, `${param.label}: ${message}`);
    if (!choice.plain && choice.augments.length === 0)
      add(`method:${method.id}`, 'Augment: tick none, an augmentation, or both (as it is, no run would train it)');
  }
  for (const augmentation of augmentationsInUse(form, catalog.augmentations)) {
    for (const { param, message } of unreadable(augmentation.params, form.augmentations[augmentation.id] ?? {}))
      add(augmentControl(augmentation.id, param.key), message);
  }
  return problems;
}

/** What the budget hint adds once the class sizes are known: that small classes give all they have. */
export function budgetNote(form: FormState, classCounts?: ClassCounts): string | undefined {
  if (form.budgetMode !== 'ipc' || !classCounts || classCounts.length === 0) return undefined;
  const parsed = parseNumberText(form.budgetValue);
  if (!parsed.ok || parsed.value === undefined) return undefined;
  const smaller = classCounts.filter((count) => count < parsed.value!).length;
  if (smaller === 0 || parsed.value > Math.max(...classCounts)) return undefined;
  const smallest = Math.min(...classCounts);
  return `${plural(smaller, 'class', 'classes')} ${smaller === 1 ? 'has' : 'have'} fewer examples than that (the smallest ${smallest}) and ${smaller === 1 ? 'gives' : 'give'} all ${smaller === 1 ? 'it has' : 'they have'}.`;
}

/** The target rule that applies to the ticked methods, in the words of the target field's hint. */
export function targetHint(form: FormState): string {
  if (form.targetAcc.trim() !== '') return 'A percentage, e.g. 90: the time each method takes to reach it.';
  const speedup = form.methods.full?.enabled ? '' : ' Speed-ups need full ticked.';
  return `Empty: ${DEFAULT_TARGET_RULE}; drag the line on the chart to try another.${speedup}`;
}

/** "1 run", "3 runs". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export interface GroupedProblems {
  byControl: ProblemsByControl;
  /** Every problem, "Control: message", in the form's order. */
  summary: string[];
}

const CONTROL_ORDER: ControlKey[] = [
  'dataset',
  'model',
  'budget',
  'methods',
  'epochs',
  'batchSize',
  'lr',
  'optimizer',
  'seeds',
  'backend',
  'targetAcc',
];

/**
 * The schema's problems placed by their controls, in the form's terms; the
 * form's own (`formProblems`) take a control's place where both speak.
 */
export function groupProblems(
  problems: readonly ConfigProblem[],
  rows: readonly FormRow[],
  own: ProblemsByControl = {},
  catalog?: Pick<Catalog, 'methods'>,
): GroupedProblems {
  const byControl: ProblemsByControl = {};
  const unplaced: string[] = [];
  for (const problem of problems) {
    const key = controlForPath(problem.path, rows);
    if (key === null) {
      unplaced.push(`${problem.path}: ${problem.message}`);
      continue;
    }
    if (own[key]) continue;
    const message = messageForControl(key, problem.path, problem.message);
    // A method's own setting is shown under the method's row: say which setting.
    const setting = key.startsWith('method:') ? /^methods\[\d+\]\.(\w+)$/.exec(problem.path)?.[1] : undefined;
    const label = setting && catalog?.methods.find((m) => `method:${m.id}` === key)?.params.find((p) => p.key === setting)?.label;
    (byControl[key] ??= []).push(label ? `${label}: ${message}` : message);
  }
  for (const [key, messages] of Object.entries(own) as [ControlKey, string[]][]) byControl[key] = messages;
  // The augmentations' settings come right after the methods.
  const rank = (key: ControlKey) => {
    if (key.startsWith('augment:')) return CONTROL_ORDER.indexOf('methods') + 0.5;
    const at = CONTROL_ORDER.indexOf(key.startsWith('method:') ? 'methods' : key);
    return at < 0 ? CONTROL_ORDER.length : at;
  };
  const keys = (Object.keys(byControl) as ControlKey[]).sort((a, b) => rank(a) - rank(b));
  const summary = keys.flatMap((key) => byControl[key]!.map((message) => `${controlLabel(key)}: ${message}`));
  return { byControl, summary: [...summary, ...unplaced] };
}
