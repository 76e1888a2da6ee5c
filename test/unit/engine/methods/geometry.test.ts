/**
 * The greedy selections give the same picks whether they run whole in the
 * lab's SIMD module (wasm) or composed of tfjs ops (cpu, and the GPU
 * backends), and the composed k-means and facility location agree across
 * backends too.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import {
  FACILITY_MAX_ROWS,
  facilityLocation,
  herding,
  kCenterGreedy,
  kMeans,
} from '../../../../src/engine/methods/coreset/geometry';
import { wasmGreedy } from '../../../../src/engine/runtime/kernels/wasm-greedy';
import { Rng } from '../../../../src/core/rng';

function features(rows: number, cols: number): Float32Array {
  const rng = new Rng(9);
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

async function picksOn(backend: 'cpu' | 'wasm') {
  await initBackend({ prefer: backend, only: true });
  // 37 columns: the SIMD loops' 16-wide, 4-wide and scalar tails all run.
  const x = tf.tensor2d(features(300, 37), [300, 37]);
  const before = tf.memory().numTensors;
  const result = {
    simd: wasmGreedy() !== null,
    herding: Array.from(await herding(x, 40)),
    kcenter: Array.from(await kCenterGreedy(x, 40, 5)),
    kmeans: Array.from(await kMeans(x, 6, new Rng(2))),
    facility: Array.from(await facilityLocation(x, 20)),
  };
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  return result;
}

test('herding, k-center, k-means and facility location pick the same on wasm (SIMD) and cpu (tfjs ops)', async () => {
  const cpu = await picksOn('cpu');
  const wasm = await picksOn('wasm');
  expect(cpu.simd).toBe(false);
  expect(wasm.simd).toBe(true);
  expect(new Set(wasm.herding).size).toBe(40);
  expect(new Set(wasm.kcenter).size).toBe(40);
  expect(wasm.kcenter[0]).toBe(5);
  expect(wasm.herding).toEqual(cpu.herding);
  expect(wasm.kcenter).toEqual(cpu.kcenter);
  expect(wasm.kmeans).toEqual(cpu.kmeans);
  expect(wasm.facility).toEqual(cpu.facility);
});

test('facility location refuses a group larger than its distance table, saying why', async () => {
  await initBackend({ prefer: 'wasm', only: true });
  const x = tf.zeros([FACILITY_MAX_ROWS + 1, 1]) as tf.Tensor2D;
  await expect(facilityLocation(x, 10)).rejects.toThrow(
    `facility location compares every pair of examples: ${FACILITY_MAX_ROWS + 1} in one group is more than ${FACILITY_MAX_ROWS}`,
  );
  x.dispose();
});
