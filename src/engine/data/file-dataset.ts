/**
 * A lab dataset file (dataset-file.ts) opened as a dataset: its examples are
 * the training split, and the test split is the held-out split of the
 * bundled dataset it names. Opened completely (file checked, test split
 * loaded and matched) before it is added to a program's datasets, so that a
 * bad file changes nothing.
 */
import type { Dataset } from '../../core/data/dataset';
import { DatasetFileError } from '../../core/formats/dataset-file';
import { datasetFileHash, parseDatasetFile } from '../../core/formats/dataset-file-parse';
import type { OpenDatasets } from './open-datasets';
import { DATASETS, type DatasetEntry, type PackSource } from './registry';

/** The prefix of a dataset file's id; the rest is a hash of its content. */
export const FILE_DATASET_PREFIX = 'file-';

/** The bundled datasets a file may be tested on: those whose examples a file can hold. */
const testableDatasets = () => DATASETS.filter((d) => d.kind === 'image' || d.kind === 'vector');

const describeInput = (input: Dataset['input']) => {
  switch (input.kind) {
    case 'image':
      return `${input.height}x${input.width}x${input.channels} images`;
    case 'vector':
      return `vectors of ${input.length} values`;
    case 'tokens':
      return `token sequences of length ${input.length}`;
  }
};

function sameInput(a: Dataset['input'], b: Dataset['input']): boolean {
  if (a.kind === 'image' && b.kind === 'image')
    return a.height === b.height && a.width === b.width && a.channels === b.channels;
  if (a.kind === 'vector' && b.kind === 'vector') return a.length === b.length;
  return false;
}

/** Values beyond this many times the test set's largest are no data any model was meant to read. */
const VALUE_RANGE = 100;

/** A warning where the file's values reach far beyond those of the test set it is tested on (a set that ran away). */
function rangeWarnings(x: Float32Array, tested: Dataset): string[] {
  const largest = (values: ArrayLike<number>) => {
    let max = 0;
    for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
    return max;
  };
  // The file holds values as the model reads them: pixels in 0..1, where the pack holds bytes.
  const testLargest = largest(tested.test.x) / (tested.test.x instanceof Uint8Array ? 255 : 1);
  const fileLargest = largest(x);
  if (fileLargest <= VALUE_RANGE * testLargest) return [];
  return [
    `its values reach ${fileLargest.toPrecision(3)}, over ${VALUE_RANGE} times the largest in ${tested.name}'s test set (${testLargest.toPrecision(3)})`,
  ];
}

export interface OpenedFile {
  entry: DatasetEntry;
  dataset: Dataset;
}

/**
 * Reads, checks and loads a dataset file (`bytes`), and its test split
 * through `source`; adds it to no datasets. Refusals are DatasetFileErrors.
 */
export async function openDatasetFile(
  bytes: string | ArrayBuffer | Uint8Array,
  source: PackSource,
  fileName = 'dataset file',
): Promise<OpenedFile> {
  const file = parseDatasetFile(bytes, fileName);
  const fail = (message: string): never => {
    throw new DatasetFileError(`${fileName}: ${message}`);
  };
  const allowed = testableDatasets();
  const base = allowed.find((d) => d.id === file.testFrom);
  if (!base) {
    const text = DATASETS.find((d) => d.id === file.testFrom);
    fail(
      text
        ? `testFrom "${file.testFrom}" is a ${text.kind} dataset; a dataset file is tested on an image or 2-D dataset: ${allowed.map((d) => d.id).join(', ')}`
        : `testFrom "${file.testFrom}" is not a bundled dataset; it may name ${allowed.map((d) => d.id).join(', ')}`,
    );
  }
  let tested: Dataset;
  try {
    tested = await base!.load(source, {});
  } catch (error) {
    return fail(`could not load the test split of "${base!.id}": ${(error as Error).message}`);
  }
  if (!sameInput(tested.input, file.input)) {
    fail(`its examples are ${describeInput(file.input)}, but ${tested.name} holds ${describeInput(tested.input)}`);
  }
  if (tested.classes.length !== file.classes.length) {
    fail(`it has ${file.classes.length} classes, but ${tested.name} has ${tested.classes.length}`);
  }
  file.classes.forEach((name, c) => {
    if (name !== tested.classes[c])
      fail(`class ${c} is "${name}" in the file but "${tested.classes[c]}" in ${tested.name}`);
  });

  const warnings = [...file.warnings, ...rangeWarnings(file.x, tested)];
  const warning =
    warnings.length > 0
      ? `${fileName}: ${warnings.join('; ')}; a model trained on its examples may learn nothing.`
      : undefined;
  const id = `${FILE_DATASET_PREFIX}${datasetFileHash(file)}`;
  const dataset: Dataset = {
    id,
    name: file.name,
    classes: [...tested.classes],
    input: tested.input,
    train: { x: file.x, y: file.y, count: file.count },
    // Copies: the pack's whole buffer (its training split too) need not stay alive.
    test: { x: tested.test.x.slice(), y: tested.test.y.slice(), count: tested.test.count },
  };
  const perClass = new Array<number>(file.classes.length).fill(0);
  for (const c of file.y) perClass[c]++;
  const entry: DatasetEntry = {
    id,
    name: file.name,
    description: `From a dataset file: ${file.count} training examples (${perClass.join('/')} per class), tested on ${tested.name}'s held-out test set (${tested.test.count}).${warning ? ` Warning: ${warning}` : ''}`,
    kind: file.input.kind,
    testFrom: base!.id,
    ...(warning ? { warning } : {}),
    load: async () => dataset,
  };
  return { entry, dataset };
}

/** Opens a dataset file and, once it has loaded, adds it to `datasets` (those a config may name). */
export async function registerDatasetFile(
  datasets: OpenDatasets,
  bytes: string | ArrayBuffer | Uint8Array,
  source: PackSource,
  fileName?: string,
): Promise<OpenedFile> {
  const opened = await openDatasetFile(bytes, source, fileName);
  datasets.add(opened.entry);
  return opened;
}
