/**
 * The in-memory dataset every method and model works on. Features stay in
 * their compact form (uint8 pixels, int32 token ids, float32 points) and are
 * converted per batch on the device.
 */
export type InputSpec =
  /**
   * Pixels laid out height x width x channels per example: uint8 bytes, or
   * float32 already in the model's units, about 0..1 (a dataset file's).
   */
  | { kind: 'image'; height: number; width: number; channels: number }
  /** Token ids, int32, padded/truncated to `length`; 0 is padding, 1 unknown. */
  | { kind: 'tokens'; length: number; vocabSize: number }
  /** Real-valued feature vectors, float32 (the 2-D toy sets). */
  | { kind: 'vector'; length: number };

export type Features = Uint8Array | Int32Array | Float32Array;

export interface Split {
  /** Flat features, `count * featureSize(input)` values. */
  x: Features;
  /** Class index per example. */
  y: Int32Array;
  count: number;
}

/** Texts read one at a time: a bundled pack's strings, or an upload's texts packed as UTF-8 (upload/packed-texts.ts). */
export interface TextList {
  readonly length: number;
  /** Text `i`, for 0 <= i < length. */
  text(i: number): string;
}

export interface Dataset {
  id: string;
  name: string;
  classes: string[];
  input: InputSpec;
  train: Split;
  /** The fixed held-out set; never used for selection or training. */
  test: Split;
  /** Text datasets keep their raw texts for previews. */
  texts?: { train: TextList; test: TextList };
  /** The vocabulary of a tokenized dataset, index = token id. */
  vocabulary?: string[];
}

export function featureSize(input: InputSpec): number {
  switch (input.kind) {
    case 'image':
      return input.height * input.width * input.channels;
    case 'tokens':
    case 'vector':
      return input.length;
  }
}

/** The rows of `split` at `indices`, as a split of their own. */
export function subsetSplit(split: Split, input: InputSpec, indices: Int32Array): Split {
  const size = featureSize(input);
  const x = new (split.x.constructor as new (length: number) => Split['x'])(indices.length * size);
  indices.forEach((row, i) => x.set(split.x.subarray(row * size, (row + 1) * size), i * size));
  return { x, y: Int32Array.from(indices, (row) => split.y[row]), count: indices.length };
}

/** Indices of the examples of each class, in dataset order. */
export function indicesByClass(y: Int32Array, classCount: number): Int32Array[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const label of y) counts[label]++;
  const groups = counts.map((c) => new Int32Array(c));
  const filled = new Array<number>(classCount).fill(0);
  for (let i = 0; i < y.length; i++) groups[y[i]][filled[y[i]]++] = i;
  return groups;
}

/** Examples per class of the training and test splits. */
export function classSizes(dataset: Dataset): { train: number[]; test: number[] } {
  const count = (y: Int32Array) => indicesByClass(y, dataset.classes.length).map((members) => members.length);
  return { train: count(dataset.train.y), test: count(dataset.test.y) };
}
