/**
 * Reading a lab dataset file (dataset-file.ts describes the format): its
 * schema, the checks that refuse a bad file with a message that says what
 * is wrong, the warnings a suspect one loads with, and the hash that names
 * its content.
 */
import * as v from 'valibot';
import { bytesOf, contentHash } from './content-hash';
import { featureSize, type InputSpec } from '../data/dataset';
import { decodeUtf8 } from './utf8';
import { decodeBase64, floatsOf } from './float32-base64';
import {
  DATASET_FILE_FORMAT,
  DATASET_FILE_LIMITS,
  DATASET_FILE_VERSION,
  DatasetFileError,
  type DatasetFile,
  type DatasetFileSource,
} from './dataset-file';

/** A distillation whose loss ends this many times above its first reading ran away. */
const LOSS_RISE = 10;

const LIMITS = DATASET_FILE_LIMITS;
const grouped = (n: number) => n.toLocaleString('en-US');

/** No control characters, and no markup: names are only ever shown as text, but a file has no use for either. */
const plainText = (what: string, max: number) =>
  v.pipe(
    v.string(`${what} must be text`),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(max, `${what} may be at most ${max} characters long`),
    v.check(
      (s) => !/[\u0000-\u001f\u007f<>]/.test(s),
      `${what} must not hold control characters or the characters < >`,
    ),
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
  (issue) =>
    `input.kind ${JSON.stringify(issue.input)} is not supported; a dataset file holds "image" or "vector" examples`,
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
    v.looseObject(
      { kind: v.unknown() },
      'input must be an object such as {"kind": "image", "height": 28, "width": 28, "channels": 1}',
    ),
    InputSchema,
  ),
  testFrom: plainText('testFrom', 100),
  count: whole('count', 1, LIMITS.examples),
  values: v.object(
    {
      dtype: v.literal(
        'float32',
        (i) => `values.dtype ${JSON.stringify(i.input)} is not supported; expected "float32"`,
      ),
      byteOrder: v.literal(
        'little-endian',
        (i) => `values.byteOrder ${JSON.stringify(i.input)} is not supported; expected "little-endian"`,
      ),
      encoding: v.literal(
        'base64',
        (i) => `values.encoding ${JSON.stringify(i.input)} is not supported; expected "base64"`,
      ),
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
  check(
    size <= LIMITS.bytes,
    `is ${(size / 2 ** 20).toFixed(1)} MiB; a dataset file may be at most ${LIMITS.bytes / 2 ** 20} MiB`,
  );
  const text = textOf(content);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DatasetFileError('is not JSON, so not a lab dataset file');
  }
  check(
    json !== null && typeof json === 'object' && !Array.isArray(json),
    'is not a lab dataset file (its JSON is not an object)',
  );
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

  check(
    file.labels.length === count,
    `labels has ${grouped(file.labels.length)} entries, but count says ${grouped(count)} examples`,
  );
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
      throw new DatasetFileError(
        `value ${i} (example ${Math.floor(i / perExample)}) is ${x[i]}; every value must be a finite number`,
      );
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
  const header = new TextEncoder().encode(
    JSON.stringify([file.name, file.classes, file.input, file.testFrom, file.count]),
  );
  return contentHash([header, bytesOf(file.x), bytesOf(file.y)]);
}
