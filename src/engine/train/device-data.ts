/**
 * A split held on the backend once, in its compact form, so that a batch is
 * one gather and one conversion on the device rather than per-example JS work.
 */
import * as tf from '@tensorflow/tfjs';
import { featureSize, type InputSpec, type Split } from '../data/dataset';

/** Converts raw features [batch, featureSize] to what the models read. */
export function prepareInput(raw: tf.Tensor, input: InputSpec): tf.Tensor {
  return tf.tidy(() => {
    const batch = raw.shape[0];
    switch (input.kind) {
      case 'image':
        return tf.reshape(tf.div(tf.cast(raw, 'float32'), 255), [batch, input.height, input.width, input.channels]);
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

export class DeviceSplit {
  private readonly x: tf.Tensor2D;
  private readonly y: tf.Tensor1D;
  readonly count: number;

  constructor(split: Split, private readonly input: InputSpec) {
    this.count = split.count;
    const dtype = split.x instanceof Float32Array ? 'float32' : 'int32';
    this.x = tf.tensor2d(split.x, [split.count, featureSize(input)], dtype);
    this.y = tf.tensor1d(split.y, 'int32');
  }

  /** The examples at `indices`, prepared for the model. */
  gather(indices: Int32Array): Batch {
    return tf.tidy(() => {
      const idx = tf.tensor1d(indices, 'int32');
      return { x: prepareInput(tf.gather(this.x, idx), this.input), y: tf.gather(this.y, idx) };
    });
  }

  /** A contiguous run of examples, prepared for the model (evaluation). */
  slice(start: number, size: number): Batch {
    return tf.tidy(() => ({
      x: prepareInput(tf.slice(this.x, [start, 0], [size, -1]), this.input),
      y: tf.slice(this.y, [start], [size]),
    }));
  }

  dispose(): void {
    this.x.dispose();
    this.y.dispose();
  }
}
