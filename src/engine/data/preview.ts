/**
 * A small, plain view of a dataset for the UI: class counts and the first
 * few examples of each class. Every array is a fresh copy: posting a view of
 * the dataset's arrays would structured-clone the whole buffer behind it.
 */
import { featureSize, type Dataset } from './dataset';

export type PreviewExample =
  | { pixels: Uint8Array; height: number; width: number; channels: number }
  | { text: string }
  | { point: [number, number] };

export interface DatasetPreview {
  id: string;
  name: string;
  kind: Dataset['input']['kind'];
  classes: string[];
  counts: { train: number[]; test: number[] };
  /** Per class, its first `perClass` training examples in train order. */
  examples: PreviewExample[][];
  /** Vector sets: every training point (first two features), for a scatter plot. */
  points?: { x: Float32Array; y: Float32Array; label: Int32Array };
}

export function previewDataset(dataset: Dataset, perClass: number): DatasetPreview {
  const { input, train } = dataset;
  const k = dataset.classes.length;
  const size = featureSize(input);
  const classCounts = (y: Int32Array) => {
    const counts = new Array<number>(k).fill(0);
    for (const c of y) counts[c]++;
    return counts;
  };

  const example = (i: number): PreviewExample => {
    switch (input.kind) {
      case 'image':
        return { pixels: (train.x as Uint8Array).slice(i * size, (i + 1) * size), height: input.height, width: input.width, channels: input.channels };
      case 'tokens':
        if (!dataset.texts) throw new Error(`dataset "${dataset.id}" has tokens but no texts to preview`);
        return { text: dataset.texts.train[i] };
      case 'vector':
        return { point: [train.x[i * size], train.x[i * size + 1]] };
    }
  };

  const examples: PreviewExample[][] = dataset.classes.map(() => []);
  for (let i = 0; i < train.count; i++) {
    const list = examples[train.y[i]];
    if (list.length < perClass) list.push(example(i));
  }

  const preview: DatasetPreview = {
    id: dataset.id,
    name: dataset.name,
    kind: input.kind,
    classes: [...dataset.classes],
    counts: { train: classCounts(train.y), test: classCounts(dataset.test.y) },
    examples,
  };
  if (input.kind === 'vector') {
    const x = new Float32Array(train.count);
    const y = new Float32Array(train.count);
    for (let i = 0; i < train.count; i++) {
      x[i] = train.x[i * size];
      y[i] = train.x[i * size + 1];
    }
    preview.points = { x, y, label: train.y.slice() };
  }
  return preview;
}
