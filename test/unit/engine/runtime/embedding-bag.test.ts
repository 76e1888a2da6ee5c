/**
 * The text model's pooling (ops/embedding-bag.ts): the fused wasm kernels
 * give the composed op's numbers each way, refuse ids outside the table, and
 * a gradient recorded for differentiating again goes through tfjs ops.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { loadSimdKernels } from '../../../../src/engine/runtime/kernels/wasm-simd';
import { EMBEDDING_BAG, EMBEDDING_BAG_GRAD, embeddingBagSum } from '../../../../src/engine/runtime/ops/embedding-bag';

/** Embedding widths with and without a remainder past the 4-wide SIMD lanes. */
const CASES = [
  { rows: 7, dim: 6, batch: 4, length: 5 },
  { rows: 50, dim: 64, batch: 9, length: 30 },
];

function maxRelativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  return tf.tidy(
    () =>
      tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0] / Math.max(1e-6, tf.max(tf.abs(expected)).dataSync()[0]),
  );
}

/** Ids with padding (0) at the end and inside, repeated tokens, and one sequence all padding. */
function inputs({ rows, dim, batch, length }: (typeof CASES)[number], seed: number) {
  const table = tf.randomNormal([rows, dim], 0, 1, 'float32', seed) as tf.Tensor2D;
  const drawn = tf.randomUniform([batch, length], 0, rows, 'int32', seed + 1);
  const padAfter = tf.less(tf.range(0, length, 1, 'int32'), tf.randomUniform([batch, 1], 1, length, 'int32', seed + 2));
  const ids = tf.where(padAfter, drawn, tf.zerosLike(drawn));
  const allPadding = tf.concat([tf.zeros([1, length], 'int32'), tf.ones([batch - 1, length], 'int32')], 0);
  const dy = tf.randomNormal([batch, dim], 0, 1, 'float32', seed + 3) as tf.Tensor2D;
  return { table, ids: tf.mul(ids, allPadding) as tf.Tensor2D, dy };
}

/** The pooled sums, and the table's gradient of sum(pooled * dy), through the op the model calls. */
function forwardAndGradient(index: number): number[][] {
  return tf.tidy(() => {
    const { table, ids, dy } = inputs(CASES[index], 10 * index + 1);
    const pooled = embeddingBagSum(table, ids);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embeddingBagSum(t as tf.Tensor2D, ids), dy)))(table);
    return [pooled, grad].map((t) => Array.from(t.dataSync()));
  });
}

test("on wasm the fused kernels give the composed op's sums and gradient, without leaks", async () => {
  await initBackend({ prefer: 'cpu', only: true });
  expect(tf.getKernel(EMBEDDING_BAG, 'cpu')).toBeUndefined();
  const composed = CASES.map((_, i) => forwardAndGradient(i));
  await initBackend({ prefer: 'wasm', only: true });
  expect(await loadSimdKernels()).toBeNull();
  expect(tf.getKernel(EMBEDDING_BAG, 'wasm')).toBeDefined();
  expect(tf.getKernel(EMBEDDING_BAG_GRAD, 'wasm')).toBeDefined();
  const tensors = tf.memory().numTensors;
  const buffers = tf.engine().backend.numDataIds();
  const fused = CASES.map((_, i) => forwardAndGradient(i));
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.engine().backend.numDataIds()).toBe(buffers);
  CASES.forEach((shape, i) =>
    fused[i].forEach((values, k) =>
      expect(
        maxRelativeError(tf.tensor(values), tf.tensor(composed[i][k])),
        `${JSON.stringify(shape)} #${k}`,
      ).toBeLessThan(1e-5),
    ),
  );
  // Padding adds nothing: the all-padding sequence pools to zeros, and row 0 gets no gradient.
  const { dim, rows } = CASES[1];
  expect(fused[1][0].slice(0, dim).every((v) => v === 0)).toBe(true);
  expect(fused[1][1].slice(0, dim).every((v) => v === 0)).toBe(true);
  expect(fused[1][1].slice(dim, rows * dim).some((v) => v !== 0)).toBe(true);
});

test('an id outside the table is refused, naming it', async () => {
  await initBackend({ prefer: 'wasm', only: true });
  const tensors = tf.memory().numTensors;
  tf.tidy(() => {
    const table = tf.ones([5, 4]) as tf.Tensor2D;
    expect(() => embeddingBagSum(table, tf.tensor2d([[1, 5]], [1, 2], 'int32'))).toThrow(
      /token id 5 is not in \[0, 4\]/,
    );
    expect(() => embeddingBagSum(table, tf.tensor2d([[-1, 2]], [1, 2], 'int32'))).toThrow(
      /token id -1 is not in \[0, 4\]/,
    );
  });
  expect(tf.memory().numTensors).toBe(tensors);
});

test('a second-order gradient through the op (recorded, so composed) is the same on wasm as on cpu', async () => {
  // f(table) = || d/dtable sum(pooled^2) ||^2: the pooling's gradient differentiated again.
  const secondOrder = () =>
    tf.tidy(() => {
      const { table, ids } = inputs(CASES[0], 5);
      const f = (t: tf.Tensor) =>
        tf.sum(tf.square(tf.grad((u: tf.Tensor) => tf.sum(tf.square(embeddingBagSum(u as tf.Tensor2D, ids))))(t)));
      return tf.grad(f)(table);
    });
  await initBackend({ prefer: 'cpu', only: true });
  const cpu = secondOrder();
  await initBackend({ prefer: 'wasm', only: true });
  const wasm = secondOrder();
  expect(maxRelativeError(wasm, cpu)).toBeLessThan(1e-4);
  expect(tf.max(tf.abs(cpu)).dataSync()[0]).toBeGreaterThan(1e-3);
});
