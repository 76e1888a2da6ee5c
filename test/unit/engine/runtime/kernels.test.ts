import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';

test('the wasm BatchMatMul replacement matches the cpu backend for every transpose case and for matrix-vector products', async () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[2, 7, 5], [2, 3, 7], true, true],
    [[64, 784], [64, 256], true, false],
    // Matrix times one column (the lab's SIMD matVec): widths around the 16-wide and 4-wide loops' edges.
    [[9, 784], [784, 1], false, false],
    [[5, 19], [19, 1], false, false],
    [[3, 3], [3, 1], false, false],
    [[1, 6, 33], [1, 33, 1], false, false],
    [[7, 21], [1, 21], false, true],
  ];
  const results = async (backend: 'cpu' | 'wasm') => {
    await initBackend({ prefer: backend, only: true });
    return cases.map(([shapeA, shapeB, ta, tb], i) => {
      // Seeds start at 1: tfjs treats seed 0 as "no seed".
      const a = tf.randomNormal(shapeA, 0, 1, 'float32', 2 * i + 1);
      const b = tf.randomNormal(shapeB, 0, 1, 'float32', 2 * i + 2);
      const before = tf.memory().numTensors;
      const out = tf.matMul(a, b, ta, tb);
      expect(tf.memory().numTensors).toBe(before + 1);
      return { shape: out.shape, values: Array.from(out.dataSync()) };
    });
  };
  const reference = await results('cpu');
  const wasm = await results('wasm');
  wasm.forEach((r, i) => {
    expect(r.shape).toEqual(reference[i].shape);
    r.values.forEach((v, j) => expect(v).toBeCloseTo(reference[i].values[j], 3));
  });
});

test('segment sums (the embedding gradient) match a hand computation on cpu and wasm, duplicates summed', async () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    await initBackend({ prefer: backend, only: true });
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    const ids = tf.tensor1d([2, 0, 2, 3], 'int32');
    expect(Array.from(tf.unsortedSegmentSum(x, ids, 5).dataSync())).toEqual([3, 4, 0, 0, 1 + 5, 2 + 6, 7, 8, 0, 0]);
    // Through the gather gradient, with a 2-D index tensor as the text model uses it.
    const table = tf.ones([4, 3]);
    const lookup = tf.tensor2d(
      [
        [1, 1],
        [3, 0],
      ],
      undefined,
      'int32',
    );
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, lookup)))(table);
    expect(Array.from(grad.dataSync())).toEqual([1, 1, 1, 2, 2, 2, 0, 0, 0, 1, 1, 1]);
  }
});

test('the wasm row gather matches the cpu backend (float and int rows, 2-D indices, any row size) and refuses an index out of range', async () => {
  const cases: [number[], 'float32' | 'int32', number[], number[]][] = [
    [[6, 5], 'float32', [4], [5, 0, 5, 2]],
    [[6, 2, 3], 'int32', [2, 2], [1, 1, 0, 5]],
    [[7], 'float32', [3], [6, 0, 3]],
    [[4, 3], 'float32', [0], []],
  ];
  const results = async (backend: 'cpu' | 'wasm') => {
    await initBackend({ prefer: backend, only: true });
    return cases.map(([shape, dtype, indexShape, ids]) =>
      tf.tidy(() => {
        const size = shape.reduce((a, b) => a * b, 1);
        const x = tf.tensor(
          Array.from({ length: size }, (_, i) => i * 1.5 - 3),
          shape,
          dtype,
        );
        const out = tf.gather(x, tf.tensor(ids, indexShape, 'int32'));
        return { shape: out.shape, values: Array.from(out.dataSync()) };
      }),
    );
  };
  expect(await results('wasm')).toEqual(await results('cpu'));
  const before = tf.memory().numTensors;
  expect(() => tf.tidy(() => tf.gather(tf.ones([3, 2]), tf.tensor1d([0, 3], 'int32')))).toThrow(
    'GatherV2: the index value 3 is not in [0, 2]',
  );
  expect(tf.memory().numTensors).toBe(before);
});
