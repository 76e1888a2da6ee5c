/**
 * What the page shows to confirm an upload before it is stored: its kind,
 * classes with counts, notes, and the first few examples of each class.
 */
import { featureSize } from '../../../core/data/dataset';
import { pixelBytes, type PreviewExample } from '../../../core/data/preview';
import type { FixedSplit, UploadExamples } from './examples';
import { textAt } from './packed-texts';
import type { ParsedUpload, UploadFormat } from './read-upload';

export interface UploadSummary {
  fileName: string;
  name: string;
  format: UploadFormat;
  kind: UploadExamples['kind'];
  /** The examples in a few words: "28x28 grey images", "texts", "vectors of 4 features". */
  shape: string;
  count: number;
  classes: { name: string; count: number }[];
  notes: string[];
  /** Per class, its first few examples in file order. */
  examples: PreviewExample[][];
  /** The file's own split, where it gives one: the page offers no split to choose. */
  split?: FixedSplit;
  /** About how many bytes the dataset takes in the browser's storage once confirmed. */
  storedBytes: number;
}

/** About how many bytes an upload takes kept: its examples and labels (texts as UTF-8). */
export function keptBytes({ examples, y }: ParsedUpload): number {
  const content =
    examples.kind === 'tokens'
      ? examples.texts.bytes.byteLength + examples.texts.offsets.byteLength
      : examples.x.byteLength;
  return content + y.byteLength;
}

export function describeExamples(examples: UploadExamples): string {
  switch (examples.kind) {
    case 'image': {
      const { height, width, channels } = examples.input;
      return `${height}x${width} ${channels === 1 ? 'grey' : 'colour'} images`;
    }
    case 'tokens':
      return 'texts';
    case 'vector':
      return `vectors of ${examples.input.length} features`;
  }
}

function exampleAt(examples: UploadExamples, i: number): PreviewExample {
  switch (examples.kind) {
    case 'image': {
      const { height, width, channels } = examples.input;
      const size = featureSize(examples.input);
      return { pixels: pixelBytes(examples.x.subarray(i * size, (i + 1) * size)), height, width, channels };
    }
    case 'tokens':
      return { text: textAt(examples.texts, i) };
    case 'vector': {
      const { length } = examples.input;
      return { point: [examples.x[i * length], examples.x[i * length + 1]] };
    }
  }
}

export function uploadSummary(upload: ParsedUpload, perClass: number): UploadSummary {
  const counts = new Array<number>(upload.classes.length).fill(0);
  const examples: PreviewExample[][] = upload.classes.map(() => []);
  upload.y.forEach((c, i) => {
    counts[c]++;
    if (examples[c].length < perClass) examples[c].push(exampleAt(upload.examples, i));
  });
  return {
    fileName: upload.fileName,
    name: upload.name,
    format: upload.format,
    kind: upload.examples.kind,
    shape: describeExamples(upload.examples),
    count: upload.y.length,
    classes: upload.classes.map((name, c) => ({ name, count: counts[c] })),
    notes: [...upload.notes],
    examples,
    ...(upload.split ? { split: { ...upload.split } } : {}),
    storedBytes: keptBytes(upload),
  };
}
