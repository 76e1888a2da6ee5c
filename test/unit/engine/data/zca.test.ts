/** ZCA whitening: the inverse square root is right, whitened images decorrelate, and they go back to their pixels. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import type { Dataset } from '../../../../src/core/data/dataset';
import { Rng } from '../../../../src/core/rng';
import { inverseSquareRoot, unwhiten, whitenDataset, ZCA_EPSILON } from '../../../../src/engine/data/zca';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThan(tolerance);
};

test('the coupled Newton-Schulz iteration gives A^(1/2) and A^(-1/2) of a symmetric positive definite A', async () => {
  const rng = new Rng(3);
  const d = 24;
  const b = tf.tensor2d(
    Float32Array.from({ length: d * d }, () => rng.next() - 0.5),
    [d, d],
  );
  // Eigenvalues from 0.1 to a few: as a regularised covariance's.
  const a = tf.tidy(() => tf.matMul(b, b, false, true).add(tf.eye(d).mul(0.1))) as tf.Tensor2D;
  const { root, inverseRoot, iterations } = await inverseSquareRoot(a);
  expect(iterations).toBeLessThan(60);
  close(tf.matMul(root, root).dataSync(), a.dataSync(), 1e-3);
  close(tf.matMul(tf.matMul(inverseRoot, a), inverseRoot).dataSync(), tf.eye(d).dataSync(), 1e-3);
  tf.dispose([a, b, root, inverseRoot]);
});

/** 600 4x4 two-channel images whose pixels move together: a smooth ramp per image, plus a little noise. */
function correlatedImages(): Dataset {
  const rng = new Rng(9);
  const [side, channels, count] = [4, 2, 600];
  const size = side * side * channels;
  const x = new Uint8Array(count * size);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    y[i] = i % 2;
    const level = 60 + 120 * rng.next() + 40 * y[i];
    for (let p = 0; p < size; p++) x[i * size + p] = Math.round(Math.min(255, level + (p % 8) * 6 + 10 * rng.next()));
  }
  const split = (from: number, to: number) => ({
    x: x.slice(from * size, to * size),
    y: y.slice(from, to),
    count: to - from,
  });
  return {
    id: 'ramps',
    name: 'ramps',
    classes: ['dim', 'bright'],
    input: { kind: 'image', height: side, width: side, channels },
    train: split(0, 500),
    test: split(500, 600),
  };
}

test('whitened training images have covariance I - eps (C + eps I)^-1, and unwhiten gives their pixels back', async () => {
  const before = tf.memory().numTensors;
  const dataset = correlatedImages();
  const whitened = await whitenDataset(dataset);
  const size = 32;
  expect(whitened.train.x).toBeInstanceOf(Float32Array);
  expect(whitened.test.count).toBe(100);
  const x = tf.tensor2d(whitened.train.x as Float32Array, [500, size]);
  const covariance = tf.tidy(() => {
    const centred = x.sub(x.mean(0));
    return tf.matMul(centred, centred, true, false).div(499);
  });
  // The whitened mean is 0; the covariance is W C W = I - eps A^-1 with A = C + eps I = inverse^2.
  const mean = x.mean(0);
  close(mean.dataSync(), new Float32Array(size), 1e-3);
  const inverse = tf.tensor2d(whitened.whitening.inverse, [size, size]);
  const a = tf.matMul(inverse, inverse) as tf.Tensor2D;
  const expected = tf.tidy(() => tf.eye(size).sub(inverseOf(a).mul(ZCA_EPSILON)));
  close(covariance.dataSync(), expected.dataSync(), 2e-3);
  const pixels = await unwhiten(whitened.train.x.slice(0, 3 * size) as Float32Array, whitened.whitening);
  close(
    pixels,
    Float32Array.from(dataset.train.x.slice(0, 3 * size), (v) => v / 255),
    1e-3,
  );
  tf.dispose([x, mean, covariance, inverse, a, expected]);
  expect(tf.memory().numTensors).toBe(before);
});

/** The inverse of a small symmetric positive definite matrix, by Gauss-Jordan on the host. */
function inverseOf(a: tf.Tensor2D): tf.Tensor2D {
  const n = a.shape[0];
  const m = Array.from({ length: n }, (_, i) => [
    ...Array.from(a.dataSync().slice(i * n, (i + 1) * n)),
    ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  ]);
  for (let c = 0; c < n; c++) {
    const pivot = m[c][c];
    for (let j = 0; j < 2 * n; j++) m[c][j] /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return tf.tensor2d(
    m.flatMap((row) => row.slice(n)),
    [n, n],
  );
}

test('whitening refuses data that are not images', async () => {
  const dataset = { ...correlatedImages(), id: 'points', input: { kind: 'vector' as const, length: 32 } };
  await expect(whitenDataset(dataset)).rejects.toThrow('ZCA whitening applies to images; "points" holds vector');
});
