/**
 * Where batches come from. On a GPU the split is uploaded once, in its compact
 * form, and a batch is one gather and one conversion on the device. tfjs has
 * no uint8 tensors, so pixels travel three to a 32-bit word (24 bits stay
 * exact even where WebGL stores int32 as float): 1.33 bytes per pixel on the
 * device instead of 4. On the
 * CPU backends (wasm, cpu) the tensors live in host memory anyway, and tfjs's
 * wasm Gather is slow (3 ms for 64 MNIST rows), so rows are copied and
 * converted on the host into one buffer and handed over as one tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { featureSize, type InputSpec, type Split } from '../../core/data/dataset';
import type { BackendName } from '../../core/backend-name';

/**
 * Converts raw features [batch, featureSize] to what the models read. Image
 * bytes (0..255) are scaled to 0..1; float32 images (a dataset file's
 * distilled set) are already in the model's units.
 */
export function prepareInput(raw: tf.Tensor, input: InputSpec, fromBytes = true): tf.Tensor {
  return tf.tidy(() => {
    const batch = raw.shape[0];
    switch (input.kind) {
      case 'image': {
        const pixels = tf.cast(raw, 'float32');
        return tf.reshape(fromBytes ? tf.div(pixels, 255) : pixels, [batch, input.height, input.width, input.channels]);
      }
      case 'tokens':
        return tf.cast(raw, 'int32');
      case 'vector':
        return tf.cast(raw, 'float32');
    }
  });
}

export interface Batch {
  x: tf.Tensor;
  /** Class indices, int32. */
  y: tf.Tensor1D;
}

/** A split as the training loop and evaluation read it. */
export interface BatchSource {
  readonly count: number;
  /** The examples at `indices`, prepared for the model. */
  gather(indices: Int32Array): Batch;
  /** A contiguous run of examples, prepared for the model (evaluation). */
  slice(start: number, size: number): Batch;
  dispose(): void;
}

export function batchSource(split: Split, input: InputSpec, backend: BackendName): BatchSource {
  return backend === 'wasm' || backend === 'cpu' ? new HostSplit(split, input) : new DeviceSplit(split, input);
}

const BYTES_PER_WORD = 3;

function wordsPerRow(size: number): number {
  return Math.ceil(size / BYTES_PER_WORD);
}

/** Rows of `size` bytes packed three to an int32 word (little end first), `ceil(size / 3)` words a row. */
export function packBytes(bytes: Uint8Array, count: number, size: number): Int32Array {
  const words = wordsPerRow(size);
  const packed = new Int32Array(count * words);
  for (let row = 0; row < count; row++) {
    const from = row * size;
    const end = from + size;
    for (let w = 0, j = from; w < words; w++, j += BYTES_PER_WORD) {
      // Past the row's end (the last word's spare bytes) reads count as 0.
      const b1 = j + 1 < end ? bytes[j + 1] : 0;
      const b2 = j + 2 < end ? bytes[j + 2] : 0;
      packed[row * words + w] = bytes[j] | (b1 << 8) | (b2 << 16);
    }
  }
  return packed;
}

/** The float32 byte values [rows, size] of packed rows [rows, words]; divisions by powers of two are exact. */
function unpackBytes(packed: tf.Tensor2D, size: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [rows, words] = packed.shape;
    const places = tf.tensor3d([1, 256, 65536], [1, 1, BYTES_PER_WORD]);
    const shifted = tf.floor(tf.div(tf.reshape(tf.cast(packed, 'float32'), [rows, words, 1]), places));
    const bytes = tf.reshape(tf.mod(shifted, 256), [rows, words * BYTES_PER_WORD]);
    return bytes.shape[1] === size ? bytes : tf.slice(bytes, [0, 0], [rows, size]);
  }) as tf.Tensor2D;
}

export class DeviceSplit implements BatchSource {
  private readonly x: tf.Tensor2D;
  private readonly y: tf.Tensor1D;
  private readonly packed: boolean;
  private readonly size: number;
  readonly count: number;

  constructor(
    split: Split,
    private readonly input: InputSpec,
  ) {
    this.count = split.count;
    this.size = featureSize(input);
    this.packed = split.x instanceof Uint8Array;
    if (split.x instanceof Uint8Array) {
      this.x = tf.tensor2d(packBytes(split.x, split.count, this.size), [split.count, wordsPerRow(this.size)], 'int32');
    } else {
      this.x = tf.tensor2d(split.x, [split.count, this.size], split.x instanceof Float32Array ? 'float32' : 'int32');
    }
    this.y = tf.tensor1d(split.y, 'int32');
  }

  gather(indices: Int32Array): Batch {
    return tf.tidy(() => {
      const idx = tf.tensor1d(indices, 'int32');
      return { x: this.prepare(tf.gather(this.x, idx)), y: tf.gather(this.y, idx) };
    });
  }

  slice(start: number, size: number): Batch {
    return tf.tidy(() => ({
      x: this.prepare(tf.slice(this.x, [start, 0], [size, -1])),
      y: tf.slice(this.y, [start], [size]),
    }));
  }

  private prepare(rows: tf.Tensor2D): tf.Tensor {
    return prepareInput(this.packed ? unpackBytes(rows, this.size) : rows, this.input, this.packed);
  }

  dispose(): void {
    this.x.dispose();
    this.y.dispose();
  }
}

/** Batches assembled in host memory: one conversion loop and one upload per batch. */
export class HostSplit implements BatchSource {
  readonly count: number;
  private readonly size: number;

  constructor(
    private readonly split: Split,
    private readonly input: InputSpec,
  ) {
    this.count = split.count;
    this.size = featureSize(input);
  }

  gather(indices: Int32Array): Batch {
    const { size } = this;
    const x =
      this.input.kind === 'tokens' ? new Int32Array(indices.length * size) : new Float32Array(indices.length * size);
    const y = new Int32Array(indices.length);
    const scale = this.input.kind === 'image' && this.split.x instanceof Uint8Array ? 1 / 255 : 1;
    for (let row = 0; row < indices.length; row++) {
      const from = indices[row] * size;
      const to = row * size;
      for (let j = 0; j < size; j++) x[to + j] = this.split.x[from + j] * scale;
      y[row] = this.split.y[indices[row]];
    }
    return { x: tf.tensor(x, this.shape(indices.length)), y: tf.tensor1d(y, 'int32') };
  }

  slice(start: number, size: number): Batch {
    return this.gather(Int32Array.from({ length: size }, (_, i) => start + i));
  }

  private shape(batch: number): number[] {
    const { input } = this;
    return input.kind === 'image' ? [batch, input.height, input.width, input.channels] : [batch, this.size];
  }

  dispose(): void {}
}
