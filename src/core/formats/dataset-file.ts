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
 * read it. This module holds the format and its writing; reading and
 * checking a file is dataset-file-parse.ts's.
 */
import { featureSize, type InputSpec } from '../data/dataset';
import { encodeBase64, floatBytes } from './float32-base64';

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

/** The model's input for one example of `shape` ([h, w, c] images, [n] vectors). */
export function inputFromShape(kind: InputSpec['kind'], shape: readonly number[]): InputSpec {
  if (kind === 'image' && shape.length === 3)
    return { kind: 'image', height: shape[0], width: shape[1], channels: shape[2] };
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
    throw new DatasetFileError(
      `${content.values.length} values for ${count} examples of ${size} each (expected ${count * size})`,
    );
  }
  const file: DatasetFileJson = {
    format: DATASET_FILE_FORMAT,
    version: DATASET_FILE_VERSION,
    name: content.name,
    classes: [...content.classes],
    input: { ...content.input },
    testFrom: content.testFrom,
    count,
    values: {
      dtype: 'float32',
      byteOrder: 'little-endian',
      encoding: 'base64',
      data: encodeBase64(floatBytes(content.values)),
    },
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
    name: `${run.label} of ${data.name} (seed ${run.seed})`.slice(0, DATASET_FILE_LIMITS.nameLength),
    classes: data.classes,
    input: inputFromShape(data.kind, synthetic.shape),
    testFrom: data.testFrom,
    labels: synthetic.classes,
    values: synthetic.values,
    source: { dataset: data.id, method: run.method, label: run.label, seed: run.seed, loss: synthetic.loss },
  });
}
