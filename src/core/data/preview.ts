/**
 * Small, plain views of a dataset for the UI: class counts and the first
 * few examples of each class, or of a subset a method picked. Every array is
 * a fresh copy: posting a view of the dataset's arrays would structured-clone
 * the whole buffer behind it.
 */
import { type Dataset, featureSize, type InputSpec } from './dataset';

export type PreviewExample =
  | { pixels: Uint8Array; height: number; width: number; channels: number }
  /** `note`: a second, quieter line, e.g. what a synthetic text moved toward. */
  | { text: string; note?: string }
  | { point: [number, number] };

/** Every training point of a 2-D set (its first two features), in train order, for a scatter plot. */
export interface PreviewPoints {
  x: Float32Array;
  y: Float32Array;
  label: Int32Array;
}

export interface DatasetPreview {
  id: string;
  name: string;
  kind: Dataset['input']['kind'];
  classes: string[];
  counts: { train: number[]; test: number[] };
  /** Per class, its first `perClass` training examples in train order. */
  examples: PreviewExample[][];
  /** Vector sets: every training point. */
  points?: PreviewPoints;
}

/** What a method picked, as the UI shows it. */
export interface SelectionPreview {
  kind: Dataset['input']['kind'];
  classes: string[];
  /** Per class, how many of the picked examples it holds. */
  picked: number[];
  /** Per class, its first `perClass` picked examples, in pick order. */
  examples: PreviewExample[][];
  /** Vector sets: every training point, to show the picked ones among them. */
  points?: PreviewPoints;
}

/** An image's pixels as bytes: a copy of uint8 pixels, or float32 ones (0..1) scaled and clamped. */
export function pixelBytes(pixels: Uint8Array | Int32Array | Float32Array): Uint8Array {
  if (pixels instanceof Uint8Array) return pixels.slice();
  return Uint8Array.from(pixels, (value) => (value > 0 ? Math.round(Math.min(value, 1) * 255) : 0));
}

/** Training example `i` as the page shows it. */
export function exampleOf(dataset: Dataset, i: number): PreviewExample {
  const { input, train } = dataset;
  const size = featureSize(input);
  switch (input.kind) {
    case 'image':
      return {
        pixels: pixelBytes(train.x.subarray(i * size, (i + 1) * size)),
        height: input.height,
        width: input.width,
        channels: input.channels,
      };
    case 'tokens':
      if (!dataset.texts) throw new Error(`dataset "${dataset.id}" has tokens but no texts to preview`);
      return { text: dataset.texts.train.text(i) };
    case 'vector':
      return { point: [train.x[i * size], train.x[i * size + 1]] };
  }
}

/** Training examples `indices` (in their order) grouped by class: the first `perClass` of each, and each class's count. */
function byClass(
  dataset: Dataset,
  indices: Iterable<number>,
  perClass: number,
): { examples: PreviewExample[][]; counts: number[] } {
  const examples: PreviewExample[][] = dataset.classes.map(() => []);
  const counts = new Array<number>(dataset.classes.length).fill(0);
  for (const i of indices) {
    const c = dataset.train.y[i];
    counts[c]++;
    if (examples[c].length < perClass) examples[c].push(exampleOf(dataset, i));
  }
  return { examples, counts };
}

function trainPoints(dataset: Dataset): PreviewPoints | undefined {
  const { input, train } = dataset;
  if (input.kind !== 'vector') return undefined;
  const size = featureSize(input);
  const x = new Float32Array(train.count);
  const y = new Float32Array(train.count);
  for (let i = 0; i < train.count; i++) {
    x[i] = train.x[i * size];
    y[i] = train.x[i * size + 1];
  }
  return { x, y, label: train.y.slice() };
}

function* range(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}

export function previewDataset(dataset: Dataset, perClass: number): DatasetPreview {
  const { examples, counts } = byClass(dataset, range(dataset.train.count), perClass);
  const testCounts = new Array<number>(dataset.classes.length).fill(0);
  for (const c of dataset.test.y) testCounts[c]++;
  const preview: DatasetPreview = {
    id: dataset.id,
    name: dataset.name,
    kind: dataset.input.kind,
    classes: [...dataset.classes],
    counts: { train: counts, test: testCounts },
    examples,
  };
  const points = trainPoints(dataset);
  if (points) preview.points = points;
  return preview;
}

/** The examples at training `indices` (a method's picks, in pick order): the first `perClass` of each class. */
export function previewSelection(dataset: Dataset, indices: readonly number[], perClass: number): SelectionPreview {
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= dataset.train.count)
      throw new Error(`index ${i} is not in the training set of "${dataset.id}" (0..${dataset.train.count - 1})`);
  }
  const { examples, counts } = byClass(dataset, indices, perClass);
  const selection: SelectionPreview = {
    kind: dataset.input.kind,
    classes: [...dataset.classes],
    picked: counts,
    examples,
  };
  const points = trainPoints(dataset);
  if (points) selection.points = points;
  return selection;
}

export interface MixedExample {
  /** Training indices of the example and of its partner. */
  source: number;
  partner: number;
  /** The two as the data preview shows them. */
  sources: [PreviewExample, PreviewExample];
  /** The blend the model reads, where the mix is in input space (images, points). */
  mixed?: PreviewExample;
  /** The example's target: a weight per class, summing to 1. */
  weights: number[];
  /** The classes of the example and of its partner, so that its own weight can be named first. */
  labels: [number, number];
}

export interface MixPreview {
  kind: InputSpec['kind'];
  classes: string[];
  /** The batch's share of each example's own part; 1 where the draw left the batch unmixed. */
  lambda: number;
  /** Where the model blends, for a mix inside the model (one of its mixPoints). */
  at?: string;
  examples: MixedExample[];
}
