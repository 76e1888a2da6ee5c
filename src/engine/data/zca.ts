/**
 * ZCA whitening of an image dataset, as MTT whitens CIFAR (kornia's
 * ZCAWhitening with eps 0.1, on images normalised per channel): every
 * image x becomes (x_n - m) W, where x_n is x with each channel's mean and
 * spread taken out, m the training images' mean and W = (C + eps I)^(-1/2)
 * for their covariance C. Directions the images vary in little are
 * stretched, so edges stand out. W and its inverse come from one coupled
 * Newton-Schulz iteration, which is only matrix products: it runs on the
 * backend's fastest kernels (a GPU's, where there is one) and needs no
 * eigendecomposition, which tfjs lacks. The statistics are the training
 * split's; the test split is whitened with them.
 */
import * as tf from '@tensorflow/tfjs';
import { type Dataset, featureSize, type Split } from '../../core/data/dataset';

/** kornia's and MTT's regularisation: eigenvalues below it are not stretched past 1/sqrt(eps). */
export const ZCA_EPSILON = 0.1;
/** Rows turned into tensors at a time: bounds the memory the covariance and the transform take. */
const CHUNK_ROWS = 2048;
/** Newton-Schulz stops when ||Z Y - I|| per dimension falls under this, or after MAX_ITERATIONS. */
const TOLERANCE = 1e-4;
const MAX_ITERATIONS = 60;

/** What undoes the whitening, for showing whitened images (a distilled set) as pixels. */
export interface Whitening {
  epsilon: number;
  channelMean: Float32Array;
  channelStd: Float32Array;
  /** The normalised training images' mean, one value per pixel. */
  mean: Float32Array;
  /** (C + eps I)^(1/2), d x d row-major. */
  inverse: Float32Array;
}

/** A whitened dataset: the same examples as float32 in whitened space, and how to go back. */
export type WhitenedDataset = Dataset & { whitening: Whitening };

export const isWhitened = (dataset: Dataset): dataset is WhitenedDataset => 'whitening' in dataset;

/** Rows `start` to `end` of a split as floats in 0..1 (bytes over 255; a dataset file's floats as they are). */
function rows(split: Split, size: number, start: number, end: number): Float32Array {
  const values = split.x.subarray(start * size, end * size);
  if (values instanceof Float32Array) return values;
  return Float32Array.from(values, (v) => v / 255);
}

/** Each channel's mean and standard deviation over the training images (channels last). */
function channelStats(split: Split, size: number, channels: number): { mean: Float32Array; std: Float32Array } {
  const sum = new Float64Array(channels);
  const squares = new Float64Array(channels);
  for (let start = 0; start < split.count; start += CHUNK_ROWS) {
    const chunk = rows(split, size, start, Math.min(split.count, start + CHUNK_ROWS));
    for (let i = 0; i < chunk.length; i++) {
      sum[i % channels] += chunk[i];
      squares[i % channels] += chunk[i] * chunk[i];
    }
  }
  const count = (split.count * size) / channels;
  const mean = Float32Array.from(sum, (s) => s / count);
  const std = Float32Array.from(squares, (q, c) => Math.sqrt(Math.max(q / count - mean[c] ** 2, 1e-12)));
  return { mean, std };
}

/** Rows of a split normalised per channel, as a [rows, d] tensor. */
function normalised(split: Split, size: number, start: number, end: number, stats: Whitening | ChannelStats) {
  const channels = stats.channelMean.length;
  return tf.tidy(() => {
    const x = tf
      .tensor2d(rows(split, size, start, end), [end - start, size])
      .reshape([end - start, size / channels, channels]);
    return x
      .sub(tf.tensor1d(stats.channelMean))
      .div(tf.tensor1d(stats.channelStd))
      .reshape([end - start, size]);
  });
}

type ChannelStats = Pick<Whitening, 'channelMean' | 'channelStd'>;

/**
 * (A)^(-1/2) and A^(1/2) of a symmetric positive definite A, by the coupled
 * Newton-Schulz iteration on A / ||A||_F (whose eigenvalues lie in (0, 1],
 * where it converges): Y -> (A/c)^(1/2), Z -> (A/c)^(-1/2).
 */
export async function inverseSquareRoot(
  a: tf.Tensor2D,
): Promise<{ root: tf.Tensor2D; inverseRoot: tf.Tensor2D; iterations: number }> {
  const d = a.shape[0];
  const norm = tf.norm(a);
  const scale = (await norm.data())[0];
  norm.dispose();
  const identity = tf.eye(d);
  let y = tf.tidy(() => a.div(scale)) as tf.Tensor2D;
  let z = identity.clone() as tf.Tensor2D;
  let iterations = 0;
  try {
    for (; iterations < MAX_ITERATIONS; iterations++) {
      const [nextY, nextZ, error] = tf.tidy(() => {
        const zy = tf.matMul(z, y);
        const t = identity.mul(3).sub(zy).mul(0.5);
        return [tf.matMul(y, t), tf.matMul(t, z), tf.norm(zy.sub(identity)).div(Math.sqrt(d))];
      });
      // Read back asynchronously: a synchronous read can lose a WebGPU device.
      const converged = (await error.data())[0] < TOLERANCE;
      error.dispose();
      y.dispose();
      z.dispose();
      [y, z] = [nextY as tf.Tensor2D, nextZ as tf.Tensor2D];
      if (converged) break;
    }
    const root = tf.tidy(() => y.mul(Math.sqrt(scale))) as tf.Tensor2D;
    const inverseRoot = tf.tidy(() => z.div(Math.sqrt(scale))) as tf.Tensor2D;
    return { root, inverseRoot, iterations };
  } finally {
    tf.dispose([y, z, identity]);
  }
}

/** The split whitened: each chunk normalised, centred and multiplied by W, read back as float32. */
async function whitenSplit(split: Split, size: number, whitening: Whitening, w: tf.Tensor2D): Promise<Split> {
  const x = new Float32Array(split.count * size);
  const mean = tf.tensor1d(whitening.mean);
  try {
    for (let start = 0; start < split.count; start += CHUNK_ROWS) {
      const end = Math.min(split.count, start + CHUNK_ROWS);
      const out = tf.tidy(() => tf.matMul(normalised(split, size, start, end, whitening).sub(mean), w));
      x.set(await out.data(), start * size);
      out.dispose();
    }
  } finally {
    mean.dispose();
  }
  return { x, y: split.y, count: split.count };
}

/** The dataset whitened with its training split's statistics; an image dataset only. */
export async function whitenDataset(dataset: Dataset, epsilon = ZCA_EPSILON): Promise<WhitenedDataset> {
  const { input, train } = dataset;
  if (input.kind !== 'image') throw new Error(`ZCA whitening applies to images; "${dataset.id}" holds ${input.kind}`);
  const size = featureSize(input);
  const stats = channelStats(train, size, input.channels);
  const channel = { channelMean: stats.mean, channelStd: stats.std };
  // The mean, then the covariance, summed a chunk of rows at a time.
  let sum = tf.zeros([size]);
  for (let start = 0; start < train.count; start += CHUNK_ROWS) {
    const end = Math.min(train.count, start + CHUNK_ROWS);
    const next = tf.tidy(() => sum.add(normalised(train, size, start, end, channel).sum(0)));
    sum.dispose();
    sum = next;
  }
  const mean = tf.tidy(() => sum.div(train.count));
  sum.dispose();
  let covariance = tf.zeros([size, size]);
  for (let start = 0; start < train.count; start += CHUNK_ROWS) {
    const end = Math.min(train.count, start + CHUNK_ROWS);
    const next = tf.tidy(() => {
      const centred = normalised(train, size, start, end, channel).sub(mean);
      return covariance.add(tf.matMul(centred, centred, true, false));
    });
    covariance.dispose();
    covariance = next;
  }
  const regularised = tf.tidy(() =>
    covariance.div(Math.max(1, train.count - 1)).add(tf.eye(size).mul(epsilon)),
  ) as tf.Tensor2D;
  covariance.dispose();
  const { root, inverseRoot } = await inverseSquareRoot(regularised);
  regularised.dispose();
  try {
    const whitening: Whitening = {
      epsilon,
      ...channel,
      mean: (await mean.data()) as Float32Array,
      inverse: (await root.data()) as Float32Array,
    };
    return {
      ...dataset,
      train: await whitenSplit(train, size, whitening, inverseRoot),
      test: await whitenSplit(dataset.test, size, whitening, inverseRoot),
      whitening,
    };
  } finally {
    tf.dispose([mean, root, inverseRoot]);
  }
}

/** Whitened images (a distilled set's values, flat) back as pixels in 0..1, for showing them. */
export async function unwhiten(values: Float32Array, whitening: Whitening): Promise<Float32Array> {
  const size = whitening.mean.length;
  const channels = whitening.channelMean.length;
  const count = values.length / size;
  const pixels = tf.tidy(() =>
    tf
      .matMul(tf.tensor2d(values, [count, size]), tf.tensor2d(whitening.inverse, [size, size]))
      .add(tf.tensor1d(whitening.mean))
      .reshape([count, size / channels, channels])
      .mul(tf.tensor1d(whitening.channelStd))
      .add(tf.tensor1d(whitening.channelMean))
      .reshape([count * size]),
  );
  const out = (await pixels.data()) as Float32Array;
  pixels.dispose();
  return out;
}
