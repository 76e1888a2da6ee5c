/**
 * A confirmed upload as a dataset: split into training and test examples as
 * the person chose (or as the file itself splits them: a CIFAR archive's
 * official split), named by a hash of its content and split; the caller
 * adds it to its datasets once it is whole.
 */
import { bytesOf, contentHash } from '../../../core/formats/content-hash';
import { featureSize, subsetSplit, type Dataset, type Split } from '../../../core/data/dataset';
import type { DatasetEntry } from '../registry';
import { stratifiedSplit, type IndexSplit } from '../split';
import { sequenceLength, tokenizedDataset } from '../text-dataset';
import { MAX_SEED, Rng } from '../../../core/rng';
import { grouped } from '../../../core/upload/limits';
import type { FixedSplit } from './examples';
import { quoted } from './names';
import { PackedTextList, textBytes, textCount } from './packed-texts';
import type { ParsedUpload } from './read-upload';
import { describeExamples } from './summary';
import { UploadError, fail } from './upload-error';

/** The prefix of an upload's dataset id; the rest is a hash of its content and split. */
export const UPLOAD_DATASET_PREFIX = 'upload-';

export interface SplitChoice {
  /** The share of examples held out for testing. */
  testFraction: number;
  /** Every class keeps its share on both sides (else a seeded random split). */
  stratified: boolean;
  seed: number;
}

export const DEFAULT_SPLIT: SplitChoice = { testFraction: 0.2, stratified: true, seed: 0 };
export const TEST_FRACTION = { min: 0.05, max: 0.5 };

/** A share as the form's box shows it: 0.143 -> "14.3%". */
const percent = (fraction: number) => `${Number((fraction * 100).toPrecision(12))}%`;

function splitIndices(y: Int32Array, choice: SplitChoice): IndexSplit {
  const { testFraction, stratified, seed } = choice;
  if (!(testFraction >= TEST_FRACTION.min && testFraction <= TEST_FRACTION.max)) {
    const asked = Number.isFinite(testFraction) ? percent(testFraction) : JSON.stringify(testFraction);
    fail(`the test share must be from ${percent(TEST_FRACTION.min)} to ${percent(TEST_FRACTION.max)}, not ${asked}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    fail(`the split's seed must be a whole number from 0 to ${MAX_SEED}, not ${seed}`);
  const rng = new Rng(seed);
  if (stratified) return stratifiedSplit(y, { fraction: testFraction }, rng);
  const order = rng.permutation(y.length);
  const testCount = Math.round(y.length * testFraction);
  return { train: order.slice(testCount), test: order.slice(0, testCount) };
}

/** The file's own split: its first examples for training, the rest for testing. */
function fixedIndices({ train, test }: FixedSplit, count: number): IndexSplit {
  if (train < 1 || test < 1 || train + test !== count)
    throw new Error(`a fixed split of ${train} + ${test} examples does not fit ${count} examples`);
  const range = (from: number, length: number) => Int32Array.from({ length }, (_, i) => from + i);
  return { train: range(0, train), test: range(train, test) };
}

/** The split, checked: a test set, training examples of every class, and (stratified) test examples of every class. */
function checkedSplit(upload: ParsedUpload, choice: SplitChoice): IndexSplit {
  if (upload.split) return fixedIndices(upload.split, upload.y.length);
  const split = splitIndices(upload.y, choice);
  const share = `a test share of ${percent(choice.testFraction)} of ${grouped(upload.y.length)} examples`;
  if (split.test.length === 0) fail(`${share} holds none; choose a larger share`);
  const classesIn = (indices: Int32Array) => new Set(Array.from(indices, (i) => upload.y[i]));
  const trained = classesIn(split.train);
  const untrained = upload.classes.find((_, c) => !trained.has(c));
  if (untrained !== undefined)
    fail(`this split leaves class ${quoted(untrained)} without training examples; choose a stratified split`);
  const tested = classesIn(split.test);
  if (choice.stratified && tested.size < upload.classes.length) {
    fail(
      `${share} holds ${grouped(split.test.length)}, too few to test each of the ${upload.classes.length} classes; choose a larger share`,
    );
  }
  return split;
}

function hashOf(upload: ParsedUpload, choice: SplitChoice): string {
  const { examples } = upload;
  const encoder = new TextEncoder();
  const shape =
    examples.kind === 'tokens' ? { encoding: examples.encoding, seqLength: examples.seqLength } : examples.input;
  // A file's own split is the split, whatever was chosen.
  const split = upload.split
    ? ['fixed', upload.split.train, upload.split.test]
    : [choice.testFraction, choice.stratified, choice.seed];
  const header = encoder.encode(JSON.stringify([examples.kind, shape, upload.classes, ...split]));
  // A text at a time, as the texts were hashed before they were kept packed: the same upload keeps its id.
  const content =
    examples.kind === 'tokens'
      ? Array.from({ length: textCount(examples.texts) }, (_, i) => textBytes(examples.texts, i))
      : [bytesOf(examples.x)];
  return contentHash([header, bytesOf(upload.y), ...content]);
}

/** The dataset entry an upload makes with the chosen split. */
export function uploadEntry(upload: ParsedUpload, choice: SplitChoice): DatasetEntry {
  try {
    return entryOf(upload, choice);
  } catch (error) {
    if (error instanceof UploadError) throw new UploadError(`${upload.fileName}: ${error.message}`);
    throw error;
  }
}

function entryOf(upload: ParsedUpload, choice: SplitChoice): DatasetEntry {
  const split = checkedSplit(upload, choice);
  const id = `${UPLOAD_DATASET_PREFIX}${hashOf(upload, choice)}`;
  const { name, classes, y, examples } = upload;
  const about = { id, name, classes: [...classes] };
  const splitWords = upload.split
    ? "the file's own split"
    : `${choice.stratified ? 'stratified' : 'random'} split, seed ${choice.seed}`;
  const description =
    `Uploaded from ${upload.fileName}: ${grouped(y.length)} ${describeExamples(examples)} in ${classes.length} classes; ` +
    `${grouped(split.train.length)} train / ${grouped(split.test.length)} test (${splitWords}).`;
  const entry = { id, name, description, kind: examples.kind };

  if (examples.kind === 'tokens') {
    const part = (indices: Int32Array) => ({
      texts: new PackedTextList(examples.texts, indices),
      y: Int32Array.from(indices, (i) => y[i]),
    });
    const train = part(split.train);
    const test = part(split.test);
    // Tokenized on load, as a bundled text pack is: each run may ask for its own sequence length.
    return {
      ...entry,
      load: async (_source, options) =>
        tokenizedDataset(
          about,
          train,
          test,
          examples.encoding,
          sequenceLength(id, options.seqLength, examples.seqLength),
        ),
    };
  }
  const all = { x: examples.x, y, count: y.length };
  const dataset: Dataset = {
    ...about,
    input: examples.input,
    ...(upload.split
      ? rangeParts(all, featureSize(examples.input), upload.split)
      : {
          train: subsetSplit(all, examples.input, split.train),
          test: subsetSplit(all, examples.input, split.test),
        }),
  };
  return { ...entry, load: async () => dataset };
}

/** A file's own split as views of its examples: a CIFAR archive's 184 MB of images are not copied. */
function rangeParts(all: Split, size: number, { train, test }: FixedSplit): { train: Split; test: Split } {
  const part = (from: number, count: number): Split => ({
    x: all.x.subarray(from * size, (from + count) * size),
    y: all.y.subarray(from, from + count),
    count,
  });
  return { train: part(0, train), test: part(train, test) };
}
