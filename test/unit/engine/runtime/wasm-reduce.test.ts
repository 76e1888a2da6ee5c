import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { installWasmReductions } from '../../../../src/engine/runtime/kernels/wasm-reduce';

interface Case {
  shape: number[];
  axis: number | number[];
  keepDims: boolean;
  dtype: 'float32' | 'int32';
}

/** Contiguous blocks at the front, middle and end, all axes, single and negative axes, plus fallbacks. */
function cases(): Case[] {
  const raw: [number[], number | number[]][] = [
    [
      [64, 7, 7, 32],
      [0, 1, 2],
    ],
    [
      [16, 14, 14, 8],
      [1, 2],
    ],
    [
      [4, 9, 11, 5],
      [-3, -2],
    ],
    [
      [4, 9, 11, 5],
      [2, 1],
    ],
    [
      [3, 10, 6],
      [0, 1, 2],
    ],
    [[3, 10, 6], -1],
    [[3, 10, 6], 1],
    [[40, 3], 0],
    [[2, 50], -1],
    [[200], 0],
    [
      [5, 12, 7, 3],
      [1, 2, 3],
    ],
    [
      [5, 12, 7, 3],
      [-4, -3],
    ],
    [
      [6, 4, 5, 9],
      [0, 2],
    ], // not contiguous: native
    [
      [6, 4, 5, 9],
      [1, 3],
    ], // not contiguous: native
    [
      [6, 3, 2],
      [1, 2],
    ], // R = 6: native
    [
      [3, 1, 9, 1],
      [1, 2, 3],
    ],
    [
      [16, 28, 28, 8],
      [0, 1, 2],
    ], // a bias gradient: pooled in two stages
    [
      [1, 1009, 4],
      [0, 1],
    ], // a prime R: one stage
  ];
  const out: Case[] = [];
  for (const [shape, axis] of raw) {
    for (const keepDims of [false, true]) out.push({ shape, axis, keepDims, dtype: 'float32' });
  }
  out.push({ shape: [4, 9, 11, 5], axis: [1, 2], keepDims: true, dtype: 'int32' });
  out.push({ shape: [30, 4], axis: 0, keepDims: false, dtype: 'int32' });
  return out;
}

interface Result {
  shape: number[];
  dtype: string;
  values: number[];
}

/** Runs a kernel directly and checks that it leaves exactly one new tensor and one new buffer behind. */
function runKernel(name: string, x: tf.Tensor, attrs: object): Result {
  const tensors = tf.memory().numTensors;
  const buffers = tf.engine().backend.numDataIds();
  const out = tf.engine().runKernel(name, { x }, attrs as tf.NamedAttrMap) as tf.Tensor;
  expect(tf.memory().numTensors, name).toBe(tensors + 1);
  expect(tf.engine().backend.numDataIds(), name).toBe(buffers + 1);
  const result = { shape: out.shape, dtype: out.dtype, values: Array.from(out.dataSync()) };
  out.dispose();
  return result;
}

function compute(): Result[][] {
  return cases().map((c, i) => {
    // Seeds start at 1: tfjs treats seed 0 as "no seed".
    const normal = tf.randomNormal(c.shape, 0.5, 1, 'float32', i + 1);
    const x =
      c.dtype === 'int32'
        ? tf.tensor(
            Array.from(normal.dataSync(), (v) => Math.round(10 * v)),
            c.shape,
            'int32',
          )
        : normal;
    const attrs = { axis: c.axis, keepDims: c.keepDims };
    const results = [runKernel('Sum', x, attrs), runKernel('Mean', x, attrs)];
    tf.dispose([normal, x]);
    return results;
  });
}

function relativeError(actual: number[], expected: number[]): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

test('wasm Sum and Mean match the cpu backend on contiguous and fallback axes, without leaks', async () => {
  await initBackend({ prefer: 'cpu', only: true });
  const cpu = compute();
  await initBackend({ prefer: 'wasm', only: true });
  const installed = ['Sum', 'Mean'].map((name) => tf.getKernel(name, 'wasm')!.kernelFunc);
  installWasmReductions(); // a second install changes nothing
  expect(['Sum', 'Mean'].map((name) => tf.getKernel(name, 'wasm')!.kernelFunc)).toEqual(installed);
  const wasm = compute();
  const all = cases();
  cpu.forEach((pair, i) =>
    pair.forEach((expected, k) => {
      const label = `${['Sum', 'Mean'][k]} ${JSON.stringify(all[i])}`;
      const actual = wasm[i][k];
      expect(actual.shape, label).toEqual(expected.shape);
      expect(actual.dtype, label).toBe(expected.dtype);
      expect(actual.values.length, label).toBe(expected.values.length);
      expect(relativeError(actual.values, expected.values), label).toBeLessThan(1e-4);
    }),
  );
});

test('moments and bias-style sums keep their gradients on wasm', async () => {
  const grads = () =>
    tf.tidy(() => {
      const x = tf.randomNormal([8, 10, 10, 6], 0, 1, 'float32', 7);
      const g = tf.grads((t: tf.Tensor) => {
        const { mean, variance } = tf.moments(t, [1, 2], true);
        return tf.add(tf.sum(tf.mul(mean, variance)), tf.sum(tf.square(tf.sum(t, [0, 1, 2]))));
      })([x]);
      return Array.from(g[0].dataSync());
    });
  await initBackend({ prefer: 'cpu', only: true });
  const cpu = grads();
  await initBackend({ prefer: 'wasm', only: true });
  const before = tf.memory().numTensors;
  const wasm = grads();
  expect(tf.memory().numTensors).toBe(before);
  expect(relativeError(wasm, cpu)).toBeLessThan(1e-4);
});
