import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { initBackend } from '../../src/engine/backend';

test('the wasm BatchMatMul replacement matches the cpu backend for every transpose case', async () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[2, 7, 5], [2, 3, 7], true, true],
    [[64, 784], [64, 256], true, false],
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
