/**
 * The lab dataset file: a small training set as one JSON file that loads
 * back as a dataset (a distilled set exported from the page or the CLI).
 * It holds its examples and labels but no test split: it names the bundled
 * dataset whose held-out test split it is evaluated on (`testFrom`).
 *
 *   {
 *     "format": "lab-dataset", "version": 1,
 *     "name": "dm 1/class of MNIST (seed 0)",
 *     "classes": ["0", "1", ...],                       class names, label = index
 *     "input": {"kind": "image", "height": 28, "width": 28, "channels": 1},
 *     "testFrom": "mnist",
 *     "count": 10,
 *     "values": {"dtype": "float32", "byteOrder": "little-endian", "encoding": "base64", "data": "..."},
 *     "labels": [0, 1, ...],
 *     "source": {"dataset": "mnist", "method": "dm", "label": "dm 1/class", "seed": 0, "loss": [[0, 1.2], ...]}
 *   }
 *
 * `values` are `count` examples laid out as the model reads them (images
 * height x width x channels, in the model's units: pixels in about 0..1,
 * not bytes). `source` is optional provenance (at most 1 MiB); a loss
 * curve in it that ran away makes the file load with a warning. Pure (no
 * DOM, no tfjs, no Node): the page writes the file, the worker and the CLI
 * read it.
 */
import * as v from 'valibot';
import { bytesOf, contentHash } from './content-hash';
import { featureSize, type InputSpec } from '../data/dataset';
import { decodeUtf8 } from './utf8';

export const DATASET_FILE_FORMAT = 'lab-dataset';
export const DATASET_FILE_VERSION = 1;

/** What a dataset file may hold; each limit is named in the message that refuses it. */
export const DATASET_FILE_LIMITS = {
  /** The whole file. */
  bytes: 64 * 1024 * 1024,
  examples: 100_000,
  /** Numbers in `values` (32 MiB of float32). */
  values: 8 * 1024 * 1024,
  classes: 1000,
  nameLength: 200,
  classNameLength: 100,
  imageSide: 1024,
  channels: 4,
  vectorLength: 65_536,
  /** The `source` section as JSON text: room for a loss curve of 100,000 iterations. */
  sourceBytes: 1024 * 1024,
} as const;

/** A distillation whose loss ends this many times above its first reading ran away. */
const LOSS_RISE = 10;

/** A dataset file, read and checked. */
export interface DatasetFile {
  name: string;
  classes: string[];
  input: InputSpec;
  testFrom: string;
  count: number;
  /** `count * featureSize(input)` values, as the model reads them. */
  x: Float32Array;
  /** Class index per example. */
  y: Int32Array;
  source?: DatasetFileSource;
  /** What the file says about itself that makes its examples suspect (a distillation that ran away). */
  warnings: string[];
}

/** Where a file's examples came from (optional, informative only). */
export interface DatasetFileSource {
  dataset?: string;
  method?: string;
  label?: string;
  seed?: number;
  loss?: [number, number][];
}

/** The JSON object a dataset file holds. */
export interface DatasetFileJson {
  format: typeof DATASET_FILE_FORMAT;
  version: typeof DATASET_FILE_VERSION;
  name: string;
  classes: string[];
  input: InputSpec;
  testFrom: string;
  count: number;
  values: { dtype: 'float32'; byteOrder: 'little-endian'; encoding: 'base64'; data: string };
  labels: number[];
  source?: DatasetFileSource;
}

export class DatasetFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetFileError';
  }
}

const LIMITS = DATASET_FILE_LIMITS;
const grouped = (n: number) => n.toLocaleString('en-US');

// ---- base64, little-endian float32 ----------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let out = '';
    for (let i = start; i < end; i += 3) {
      const b0 = bytes[i];
      const b1 = i + 1 < end ? bytes[i + 1] : 0;
      const b2 = i + 2 < end ? bytes[i + 2] : 0;
      out += ALPHABET[b0 >> 2] + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)];
      out += i + 1 < end ? ALPHABET[((b1 & 15) << 2) | (b2 >> 6)] : '=';
      out += i + 2 < end ? ALPHABET[b2 & 63] : '=';
    }
    parts.push(out);
  }
  return parts.join('');
}

/** Decodes standard base64 (with padding; no line breaks); null where the text is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const c = [0, 1, 2, 3].map((k) => {
      const code = text.charCodeAt(i + k);
      if (last && text[i + k] === '=' && k >= 4 - padding) return 0;
      return code < 128 ? DECODE[code] : -1;
    });
    if (c.some((d) => d < 0)) return null;
    const word = (c[0] << 18) | (c[1] << 12) | (c[2] << 6) | c[3];
    bytes[o++] = word >> 16;
    if (o < bytes.length) bytes[o++] = (word >> 8) & 255;
    if (o < bytes.length) bytes[o++] = word & 255;
  }
  return bytes;
}

function floatBytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

function floatsOf(bytes: Uint8Array): Float32Array {
  const values = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}

// ---- writing ---------------------------------------------------------------

/** The model's input for one example of `shape` ([h, w, c] images, [n] vectors). */
export function inputFromShape(kind: InputSpec['kind'], shape: readonly number[]): InputSpec {
  if (kind === 'image' && shape.length === 3) return { kind: 'image', height: shape[0], width: shape[1], channels: shape[2] };
  if (kind === 'vector' && shape.length === 1) return { kind: 'vector', length: shape[0] };
  throw new DatasetFileError(
    `a dataset file holds images [height, width, channels] or vectors [length], not ${kind} examples of shape [${shape.join(', ')}]`,
  );
}

export interface DatasetFileContent {
  name: string;
  classes: readonly string[];
  input: InputSpec;
  testFrom: string;
  /** Class index per example. */
  labels: ArrayLike<number>;
  /** Every example's values, flat, as the model reads them. */
  values: ArrayLike<number>;
  source?: DatasetFileSource;
}

/** The file's JSON object for a set of examples; it reads back with `parseDatasetFile`. */
export function datasetFileJson(content: DatasetFileContent): DatasetFileJson {
  const count = content.labels.length;
  const size = featureSize(content.input);
  if (content.values.length !== count * size) {
    throw new DatasetFileError(`${content.values.length} values for ${count} examples of ${size} each (expected ${count * size})`);
  }
  const file: DatasetFileJson = {
    format: DATASET_FILE_FORMAT,
    version: DATASET_FILE_VERSION,
    name: content.name,
    classes: [...content.classes],
    input: { ...content.input },
    testFrom: content.testFrom,
    count,
    values: { dtype: 'float32', byteOrder: 'little-endian', encoding: 'base64', data: encodeBase64(floatBytes(content.values)) },
    labels: Array.from(content.labels),
  };
  if (content.source) file.source = content.source;
  return file;
}

/** The file's text: one top-level field a line, so its header reads at a glance. */
export function datasetFileText(file: DatasetFileJson): string {
  const lines = Object.entries(file).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** A distilled run's set as a dataset file: `kind` and `classes` are the trained-on dataset's. */
export function distilledSetFile(
  run: {
    method: string;
    label: string;
    seed: number;
    synthetic: { classes: ArrayLike<number>; shape: number[]; values: ArrayLike<number>; loss: [number, number][] };
  },
  data: { id: string; name: string; kind: InputSpec['kind']; classes: readonly string[]; testFrom: string },
): DatasetFileJson {
  const { synthetic } = run;
  return datasetFileJson({
    name: `${run.label} of ${data.name} (seed ${run.seed})`.slice(0, LIMITS.nameLength),
    classes: data.classes,
    input: inputFromShape(data.kind, synthetic.shape),
    testFrom: data.testFrom,
    labels: synthetic.classes,
    values: synthetic.values,
    source: { dataset: data.id, method: run.method, label: run.label, seed: run.seed, loss: synthetic.loss },
  });
}

// ---- reading ---------------------------------------------------------------

/** No control characters, and no markup: names are only ever shown as text, but a file has no use for either. */
const plainText = (what: string, max: number) =>
  v.pipe(
    v.string(`${what} must be text`),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(max, `${what} may be at most ${max} characters long`),
    v.check((s) => !/[\u0000-\u001f\u007f<>]/.test(s), `${what} must not hold control characters or the characters < >`),
  );

const whole = (what: string, min: number, max: number) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be a whole number`),
    v.minValue(min, `${what} must be at least ${min}`),
    v.maxValue(max, `${what} must be at most ${grouped(max)}`),
  );

const InputSchema = v.variant(
  'kind',
  [
    v.object({
      kind: v.literal('image'),
      height: whole('input.height', 1, LIMITS.imageSide),
      width: whole('input.width', 1, LIMITS.imageSide),
      channels: whole('input.channels', 1, LIMITS.channels),
    }),
    v.object({ kind: v.literal('vector'), length: whole('input.length', 1, LIMITS.vectorLength) }),
  ],
  (issue) => `input.kind ${JSON.stringify(issue.input)} is not supported; a dataset file holds "image" or "vector" examples`,
);

const FileSchema = v.object({
  name: plainText('name', LIMITS.nameLength),
  classes: v.pipe(
    v.array(plainText('a class name', LIMITS.classNameLength), 'classes must be a list of class names'),
    v.minLength(2, 'classes must name at least 2 classes'),
    v.maxLength(LIMITS.classes, `classes may name at most ${LIMITS.classes} classes`),
    v.check((names) => new Set(names).size === names.length, 'classes must not repeat a name'),
  ),
  input: v.pipe(
    v.looseObject({ kind: v.unknown() }, 'input must be an object such as {"kind": "image", "height": 28, "width": 28, "channels": 1}'),
    InputSchema,
  ),
  testFrom: plainText('testFrom', 100),
  count: whole('count', 1, LIMITS.examples),
  values: v.object(
    {
      dtype: v.literal('float32', (i) => `values.dtype ${JSON.stringify(i.input)} is not supported; expected "float32"`),
      byteOrder: v.literal(
        'little-endian',
        (i) => `values.byteOrder ${JSON.stringify(i.input)} is not supported; expected "little-endian"`,
      ),
      encoding: v.literal('base64', (i) => `values.encoding ${JSON.stringify(i.input)} is not supported; expected "base64"`),
      data: v.string('values.data must be a base64 text'),
    },
    'values must be an object {"dtype": "float32", "byteOrder": "little-endian", "encoding": "base64", "data": "..."}',
  ),
  labels: v.array(v.number('every label must be a number'), 'labels must be a list of class indices'),
  source: v.optional(
    v.object(
      {
        dataset: v.optional(v.string('source.dataset must be a text (the dataset distilled)')),
        method: v.optional(v.string('source.method must be a text (the method that made the examples)')),
        label: v.optional(v.string('source.label must be a text (the row it came from)')),
        seed: v.optional(v.number('source.seed must be a number')),
        loss: v.optional(
          v.array(
            v.tuple(
              [
                v.number('each source.loss entry must be [iteration, loss], two numbers'),
                v.number('each source.loss entry must be [iteration, loss], two numbers'),
              ],
              'each source.loss entry must be [iteration, loss], two numbers',
            ),
            'source.loss must be a list of [iteration, loss] pairs',
          ),
        ),
      },
      'source must be an object such as {"dataset": "mnist", "method": "dm", "seed": 0}',
    ),
  ),
});

function pathOf(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? [])
    .map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`))
    .join('')
    .replace(/^\./, '');
}

/** The file as text: bytes must be UTF-8. */
function textOf(input: string | ArrayBuffer | Uint8Array): string {
  if (typeof input === 'string') return input;
  const text = decodeUtf8(input instanceof Uint8Array ? input : new Uint8Array(input));
  if (text === null) throw new DatasetFileError('is not UTF-8 text, so not a lab dataset file');
  return text;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new DatasetFileError(message);
}

/**
 * Reads and checks a dataset file (its text or bytes). Every refusal is a
 * DatasetFileError whose message says what is wrong, prefixed with
 * `fileName`. Which dataset `testFrom` names, and whether its test split
 * fits, is checked where the file is opened (file-dataset.ts).
 */
export function parseDatasetFile(input: string | ArrayBuffer | Uint8Array, fileName = 'dataset file'): DatasetFile {
  try {
    return parse(input);
  } catch (error) {
    if (error instanceof DatasetFileError) throw new DatasetFileError(`${fileName}: ${error.message}`);
    throw error;
  }
}

function parse(content: string | ArrayBuffer | Uint8Array): DatasetFile {
  const size = typeof content === 'string' ? content.length : content.byteLength;
  check(size <= LIMITS.bytes, `is ${(size / 2 ** 20).toFixed(1)} MiB; a dataset file may be at most ${LIMITS.bytes / 2 ** 20} MiB`);
  const text = textOf(content);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DatasetFileError('is not JSON, so not a lab dataset file');
  }
  check(json !== null && typeof json === 'object' && !Array.isArray(json), 'is not a lab dataset file (its JSON is not an object)');
  const { format, version } = json as { format?: unknown; version?: unknown };
  check(
    format === DATASET_FILE_FORMAT,
    `is not a lab dataset file (its "format" is ${JSON.stringify(format) ?? 'missing'}, expected "${DATASET_FILE_FORMAT}")`,
  );
  check(
    version === DATASET_FILE_VERSION,
    `is a lab dataset file of version ${JSON.stringify(version) ?? '(missing)'}; this lab reads version ${DATASET_FILE_VERSION}`,
  );

  const { source } = json as { source?: unknown };
  if (source !== undefined) {
    const size = JSON.stringify(source).length;
    check(
      size <= LIMITS.sourceBytes,
      `its source section is ${(size / 2 ** 20).toFixed(1)} MiB; a dataset file's source (where its examples came from) may be at most ${LIMITS.sourceBytes / 2 ** 20} MiB`,
    );
  }

  const parsed = v.safeParse(FileSchema, json);
  if (!parsed.success) {
    const problems = parsed.issues.slice(0, 5).map((issue) => {
      const path = pathOf(issue);
      if (issue.input === undefined && issue.kind === 'schema') return `${path} is missing`;
      // valibot's own wording ("Invalid type: ...") does not say where.
      return issue.message.startsWith('Invalid') ? `${path}: ${issue.message}` : issue.message;
    });
    throw new DatasetFileError(problems.join('; '));
  }
  const file = parsed.output;
  const { count, classes } = file;
  const input = file.input as InputSpec;
  const perExample = featureSize(input);

  check(file.labels.length === count, `labels has ${grouped(file.labels.length)} entries, but count says ${grouped(count)} examples`);
  file.labels.forEach((label, i) => {
    check(
      Number.isInteger(label) && label >= 0 && label < classes.length,
      `labels[${i}] is ${label}: a label must be a whole number from 0 to ${classes.length - 1} (an index into the ${classes.length} classes)`,
    );
  });

  const expected = count * perExample;
  check(
    expected <= LIMITS.values,
    `${grouped(count)} examples of ${grouped(perExample)} values each make ${grouped(expected)} values; a dataset file may hold at most ${grouped(LIMITS.values)}`,
  );
  const bytes = decodeBase64(file.values.data);
  check(bytes !== null, 'values.data is not valid base64');
  check(
    bytes!.length % 4 === 0,
    `values.data decodes to ${grouped(bytes!.length)} bytes, not a whole number of float32 values (4 bytes each)`,
  );
  const x = floatsOf(bytes!);
  check(
    x.length === expected,
    `values.data holds ${grouped(x.length)} values, but count x size of one example = ${grouped(count)} x ${grouped(perExample)} = ${grouped(expected)}`,
  );
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new DatasetFileError(`value ${i} (example ${Math.floor(i / perExample)}) is ${x[i]}; every value must be a finite number`);
    }
  }

  return {
    name: file.name,
    classes,
    input,
    testFrom: file.testFrom,
    count,
    x,
    y: Int32Array.from(file.labels),
    source: file.source as DatasetFileSource | undefined,
    warnings: lossWarnings(file.source?.loss ?? []),
  };
}

/** A warning where the distillation loss the file records ended far above where it started. */
function lossWarnings(loss: [number, number][]): string[] {
  if (loss.length < 2) return [];
  const [, first] = loss[0];
  const [iteration, last] = loss[loss.length - 1];
  if (last <= LOSS_RISE * first) return [];
  return [
    `its distillation loss rose from ${first.toPrecision(3)} to ${last.toPrecision(3)} by iteration ${iteration}: the distillation diverged`,
  ];
}

/** A short hash of the file's content (its meaning, not its spacing): the same file gets the same dataset id. */
export function datasetFileHash(file: DatasetFile): string {
  const header = new TextEncoder().encode(JSON.stringify([file.name, file.classes, file.input, file.testFrom, file.count]));
  return contentHash([header, bytesOf(file.x), bytesOf(file.y)]);
}
