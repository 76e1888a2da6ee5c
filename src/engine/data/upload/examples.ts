/** What a format's reader makes of a file: examples in one of the lab's three kinds, their labels, and notes for the person uploading. */
import type { InputSpec } from '../../../core/data/dataset';
import type { TextEncoding } from '../text-dataset';
import type { LabelledClasses } from './labels';
import type { PackedTexts } from './packed-texts';

export type UploadExamples =
  /** Pixels as the bundled images hold them (bytes), or float32 already in the model's units (0..1). */
  | { kind: 'image'; input: Extract<InputSpec, { kind: 'image' }>; x: Uint8Array | Float32Array }
  /** Raw texts, packed; tokenized when the dataset loads (each load may ask for its own sequence length). */
  | { kind: 'tokens'; texts: PackedTexts; encoding: TextEncoding; seqLength: number }
  | { kind: 'vector'; input: Extract<InputSpec, { kind: 'vector' }>; x: Float32Array };

/** A split the file itself gives (an archive's official one): the first `train` examples are for training, the `test` after them for testing. */
export interface FixedSplit {
  train: number;
  test: number;
}

export interface ReadExamples {
  labels: LabelledClasses;
  examples: UploadExamples;
  /** What the reader chose or changed, in a sentence each (images resized, columns ignored, ...). */
  notes: string[];
  /** The file's own split, which the person's split choice does not change. */
  split?: FixedSplit;
  /** The dataset's name where the content tells it (a known archive's), rather than the file's. */
  name?: string;
}
