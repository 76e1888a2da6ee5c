import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { DeviceSplit, HostSplit, packBytes } from '../../../../src/engine/train/batch-source';
import type { InputSpec, Split } from '../../../../src/core/data/dataset';
import { Rng } from '../../../../src/core/rng';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', only: true });
});

function pixels(count: number, size: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const bytes = Uint8Array.from({ length: count * size }, () => rng.int(256));
  bytes[0] = 255;
  bytes[bytes.length - 1] = 255;
  return bytes;
}

test('packBytes puts three bytes in a word, little end first, and pads the last word of a row with zeros', () => {
  expect(Array.from(packBytes(Uint8Array.from([1, 2, 3, 4, 255, 6, 7, 255]), 2, 4))).toEqual([
    1 + 2 * 256 + 3 * 65536,
    4,
    255 + 6 * 256 + 7 * 65536,
    255,
  ]);
});

test('on the device, images take a third of int32 storage and batches equal the host-built ones', () => {
  // Row sizes that leave 1, 2 and 0 bytes in the last word.
  for (const [height, width] of [
    [28, 28],
    [1, 5],
    [2, 3],
  ]) {
    const input: InputSpec = { kind: 'image', height, width, channels: 1 };
    const size = height * width;
    const count = 40;
    const split: Split = {
      count,
      x: pixels(count, size, size),
      y: Int32Array.from({ length: count }, (_, i) => i % 10),
    };
    const before = tf.memory().numBytes;
    const device = new DeviceSplit(split, input);
    expect(tf.memory().numBytes - before).toBe(count * Math.ceil(size / 3) * 4 + count * 4);
    const host = new HostSplit(split, input);
    const indices = Int32Array.from([39, 0, 7, 7, 21]);
    for (const [a, b] of [
      [device.gather(indices), host.gather(indices)],
      [device.slice(3, 11), host.slice(3, 11)],
    ]) {
      expect(a.x.shape).toEqual(b.x.shape);
      expect(Array.from(a.x.dataSync())).toEqual(Array.from(b.x.dataSync()));
      expect(Array.from(a.y.dataSync())).toEqual(Array.from(b.y.dataSync()));
      tf.dispose([a.x, a.y, b.x, b.y]);
    }
    device.dispose();
    expect(tf.memory().numBytes).toBe(before);
  }
});

test('token and vector splits keep their element type on the device', () => {
  const tokens: InputSpec = { kind: 'tokens', length: 4, vocabSize: 50000 };
  const split: Split = { count: 2, x: Int32Array.from([49999, 3, 0, 1, 7, 8, 9, 40000]), y: Int32Array.from([0, 1]) };
  const batch = new DeviceSplit(split, tokens).gather(Int32Array.from([1, 0]));
  expect(batch.x.dtype).toBe('int32');
  expect(Array.from(batch.x.dataSync())).toEqual([7, 8, 9, 40000, 49999, 3, 0, 1]);
  const vector: InputSpec = { kind: 'vector', length: 2 };
  const points = new DeviceSplit(
    { count: 2, x: Float32Array.from([0.5, -1.25, 3, 4]), y: Int32Array.from([0, 1]) },
    vector,
  );
  expect(Array.from(points.slice(0, 2).x.dataSync())).toEqual([0.5, -1.25, 3, 4]);
});
