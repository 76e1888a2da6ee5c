/**
 * The datasets bundled with the lab. Adding a dataset is one entry here (and,
 * for a bundled pack, one builder in scripts/prepare-data.ts). Those a
 * program adds while it runs are in its OpenDatasets (open-datasets.ts).
 */
import type { CatalogDataset } from '../../core/settings/catalog';
import { LAB_TRAINING, type SuggestedTraining } from '../../core/settings/suggested';
import type { Dataset, Split } from '../../core/data/dataset';
import { decodePack } from './pack';
import {
  CHAR_ENCODING,
  sequenceLength,
  StringTexts,
  tokenizedDataset,
  WORD_ENCODING,
  type TextEncoding,
} from './text-dataset';
import { makeToyDataset, toyName, type ToyId } from './toy';

/** Reads a bundled pack file by name, e.g. "mnist.pack" (fetch in the browser, fs in Node). */
export type PackSource = (file: string, onProgress?: (loaded: number, total: number) => void) => Promise<ArrayBuffer>;

export interface LoadOptions {
  /** Token sequence length for text datasets (each has its own default). */
  seqLength?: number;
  onProgress?: (loaded: number, total: number) => void;
}

/** A dataset the lab can load: what the page lists of it (core/settings/catalog.ts), and how it loads. */
export interface DatasetEntry extends CatalogDataset {
  load(source: PackSource, options: LoadOptions): Promise<Dataset>;
}

// ---- bundled packs (built by scripts/prepare-data.ts) ---------------------

/** Decodes `<id>.pack` and checks that it is the pack this entry expects. */
async function openPack(id: string, inputKind: 'image' | 'text', source: PackSource, options: LoadOptions) {
  const file = `${id}.pack`;
  const pack = decodePack(await source(file, options.onProgress), file);
  const { header } = pack;
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}; rebuild it with \`npm run prepare-data -- --force\``);
  };
  if (header.id !== id) fail(`holds dataset "${header.id}", expected "${id}"`);
  if (header.input.kind !== inputKind) fail(`holds ${header.input.kind} data, expected ${inputKind}`);
  const labels = (split: 'train' | 'test') => {
    const count = split === 'train' ? header.trainCount : header.testCount;
    const y = Int32Array.from(pack.section(`${split}.y`, 'uint8'));
    if (y.length !== count) fail(`${split}.y has ${y.length} labels, header says ${count}`);
    if (y.some((c) => c >= header.classes.length))
      fail(`${split}.y has a label outside the ${header.classes.length} classes`);
    return y;
  };
  return { pack, header, labels, fail };
}

function imageEntry(id: string, name: string, description: string, suggested: SuggestedTraining): DatasetEntry {
  return {
    id,
    name,
    description,
    kind: 'image',
    suggested,
    async load(source, options) {
      const { pack, header, labels, fail } = await openPack(id, 'image', source, options);
      if (header.input.kind !== 'image') return fail('is not an image pack');
      const input = { ...header.input };
      const size = input.height * input.width * input.channels;
      if (size === 0) fail('has empty images');
      const split = (part: 'train' | 'test'): Split => {
        const y = labels(part);
        const x = pack.section(`${part}.x`, 'uint8');
        if (x.length !== y.length * size) fail(`${part}.x has ${x.length} bytes, expected ${y.length} x ${size}`);
        return { x, y, count: y.length };
      };
      return { id, name, classes: header.classes, input, train: split('train'), test: split('test') };
    },
  };
}

interface TextOptions extends TextEncoding {
  defaultSeqLength: number;
}

function textEntry(
  id: string,
  name: string,
  description: string,
  text: TextOptions,
  suggested: SuggestedTraining,
): DatasetEntry {
  return {
    id,
    name,
    description,
    kind: 'tokens',
    suggested,
    async load(source, options) {
      const length = sequenceLength(id, options.seqLength, text.defaultSeqLength);
      const { pack, labels, fail } = await openPack(id, 'text', source, options);
      const texts = (part: 'train' | 'test'): StringTexts => {
        const raw = pack.section(`${part}.texts`, 'json');
        if (!Array.isArray(raw) || !raw.every((t) => typeof t === 'string'))
          return fail(`${part}.texts is not a list of strings`);
        return new StringTexts(raw);
      };
      const train = { texts: texts('train'), y: labels('train') };
      const test = { texts: texts('test'), y: labels('test') };
      if (train.texts.length !== train.y.length || test.texts.length !== test.y.length)
        fail('text and label counts differ');
      return tokenizedDataset({ id, name, classes: pack.header.classes }, train, test, text, length);
    },
  };
}

function toyEntry(id: ToyId, description: string, suggested: SuggestedTraining): DatasetEntry {
  return { id, name: toyName(id), description, kind: 'vector', suggested, load: async () => makeToyDataset(id) };
}

/*
 * Each dataset's suggested training (core/settings/suggested.ts), with the
 * default model for its kind (MLP, or the text model) and SGD. Measured with
 * `npm run lab -- run`, seed 0, tfjs wasm in Node on one thread of a shared
 * 2-core machine: full data's test accuracy and training time (the range
 * over repeated runs).
 */
export const DATASETS: readonly DatasetEntry[] = [
  // 94.7%, 2.9 s (the lab's own settings).
  imageEntry(
    'mnist',
    'MNIST (10k digits)',
    'Handwritten digits 0-9, 28x28 grey; 8,000 train / 2,000 held-out test.',
    LAB_TRAINING,
  ),
  // 87.9%, 10-12 s: 60,000 examples a pass; at the lab's 5 epochs of batch 64, 88.7% in 20 s.
  imageEntry(
    'fashion-mnist',
    'Fashion-MNIST',
    'Clothing in 10 classes, 28x28 grey; 60,000 train / 10,000 held-out test.',
    { epochs: 3, batchSize: 128, lr: 0.1 },
  ),
  // 94.9%, 4.3-4.8 s (72% of the test mails are ham); 92.2% at the lab's settings.
  textEntry(
    'spam',
    'SpamAssassin (spam vs ham)',
    'E-mail bodies labelled spam or ham, read as word tokens; 80/20 split.',
    { ...WORD_ENCODING, defaultSeqLength: 200 },
    { epochs: 5, batchSize: 32, lr: 0.1 },
  ),
  // 75.4%, 4.0-6.5 s (57% of the test names are female): about what a bag of characters can tell; 73.1% at the lab's settings.
  textEntry(
    'names',
    'First names (gender)',
    'English first names labelled female or male, read character by character; 80/20 split.',
    { ...CHAR_ENCODING, defaultSeqLength: 16 },
    { epochs: 20, batchSize: 32, lr: 0.1 },
  ),
  // 100%, 1.4-2.5 s; 93.5% at the lab's settings.
  toyEntry('moons', 'Two interleaved half circles in 2-D, with a little noise.', {
    epochs: 50,
    batchSize: 32,
    lr: 0.1,
  }),
  // 99.75%, 2.5-3.6 s; 62.5% at the lab's settings, whose boundaries cut across the arms.
  toyEntry('spirals', 'Three spiral arms in 2-D; not linearly separable.', { epochs: 100, batchSize: 32, lr: 0.1 }),
  // 98.75%, 0.7-0.8 s (the blobs overlap: about the best there is).
  toyEntry('blobs', 'Four gaussian clusters in 2-D that overlap a little.', { epochs: 20, batchSize: 32, lr: 0.1 }),
];
