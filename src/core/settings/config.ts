/**
 * The experiment schema: the one description of a comparison that the page,
 * the CLI and the share link all use. Parsing checks every field and reports
 * one problem per field, naming it and the values it accepts, before any
 * training starts.
 *
 * What the lab offers (datasets, models, methods, augmentations) is passed
 * in as `Known` (the engine's registries, engine/known.ts), so this module
 * holds no registry and no tensors: the page reads the same schema the
 * engine checks with. Every setting the form shows is titled here
 * (`v.title`, `v.description`): the form, the link, the CLI's help and the
 * messages follow from that one declaration.
 */
import * as v from 'valibot';
import type { BackendName } from '../backend-name';
import type { InputSpec } from '../data/dataset';
import { MAX_SEED } from '../rng';
import { BUDGET_SCHEMA, BUDGETS_SCHEMA } from './budget-schema';
import { described, intField, naming, numberField, oneOf, settings, titled, unknownMessage } from './fields';
import { LR_SCHEDULES } from '../results/schedule';

type InputKind = InputSpec['kind'];

/** An entry of a registry as the schema needs it: its id, what it reads, its own settings. */
export interface KnownEntry {
  id: string;
  /** A method's family ('distillation', …); only distillation rows take `evaluateOn`. */
  family?: string;
  /** The kinds of data it works on; absent: every kind. */
  inputs?: readonly InputKind[];
  params: v.ObjectEntries;
}

/** What a config may name: the registries' entries and the datasets open now. */
export interface Known {
  datasets: readonly { id: string; kind: InputKind }[];
  models: readonly (KnownEntry & { inputs: readonly InputKind[] })[];
  methods: readonly KnownEntry[];
  augmentations: readonly (KnownEntry & { inputs: readonly InputKind[] })[];
}

export const CONFIG_VERSION = 1;
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The training settings; the titled ones are the form's, the others keep their values (from a link, a file or the defaults). */
export const TRAIN_SETTINGS = {
  epochs: titled(intField(1, 1000), 'Epochs', "Passes over each method's own training data."),
  batchSize: titled(intField(1, 4096), 'Batch size', 'Examples per optimizer step.'),
  lr: titled(
    numberField(0, 10, true),
    'Learning rate',
    'The step size at the start; it decays along a cosine to 0 at the end of the run (see schedule).',
  ),
  schedule: v.optional(
    described(
      oneOf('schedule', LR_SCHEDULES),
      'How the learning rate changes along a run: cosine to 0 (the default, as RS2), constant, or step (divided by 10 at half the steps, as the distillation papers train on their sets).',
    ),
  ),
  optimizer: v.optional(
    titled(oneOf('optimizer', ['sgd', 'adam'] as const), 'Optimizer', 'SGD with momentum and weight decay, or Adam.'),
    'sgd',
  ),
  momentum: v.optional(described(numberField(0, 0.999), "SGD's momentum (Adam keeps its own)."), 0.9),
  weightDecay: v.optional(
    described(numberField(0, 0.1), "L2 weight decay, added to each step's gradient (as PyTorch's weight_decay)."),
    5e-4,
  ),
  evalPoints: v.optional(
    described(
      intField(1, 200),
      'At most how many times the test set is evaluated along a run, besides step 0; short runs get fewer (core/results/schedule.ts).',
    ),
    20,
  ),
};

export const DATA_SETTINGS = {
  seqLength: v.optional(intField(2, 1024)),
  zca: v.optional(
    titled(
      v.boolean(),
      'ZCA whitening',
      "Whitens the images with the training split's statistics before every method sees them, as MTT does on CIFAR (per-channel normalisation, then ZCA with eps 0.1); images only.",
    ),
  ),
};
const DataSchema = v.optional(settings(DATA_SETTINGS), {});
const SeedSchema = intField(0, MAX_SEED);

/** The top-level settings the form shows beside the training ones, described as the schema declares them. */
export const TOP_SETTINGS = {
  seeds: titled(
    v.pipe(
      v.array(SeedSchema, 'must be a list of whole numbers'),
      v.minLength(1, 'must hold at least one seed'),
      v.maxLength(20, 'must hold at most 20 seeds'),
      v.check((s) => new Set(s).size === s.length, 'must not repeat a seed'),
    ),
    'Seeds',
    'Whole numbers, e.g. 0, 1, 2: each method runs once per seed.',
  ),
  backend: v.optional(
    titled(oneOf('backend', BACKENDS), 'Backend', 'Where the tensors run; auto picks the fastest that works here.'),
  ),
  wasmThreads: v.optional(
    described(intField(1, 64), "Threads for the wasm backend in the browser; by default half the machine's cores."),
  ),
  targetAcc: v.optional(
    titled(
      numberField(0, 1, true),
      'Target accuracy',
      'The accuracy "time to target" is measured at; by default the lowest final accuracy among the runs that learned (core/results/target.ts).',
    ),
  ),
  fairEvaluation: v.optional(
    titled(
      v.boolean(),
      'Fair evaluation',
      "Also trains each distilled run's matched controls, off its clock: random real examples of the same count with the same augmentation, and a soft-label set with hard labels; the table gives the gain over random.",
    ),
    false,
  ),
  repeats: v.optional(
    described(
      intField(1, 10),
      'How many times each run is timed on its seed: the first trains, the rest train again only to read the clock, giving time to target and speed-up a spread.',
    ),
    1,
  ),
};

/** The schema of a whole config, for what `known` offers. */
function configSchema(known: Known) {
  const datasetIds = known.datasets.map((d) => d.id);
  return settings({
    version: v.literal(CONFIG_VERSION, (i) =>
      i.input === undefined
        ? `must be ${CONFIG_VERSION}`
        : `unsupported version ${JSON.stringify(i.input)}; this lab reads version ${CONFIG_VERSION}`,
    ),
    dataset: v.custom<string>(
      (input) => typeof input === 'string' && datasetIds.includes(input),
      (issue) => unknownMessage('dataset', issue.input, datasetIds),
    ),
    model: naming(
      'model',
      known.models.map((m) => m.id),
    ),
    budget: v.optional(BUDGET_SCHEMA),
    budgets: v.optional(BUDGETS_SCHEMA),
    train: settings(TRAIN_SETTINGS),
    data: DataSchema,
    methods: v.pipe(
      v.array(
        naming(
          'method',
          known.methods.map((m) => m.id),
        ),
        'must be a list of methods',
      ),
      v.minLength(1, 'must name at least one method'),
      v.maxLength(16, 'must name at most 16 methods'),
    ),
    ...TOP_SETTINGS,
  });
}

type ParsedConfig = v.InferOutput<ReturnType<typeof configSchema>>;

/** A method row's mixing augmentation: `{"name":"cutmix","alpha":1}`. */
export type AugmentSpec = { name: string; [param: string]: unknown };
export type MethodSpec = { name: string; augment?: AugmentSpec; evaluateOn?: ModelSpec[]; [param: string]: unknown };
export type ModelSpec = { name: string; [param: string]: unknown };
export type LabConfig = Omit<ParsedConfig, 'methods' | 'model' | 'backend'> & {
  model: ModelSpec;
  methods: MethodSpec[];
  backend?: BackendName;
};

export interface ConfigProblem {
  /** Dotted path of the field, e.g. "train.lr" or "methods[2].name". */
  path: string;
  message: string;
}

export type ConfigResult = { ok: true; config: LabConfig } | { ok: false; problems: ConfigProblem[] };

function pathOf(issue: v.BaseIssue<unknown>, prefix: string): string {
  let path = prefix;
  for (const item of issue.path ?? []) {
    const key = item.key;
    path += typeof key === 'number' ? `[${key}]` : path ? `.${String(key)}` : String(key);
  }
  return path || '(config)';
}

/** The schemas' own messages (fields.ts words them all), each at its field's path. */
function problemsOf(issues: v.BaseIssue<unknown>[], prefix = ''): ConfigProblem[] {
  return issues.map((issue) => ({ path: pathOf(issue, prefix), message: issue.message }));
}

/** Parses an untrusted config (JSON from a file, a form or a link) against what `known` offers. */
export function parseConfigWith(input: unknown, known: Known): ConfigResult {
  const top = v.safeParse(configSchema(known), input);
  if (!top.success) return { ok: false, problems: problemsOf(top.issues) };
  const parsed = top.output;
  const problems: ConfigProblem[] = [];

  if ((parsed.budget === undefined) === (parsed.budgets === undefined)) {
    problems.push(
      parsed.budget === undefined
        ? { path: 'budget', message: 'must be given (e.g. {"fraction":0.1}), or budgets for a sweep' }
        : { path: 'budgets', message: 'is a sweep in place of budget: give one or the other, not both' },
    );
  }
  const dataset = known.datasets.find((d) => d.id === parsed.dataset)!;
  const model = parseModel(parsed.model, dataset, known, problems);
  if (parsed.data.zca && dataset.kind !== 'image')
    problems.push({
      path: 'data.zca',
      message: `whitens images; dataset "${dataset.id}" holds ${dataset.kind} data`,
    });

  const methods: MethodSpec[] = parsed.methods.map((spec, i) => {
    const entry = known.methods.find((m) => m.id === spec.name)!;
    if (entry.inputs && !entry.inputs.includes(dataset.kind)) {
      problems.push({
        path: `methods[${i}].name`,
        message: `method "${entry.id}" cannot work on ${dataset.kind} data (dataset "${dataset.id}"); it works on ${entry.inputs.join(', ')} data`,
      });
    }
    const { augment, evaluateOn, ...row } = spec;
    const result = v.safeParse(settings({ name: v.string(), ...entry.params }), row);
    if (!result.success) problems.push(...problemsOf(result.issues, `methods[${i}]`));
    const mixing =
      augment === undefined ? undefined : parseAugment(augment, dataset, known, `methods[${i}].augment`, problems);
    const others =
      evaluateOn === undefined
        ? undefined
        : parseEvaluateOn(evaluateOn, entry, dataset, known, `methods[${i}].evaluateOn`, problems);
    if (!result.success) return spec;
    return {
      ...(result.output as MethodSpec),
      ...(mixing ? { augment: mixing } : {}),
      ...(others ? { evaluateOn: others } : {}),
    };
  });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { ...parsed, model, methods, backend: parsed.backend as BackendName | undefined } };
}

type DatasetKind = { id: string; kind: InputKind };

/** The model's settings, with defaults, for a model that reads the dataset's kind of data. */
function parseModel(
  spec: ModelSpec,
  dataset: DatasetKind,
  known: Known,
  problems: ConfigProblem[],
  path = 'model',
): ModelSpec {
  const entry = known.models.find((m) => m.id === spec.name)!;
  let model = spec;
  const result = v.safeParse(settings({ name: v.string(), ...entry.params }), spec);
  if (result.success) model = result.output as ModelSpec;
  else problems.push(...problemsOf(result.issues, path));
  if (!entry.inputs.includes(dataset.kind)) {
    const fits = known.models.filter((m) => m.inputs.includes(dataset.kind)).map((m) => m.id);
    problems.push({
      path: `${path}.name`,
      message: `model "${entry.id}" cannot read ${dataset.kind} data (dataset "${dataset.id}"); allowed: ${fits.join(', ')}`,
    });
  }
  return model;
}

/** The most models a distilled set is also evaluated on. */
export const MAX_EVALUATE_ON = 4;

/**
 * A distillation row's `evaluateOn`: other models (each with its settings)
 * its set also trains after the run, as the papers test distilled sets
 * across architectures. A text set lives in the distilling model's own
 * embedding space, which another model does not share.
 */
function parseEvaluateOn(
  input: unknown,
  method: KnownEntry,
  dataset: DatasetKind,
  known: Known,
  path: string,
  problems: ConfigProblem[],
): ModelSpec[] | undefined {
  const refuse = (message: string) => {
    problems.push({ path, message });
    return undefined;
  };
  if (method.family !== 'distillation')
    return refuse(`only a distillation row is evaluated on other models; "${method.id}" trains on real examples`);
  if (dataset.kind === 'tokens')
    return refuse(
      `a text set is distilled in its model's own embedding space, which another model does not share (dataset "${dataset.id}")`,
    );
  const list = v.safeParse(
    v.pipe(
      v.array(
        naming(
          'model',
          known.models.map((m) => m.id),
        ),
        'must be a list of models',
      ),
      v.minLength(1, 'must name at least one model'),
      v.maxLength(MAX_EVALUATE_ON, `must name at most ${MAX_EVALUATE_ON} models`),
    ),
    input,
  );
  if (!list.success) {
    problems.push(...problemsOf(list.issues, path));
    return undefined;
  }
  return list.output.map((spec, j) => parseModel(spec as ModelSpec, dataset, known, problems, `${path}[${j}]`));
}

/** A method row's `augment`: an augmentation's name and settings, fit for the dataset's kind of data. */
function parseAugment(
  input: unknown,
  dataset: DatasetKind,
  known: Known,
  path: string,
  problems: ConfigProblem[],
): AugmentSpec | undefined {
  const named = v.safeParse(
    naming(
      'augmentation',
      known.augmentations.map((a) => a.id),
    ),
    input,
  );
  if (!named.success) {
    problems.push(...problemsOf(named.issues, path));
    return undefined;
  }
  const entry = known.augmentations.find((a) => a.id === named.output.name)!;
  if (!entry.inputs.includes(dataset.kind)) {
    const fits = known.augmentations.filter((a) => a.inputs.includes(dataset.kind)).map((a) => a.id);
    problems.push({
      path: `${path}.name`,
      message: `augmentation "${entry.id}" cannot mix ${dataset.kind} data (dataset "${dataset.id}"); it mixes ${entry.inputs.join(', ')} data${fits.length > 0 ? `; for ${dataset.kind} data: ${fits.join(', ')}` : ''}`,
    });
    return undefined;
  }
  const result = v.safeParse(settings({ name: v.string(), ...entry.params }), input);
  if (result.success) return result.output as AugmentSpec;
  problems.push(...problemsOf(result.issues, path));
  return undefined;
}

/** What the mixing preview draws: an augmentation's mix of a batch of the dataset, with the model a run would train. */
export interface MixPreviewRequest {
  dataset: string;
  data: LabConfig['data'];
  model: ModelSpec;
  augment: AugmentSpec;
  seed: number;
}

export type MixPreviewCheck = { ok: true; request: MixPreviewRequest } | { ok: false; problems: ConfigProblem[] };

/** Parses a preview request (from the page) with the checks a config's dataset, model and `augment` get. */
export function parseMixPreviewWith(input: unknown, known: Known): MixPreviewCheck {
  const entries = configSchema(known).entries;
  const schema = settings({
    dataset: entries.dataset,
    data: DataSchema,
    model: entries.model,
    augment: v.unknown(),
    seed: SeedSchema,
  });
  const top = v.safeParse(schema, input);
  if (!top.success) return { ok: false, problems: problemsOf(top.issues) };
  const parsed = top.output;
  const problems: ConfigProblem[] = [];
  const dataset = known.datasets.find((d) => d.id === parsed.dataset)!;
  const model = parseModel(parsed.model, dataset, known, problems);
  const augment = parseAugment(parsed.augment, dataset, known, 'augment', problems);
  if (problems.length > 0 || !augment) return { ok: false, problems };
  return { ok: true, request: { dataset: parsed.dataset, data: parsed.data, model, augment, seed: parsed.seed } };
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid config:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
