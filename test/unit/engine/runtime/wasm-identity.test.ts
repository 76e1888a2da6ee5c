import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';

test('on wasm, Identity and same-type Cast share the buffer, and each copy outlives its source', async () => {
  await initBackend({ prefer: 'wasm', only: true });
  const buffers = tf.engine().backend.numDataIds();
  const x = tf.tensor([1.5, -2.25, 3], [3], 'float32');
  const copy = tf.clone(x);
  const same = tf.cast(x, 'float32');
  expect(tf.engine().backend.numDataIds()).toBe(buffers + 1);
  x.dispose();
  expect(Array.from(copy.dataSync())).toEqual([1.5, -2.25, 3]);
  expect(Array.from(same.dataSync())).toEqual([1.5, -2.25, 3]);
  copy.dispose();
  expect(Array.from(same.dataSync())).toEqual([1.5, -2.25, 3]);
  same.dispose();
  expect(tf.engine().backend.numDataIds()).toBe(buffers);
});

test('on wasm, a Cast to another type still converts', async () => {
  await initBackend({ prefer: 'wasm', only: true });
  const x = tf.tensor([1.75, -2.25, 0], [3], 'float32');
  const ints = tf.cast(x, 'int32');
  expect(ints.dtype).toBe('int32');
  expect(Array.from(ints.dataSync())).toEqual([1, -2, 0]);
  const back = tf.cast(ints, 'float32');
  expect(Array.from(back.dataSync())).toEqual([1, -2, 0]);
  tf.dispose([x, ints, back]);
});
