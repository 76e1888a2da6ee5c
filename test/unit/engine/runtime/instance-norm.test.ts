import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { loadSimdKernels } from '../../../../src/engine/runtime/kernels/wasm-simd';
import {
  composedInstanceNorm,
  composedInstanceNormGrad,
  INSTANCE_NORM,
  INSTANCE_NORM_GRAD,
  instanceNormGradGrad,
  instanceNormRelu,
} from '../../../../src/engine/runtime/ops/instance-norm';

type Shape = [number, number, number, number];
/** Channel counts with and without a remainder past the 4-wide SIMD lanes; a 28x28x32 ConvNet activation. */
const SHAPES: Shape[] = [
  [3, 5, 7, 6],
  [2, 4, 4, 1],
  [4, 6, 6, 8],
  [2, 28, 28, 32],
];

function maxRelativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  return tf.tidy(
    () =>
      tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0] / Math.max(1e-6, tf.max(tf.abs(expected)).dataSync()[0]),
  );
}

function inputs(shape: Shape, seed: number) {
  const c = shape[3];
  return {
    // Shifted and scaled so that the statistics matter; gamma of both signs.
    x: tf.randomNormal(shape, 0.7, 2.5, 'float32', seed) as tf.Tensor4D,
    gamma: tf.randomNormal([c], 0.5, 1, 'float32', seed + 1),
    beta: tf.randomNormal([c], 0, 1, 'float32', seed + 2),
    dy: tf.randomNormal(shape, 0, 1, 'float32', seed + 3) as tf.Tensor4D,
  };
}

test('the closed-form gradient equals autodiff of the composed instance norm, with and without ReLU', async () => {
  await initBackend({ prefer: 'cpu', only: true });
  SHAPES.forEach((shape, i) => {
    for (const relu of [false, true]) {
      tf.tidy(() => {
        const { x, gamma, beta, dy } = inputs(shape, 10 * i + 1);
        const attrs = { epsilon: 1e-5, relu };
        const auto = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          composedInstanceNorm(a as tf.Tensor4D, g, b, attrs),
        )([x, gamma, beta], dy);
        const closed = composedInstanceNormGrad(dy, x, gamma, beta, attrs);
        closed.forEach((grad, k) =>
          expect(maxRelativeError(grad, auto[k]), `${shape} relu ${relu} #${k}`).toBeLessThan(1e-4),
        );
      });
    }
  });
});

test('the closed-form gradient of the gradient equals autodiff of the composed gradient, with and without ReLU', async () => {
  await initBackend({ prefer: 'cpu', only: true });
  SHAPES.forEach((shape, i) => {
    for (const relu of [false, true]) {
      tf.tidy(() => {
        const { x, gamma, beta, dy } = inputs(shape, 10 * i + 5);
        const c = shape[3];
        // Cotangents of (dx, dgamma, dbeta), as a second backward pass brings them.
        const a = tf.randomNormal(shape, 0, 1, 'float32', 10 * i + 6) as tf.Tensor4D;
        const p = tf.randomNormal([c], 0, 1, 'float32', 10 * i + 7);
        const q = tf.randomNormal([c], 0, 1, 'float32', 10 * i + 8);
        const attrs = { epsilon: 1e-5, relu };
        // Beta reaches the gradient only through the ReLU's mask, which is flat: it has no gradient to compare.
        const auto = tf.grads((d: tf.Tensor, input: tf.Tensor, g: tf.Tensor) => {
          const [dx, dgamma, dbeta] = composedInstanceNormGrad(d as tf.Tensor4D, input as tf.Tensor4D, g, beta, attrs);
          return tf.addN([tf.sum(tf.mul(a, dx)), tf.sum(tf.mul(p, dgamma)), tf.sum(tf.mul(q, dbeta))]);
        })([dy, x, gamma]);
        const closed = instanceNormGradGrad([a, p, q], dy, x, gamma, beta, attrs);
        [closed.dy, closed.x, closed.gamma].forEach((grad, k) =>
          expect(maxRelativeError(grad, auto[k]), `${shape} relu ${relu} #${k}`).toBeLessThan(1e-3),
        );
      });
    }
  });
});

/** The forward, and the gradients of sum(y * dy) for x, gamma, beta, through the op the model calls. */
function forwardAndGradients(shape: Shape, seed: number): number[][] {
  return tf.tidy(() => {
    const { x, gamma, beta, dy } = inputs(shape, seed);
    const y = instanceNormRelu(x, gamma, beta);
    const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(instanceNormRelu(a as tf.Tensor4D, g, b), dy)),
    )([x, gamma, beta]);
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

test('on wasm the fused kernels match the composed op on cpu, without leaks', async () => {
  await initBackend({ prefer: 'cpu', only: true });
  expect(tf.getKernel(INSTANCE_NORM, 'cpu')).toBeUndefined();
  const cpu = SHAPES.map((shape, i) => forwardAndGradients(shape, 10 * i + 1));
  await initBackend({ prefer: 'wasm', only: true });
  expect(await loadSimdKernels()).toBeNull();
  expect(tf.getKernel(INSTANCE_NORM, 'wasm')).toBeDefined();
  expect(tf.getKernel(INSTANCE_NORM_GRAD, 'wasm')).toBeDefined();
  const tensors = tf.memory().numTensors;
  const buffers = tf.engine().backend.numDataIds();
  const wasm = SHAPES.map((shape, i) => forwardAndGradients(shape, 10 * i + 1));
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.engine().backend.numDataIds()).toBe(buffers);
  SHAPES.forEach((shape, i) =>
    wasm[i].forEach((values, k) => {
      const expected = tf.tensor(cpu[i][k]);
      expect(maxRelativeError(tf.tensor(values), expected), `${shape} output #${k}`).toBeLessThan(1e-4);
    }),
  );
});

test('the fused wasm kernels without ReLU match the composed op', async () => {
  await initBackend({ prefer: 'wasm', only: true });
  tf.tidy(() => {
    const { x, gamma, beta, dy } = inputs([3, 5, 7, 6], 7);
    const attrs = { epsilon: 1e-5, relu: false };
    const fused = tf
      .engine()
      .runKernel(INSTANCE_NORM, { x, gamma, beta }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    expect(maxRelativeError(fused, composedInstanceNorm(x, gamma, beta, attrs))).toBeLessThan(1e-5);
    const fusedGrads = tf
      .engine()
      .runKernel(INSTANCE_NORM_GRAD, { dy, x, gamma, beta }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    composedInstanceNormGrad(dy, x, gamma, beta, attrs).forEach((g, k) =>
      expect(maxRelativeError(fusedGrads[k], g), `#${k}`).toBeLessThan(1e-4),
    );
  });
});

test('a second-order gradient through the op (on wasm the fused gradient and its closed-form gradient) is the same as on cpu', async () => {
  // f(x) = || d/dgamma sum(instanceNormRelu(x) * w) ||^2, differentiated in x: distillation's shape of computation.
  const secondOrder = () =>
    tf.tidy(() => {
      const { x, gamma, beta, dy: w } = inputs([2, 6, 6, 5], 3);
      const f = (input: tf.Tensor) =>
        tf.sum(
          tf.square(
            tf.grad((g: tf.Tensor) => tf.sum(tf.mul(instanceNormRelu(input as tf.Tensor4D, g, beta), w)))(gamma),
          ),
        );
      return tf.grad(f)(x);
    });
  await initBackend({ prefer: 'cpu', only: true });
  const cpu = secondOrder();
  await initBackend({ prefer: 'wasm', only: true });
  const wasm = secondOrder();
  expect(maxRelativeError(wasm, cpu)).toBeLessThan(1e-3);
  expect(tf.max(tf.abs(cpu)).dataSync()[0]).toBeGreaterThan(1e-3);
});
