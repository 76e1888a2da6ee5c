/**
 * The experiment schema: the one description of a comparison that the page,
 * the CLI and the share link all use. Parsing checks every field and reports
 * one problem per field, naming it and the values it accepts, before any
 * training starts.
 */
import * as v from 'valibot';
import { datasetEntries } from './data/registry';
import { MODELS } from './models/registry';
import { METHODS } from './methods/registry';
import { AUGMENTATIONS } from './augment/registry';
import type { InputSpec } from '../core/data/dataset';
import type { BackendName } from '../core/backend-name';
import { intField, naming, numberField, oneOf, settings, unknownMessage } from '../core/settings/fields';
import { MAX_SEED } from '../core/rng';

export const CONFIG_VERSION = 1;
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

const modelIds = MODELS.map((m) => m.id) as [string, ...string[]];
const methodIds = METHODS.map((m) => m.id) as [string, ...string[]];
const augmentationIds = AUGMENTATIONS.map((a) => a.id) as [string, ...string[]];

const TrainSchema = settings({
  epochs: intField(1, 1000),
  batchSize: intField(1, 4096),
  lr: numberField(0, 10, true),
  optimizer: v.optional(oneOf('optimizer', ['sgd', 'adam'] as const), 'sgd'),
  momentum: v.optional(numberField(0, 0.999), 0.9),
  weightDecay: v.optional(numberField(0, 0.1), 5e-4),
  /** At most how many times the test set is evaluated along a run (plus once at step 0); short runs get fewer (train/schedule.ts's curvePointCount). */
  evalPoints: v.optional(intField(1, 200), 20),
});

const BudgetSchema = v.pipe(
  settings({
    fraction: v.optional(numberField(0, 1, true)),
    ipc: v.optional(intField(1, 100000)),
  }),
  v.check(
    (b) => (b.fraction === undefined) !== (b.ipc === undefined),
    'give exactly one of fraction (the share of the training set, 0 < fraction <= 1, e.g. 0.1 for 10%) or ipc (examples per class, a whole number >= 1)',
  ),
);

// Checked when parsed, not when imported: a dataset file opened this session is a dataset too.
const DatasetSchema = v.custom<string>(
  (input) => typeof input === 'string' && datasetEntries().some((d) => d.id === input),
  (issue) =>
    unknownMessage(
      'dataset',
      issue.input,
      datasetEntries().map((d) => d.id),
    ),
);
const ModelNameSchema = naming('model', modelIds);
const DataSchema = v.optional(settings({ seqLength: v.optional(intField(2, 1024)) }), {});
const SeedSchema = intField(0, MAX_SEED);

const ConfigSchema = settings({
  version: v.literal(CONFIG_VERSION, (i) =>
    i.input === undefined
      ? `must be ${CONFIG_VERSION}`
      : `unsupported version ${JSON.stringify(i.input)}; this lab reads version ${CONFIG_VERSION}`,
  ),
  dataset: DatasetSchema,
  model: ModelNameSchema,
  budget: BudgetSchema,
  train: TrainSchema,
  data: DataSchema,
  methods: v.pipe(
    v.array(naming('method', methodIds), 'must be a list of methods'),
    v.minLength(1, 'must name at least one method'),
    v.maxLength(16, 'must name at most 16 methods'),
  ),
  seeds: v.pipe(
    v.array(SeedSchema, 'must be a list of whole numbers'),
    v.minLength(1, 'must hold at least one seed'),
    v.maxLength(20, 'must hold at most 20 seeds'),
    v.check((s) => new Set(s).size === s.length, 'must not repeat a seed'),
  ),
  backend: v.optional(oneOf('backend', BACKENDS)),
  /** Threads for the wasm backend in the browser; by default half the cores. */
  wasmThreads: v.optional(intField(1, 64)),
  /** Accuracy for "time to target"; by default the lowest final accuracy among the runs that learned (see experiment/target.ts). */
  targetAcc: v.optional(numberField(0, 1, true)),
  /**
   * How many times each run is timed on its seed: the first trains, the
   * rest train again only to read the clock again (same points, same
   * subset), giving time to target and speed-up a spread.
   */
  repeats: v.optional(intField(1, 10), 1),
});

type ParsedConfig = v.InferOutput<typeof ConfigSchema>;

/** A method row's mixing augmentation: `{"name":"cutmix","alpha":1}`. */
export type AugmentSpec = { name: string; [param: string]: unknown };
export type MethodSpec = { name: string; augment?: AugmentSpec; [param: string]: unknown };
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

/** The schemas' own messages (config-fields.ts words them all), each at its field's path. */
function problemsOf(issues: v.BaseIssue<unknown>[], prefix = ''): ConfigProblem[] {
  return issues.map((issue) => ({ path: pathOf(issue, prefix), message: issue.message }));
}

/** Parses an untrusted config (JSON from a file, a form or a link). */
export function parseConfig(input: unknown): ConfigResult {
  const top = v.safeParse(ConfigSchema, input);
  if (!top.success) return { ok: false, problems: problemsOf(top.issues) };
  const parsed = top.output;
  const problems: ConfigProblem[] = [];

  const dataset = datasetEntries().find((d) => d.id === parsed.dataset)!;
  const model = parseModel(parsed.model, dataset, problems);

  const methods: MethodSpec[] = parsed.methods.map((spec, i) => {
    const entry = METHODS.find((m) => m.id === spec.name)!;
    if (entry.inputs && !entry.inputs.includes(dataset.kind)) {
      problems.push({
        path: `methods[${i}].name`,
        message: `method "${entry.id}" cannot work on ${dataset.kind} data (dataset "${dataset.id}"); it works on ${entry.inputs.join(', ')} data`,
      });
    }
    const { augment, ...row } = spec;
    const result = v.safeParse(settings({ name: v.string(), ...entry.params }), row);
    if (!result.success) problems.push(...problemsOf(result.issues, `methods[${i}]`));
    const mixing = augment === undefined ? undefined : parseAugment(augment, dataset, `methods[${i}].augment`, problems);
    if (!result.success) return spec;
    return mixing ? { ...(result.output as MethodSpec), augment: mixing } : (result.output as MethodSpec);
  });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { ...parsed, model, methods, backend: parsed.backend as BackendName | undefined } };
}

type DatasetKind = { id: string; kind: InputSpec['kind'] };

/** The model's settings, with defaults, for a model that reads the dataset's kind of data. */
function parseModel(spec: ModelSpec, dataset: DatasetKind, problems: ConfigProblem[]): ModelSpec {
  const entry = MODELS.find((m) => m.id === spec.name)!;
  let model = spec;
  const result = v.safeParse(settings({ name: v.string(), ...entry.params }), spec);
  if (result.success) model = result.output as ModelSpec;
  else problems.push(...problemsOf(result.issues, 'model'));
  if (!entry.inputs.includes(dataset.kind)) {
    const fits = MODELS.filter((m) => m.inputs.includes(dataset.kind)).map((m) => m.id);
    problems.push({
      path: 'model.name',
      message: `model "${entry.id}" cannot read ${dataset.kind} data (dataset "${dataset.id}"); allowed: ${fits.join(', ')}`,
    });
  }
  return model;
}

/** A method row's `augment`: an augmentation's name and settings, fit for the dataset's kind of data. */
function parseAugment(input: unknown, dataset: DatasetKind, path: string, problems: ConfigProblem[]): AugmentSpec | undefined {
  const named = v.safeParse(naming('augmentation', augmentationIds), input);
  if (!named.success) {
    problems.push(...problemsOf(named.issues, path));
    return undefined;
  }
  const entry = AUGMENTATIONS.find((a) => a.id === named.output.name)!;
  if (!entry.inputs.includes(dataset.kind)) {
    const fits = AUGMENTATIONS.filter((a) => a.inputs.includes(dataset.kind)).map((a) => a.id);
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

const MixPreviewSchema = settings({
  dataset: DatasetSchema,
  data: DataSchema,
  model: ModelNameSchema,
  augment: v.unknown(),
  seed: SeedSchema,
});

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
export function parseMixPreview(input: unknown): MixPreviewCheck {
  const top = v.safeParse(MixPreviewSchema, input);
  if (!top.success) return { ok: false, problems: problemsOf(top.issues) };
  const parsed = top.output;
  const problems: ConfigProblem[] = [];
  const dataset = datasetEntries().find((d) => d.id === parsed.dataset)!;
  const model = parseModel(parsed.model, dataset, problems);
  const augment = parseAugment(parsed.augment, dataset, 'augment', problems);
  if (problems.length > 0 || !augment) return { ok: false, problems };
  return { ok: true, request: { dataset: parsed.dataset, data: parsed.data, model, augment, seed: parsed.seed } };
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid config:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Like parseConfig, but throws a ConfigError listing every problem. */
export function requireConfig(input: unknown): LabConfig {
  const result = parseConfig(input);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

/** The comparison the page opens with: MNIST, an MLP, full / random / RS2 / herding (a coreset) at 10%. */
export function defaultConfig(): LabConfig {
  return requireConfig({
    version: CONFIG_VERSION,
    dataset: 'mnist',
    model: { name: 'mlp' },
    budget: { fraction: 0.1 },
    train: { epochs: 5, batchSize: 64, lr: 0.05 },
    methods: [{ name: 'full' }, { name: 'random' }, { name: 'rs2' }, { name: 'herding' }],
    seeds: [0],
  });
}
