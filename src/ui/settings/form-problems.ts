/**
 * Problems in the form's terms: which control each of the schema's
 * problems belongs to, what the form itself refuses before the schema sees
 * it (text that is not a number, a budget the data cannot fill), and the
 * messages said in the units the user typed (percentages, examples per
 * class).
 */
import type { ConfigProblem } from '../../core/settings/config';
import type { Catalog } from '../../core/settings/catalog';
import type { ParamInfo } from '../../core/settings/describe';
import { ipcBeyondData, ipcPerClass } from '../../core/settings/budget';
import { DEFAULT_TARGET_RULE } from '../../core/results/target';
import { plainNumber, plural } from '../common/format';
import { parseNumberText } from '../common/number-text';
import { MAX_BUDGETS } from '../../core/settings/budget-schema';
import {
  augmentationsInUse,
  listEntries,
  type BudgetMode,
  type FormRow,
  type FormState,
  type ParamValues,
} from './form-state';
import { BACKEND_FIELD, BUDGET_FIELD, SEEDS_FIELD, TARGET_FIELD, TRAIN_FIELDS } from './setting-fields';

type PlainControl = 'dataset' | 'model' | 'budget' | 'methods' | 'seeds' | 'backend' | 'targetAcc';

export type ControlKey =
  | PlainControl
  /** A training setting: `train:lr`. */
  | `train:${string}`
  | `method:${string}`
  /** An augmentation's setting: `augment:mixup.alpha`. */
  | `augment:${string}`;

const CONTROL_LABELS: Record<PlainControl, string> = {
  dataset: 'Dataset',
  model: 'Model',
  budget: BUDGET_FIELD.label,
  methods: 'Methods',
  seeds: SEEDS_FIELD.label,
  backend: BACKEND_FIELD.label,
  targetAcc: TARGET_FIELD.label,
};

/** The controls in the form's order; a training setting's, methods' and augmentations' take their group's place. */
const CONTROL_ORDER: string[] = ['dataset', 'model', 'budget', 'methods', 'train', 'seeds', 'backend', 'targetAcc'];

export function trainControl(key: string): ControlKey {
  return `train:${key}`;
}

/** The control of an augmentation's setting. */
export function augmentControl(augmentId: string, paramKey: string): ControlKey {
  return `augment:${augmentId}.${paramKey}`;
}

export function controlLabel(key: ControlKey): string {
  const [group, rest] = key.split(/:(.*)/s);
  if (group === 'train') return TRAIN_FIELDS.find((field) => field.key === rest)?.label ?? rest;
  if (group === 'method') return `Method ${rest}`;
  if (group === 'augment') return `Augmentation ${rest.replace('.', ' ')}`;
  return CONTROL_LABELS[key as PlainControl];
}

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
    case 'budgets':
      return 'budget';
    case 'train': {
      const key = path.slice('train.'.length).split(/[.[]/)[0];
      return TRAIN_FIELDS.some((field) => field.key === key) ? trainControl(key) : null;
    }
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
  if (/^budgets(\[\d+\])?\.fraction$/.test(path) || path === 'budget.fraction' || key === 'targetAcc')
    return 'must be a percentage above 0 and at most 100';
  if (/^budgets\[\d+\]\.ipc$/.test(path) && message.startsWith('must be'))
    return `${message} example${message.endsWith(' 1') ? '' : 's'} per class`;
  // The schema's "exactly one of fraction or ipc": the form always sends one, so it was left empty.
  if (path === 'budget')
    return 'must not be empty: give a percentage of the training set or a number of examples per class';
  if (path === 'budget.ipc' && message.startsWith('must be'))
    return `${message} example${message.endsWith(' 1') ? '' : 's'} per class`;
  // An empty box reaches the schema as a missing value.
  const text = message.startsWith('is missing') ? 'must not be empty' : message;
  const seed = /^seeds\[(\d+)\]$/.exec(path)?.[1];
  return seed === undefined ? text : `entry ${Number(seed) + 1} ${text}`;
}

export type ProblemsByControl = Partial<Record<ControlKey, string[]>>;

/** Training examples per class of a dataset, once its preview has loaded them. */
export type ClassCounts = readonly number[];

const BUDGET_EXAMPLES: Record<BudgetMode, string> = {
  fraction: 'give a percentage of the training set, e.g. 10',
  ipc: 'give a number of examples per class, e.g. 10',
};

/**
 * The budget box's own problems: text that is not a number, nothing at
 * all, a percentage out of range, more per class than the data holds, a
 * sweep of too many budgets or one budget twice.
 */
function budgetProblems(form: FormState, classCounts?: ClassCounts): string[] {
  const entries = listEntries(form.budgetValue);
  if (entries.length === 0) return [`is empty: ${BUDGET_EXAMPLES[form.budgetMode]}`];
  const sweep = entries.length > 1;
  const problems: string[] = [];
  const values: number[] = [];
  for (const entry of entries) {
    const parsed = parseNumberText(entry);
    const where = sweep ? `${entry}: ` : '';
    if (!parsed.ok) {
      problems.push(parsed.message);
      continue;
    }
    const value = parsed.value!;
    values.push(value);
    if (form.budgetMode === 'fraction' && !(value > 0 && value <= 100))
      problems.push(`${where}must be a percentage above 0 and at most 100 (of the training set)`);
    else if (form.budgetMode === 'ipc' && classCounts) {
      const largest = ipcBeyondData(value, classCounts);
      if (largest !== undefined)
        problems.push(
          `${where}is more than the data holds: the largest class has ${plural(largest, 'training example')}`,
        );
    }
  }
  if (entries.length > MAX_BUDGETS)
    problems.push(`a sweep runs at most ${MAX_BUDGETS} budgets; this lists ${entries.length}`);
  if (new Set(values).size < values.length) problems.push('lists a budget twice; a sweep runs each budget once');
  return problems;
}

/** Number settings whose text is not a number, with what is wrong with it. */
function unreadable(params: readonly ParamInfo[], values: ParamValues): { param: ParamInfo; message: string }[] {
  return params.flatMap((param) => {
    const value = values[param.key];
    const parsed = param.kind === 'number' && typeof value === 'string' ? parseNumberText(value) : undefined;
    return parsed && !parsed.ok ? [{ param, message: parsed.message }] : [];
  });
}

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

  for (const { param, message } of unreadable(TRAIN_FIELDS, form.train)) add(trainControl(param.key), message);

  for (const message of budgetProblems(form, classCounts)) add('budget', message);

  const target = read('targetAcc', form.targetAcc);
  if (target !== undefined) {
    if (target > 0 && target < 1)
      add(
        'targetAcc',
        `is a percentage: ${form.targetAcc.trim()} means ${form.targetAcc.trim()}%, not ${plainNumber(target * 100)}%; type ${plainNumber(target * 100)} for ${plainNumber(target * 100)}%`,
      );
    else if (!(target >= 1 && target <= 100)) add('targetAcc', 'must be a percentage from 1 to 100, e.g. 90');
  }

  for (const method of catalog.methods) {
    const choice = form.methods[method.id];
    if (!choice?.enabled) continue;
    for (const { param, message } of unreadable(method.params, choice.params))
      add(`method:${method.id}`, `${param.label}: ${message}`);
    if (!choice.plain && choice.augments.length === 0)
      add(`method:${method.id}`, 'Rows: tick plain, an augmentation, or both (as it is, no run would train it)');
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
  if (!parsed.ok || parsed.value === undefined || ipcBeyondData(parsed.value, classCounts) !== undefined)
    return undefined;
  const given = ipcPerClass(parsed.value, classCounts);
  const smaller = given.filter((count) => count < parsed.value!).length;
  if (smaller === 0) return undefined;
  const smallest = Math.min(...classCounts);
  return `${plural(smaller, 'class', 'classes')} ${smaller === 1 ? 'has' : 'have'} fewer examples than that (the smallest ${smallest}) and ${smaller === 1 ? 'gives' : 'give'} all ${smaller === 1 ? 'it has' : 'they have'}.`;
}

/** The target rule that applies to the ticked methods, in the words of the target field's hint. */
export function targetHint(form: FormState): string {
  if (form.targetAcc.trim() !== '') return 'A percentage, e.g. 90: the time each method takes to reach it.';
  const speedup = form.methods.full?.enabled ? '' : ' Speed-ups need full ticked.';
  return `Empty: ${DEFAULT_TARGET_RULE}; drag the line on the chart to try another.${speedup}`;
}

export interface GroupedProblems {
  byControl: ProblemsByControl;
  /** Every problem, "Control: message", in the form's order. */
  summary: string[];
}

/** A control's place in the form's order. */
function rank(key: ControlKey): number {
  const [group, rest] = key.split(/:(.*)/s);
  if (group === 'augment') return CONTROL_ORDER.indexOf('methods') + 0.5;
  // The training settings in the grid's order.
  if (group === 'train')
    return (
      CONTROL_ORDER.indexOf('train') +
      (TRAIN_FIELDS.findIndex((field) => field.key === rest) + 1) / (TRAIN_FIELDS.length + 1)
    );
  const at = CONTROL_ORDER.indexOf(group === 'method' ? 'methods' : group);
  return at < 0 ? CONTROL_ORDER.length : at;
}

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
    const label =
      setting && catalog?.methods.find((m) => `method:${m.id}` === key)?.params.find((p) => p.key === setting)?.label;
    (byControl[key] ??= []).push(label ? `${label}: ${message}` : message);
  }
  for (const [key, messages] of Object.entries(own) as [ControlKey, string[]][]) byControl[key] = messages;
  const keys = (Object.keys(byControl) as ControlKey[]).sort((a, b) => rank(a) - rank(b));
  const summary = keys.flatMap((key) => byControl[key]!.map((message) => `${controlLabel(key)}: ${message}`));
  return { byControl, summary: [...summary, ...unplaced] };
}
