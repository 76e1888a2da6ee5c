import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { installWasmConvKernels } from '../../../../src/engine/runtime/kernels/wasm-conv';
import { convnet } from '../../../../src/engine/models/convnet';
import { text } from '../../../../src/engine/models/text';
import { Rng } from '../../../../src/core/rng';
import { oneHotTargets, softCrossEntropy } from '../../../../src/engine/train/loss';

type Pad = 'same' | 'valid' | number;
interface ConvCase {
  n: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  f: number;
  s: number;
  pad: Pad;
}

/**
 * Random geometries: strides 1 and 2, same/valid/numeric padding (2 > f - 1
 * crops dy), batch 1 and 16, odd sizes. Half have wide filters (the filter
 * gradient as a convolution), half few input channels (through input patches).
 */
function convCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  let k = 0;
  for (const s of [1, 2]) {
    for (const pad of ['same', 'valid', 1, 2] as const) {
      for (const n of [1, 16]) {
        const shape = { n, h: 5 + (k % 6), w: 6 + ((k * 5) % 7), s, pad };
        cases.push({ ...shape, cin: [1, 3, 8, 5][k % 4], cout: [4, 1, 16, 7][k % 4], f: [3, 2, 5, 1][k % 4] });
        cases.push({ ...shape, cin: [1, 3, 2, 4][k % 4], cout: [9, 32, 8, 5][k % 4], f: [3, 3, 2, 1][k % 4] });
        k++;
      }
    }
  }
  return cases;
}

/** Largest |a - b| relative to the reference's largest magnitude. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

function expectSame(actual: number[][], expected: number[][], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(a.length, `${label} #${i}`).toBe(expected[i].length);
    expect(relativeError(a, expected[i]), `${label} #${i}`).toBeLessThan(1e-4);
  });
}

/** Runs a kernel directly and checks that it leaves exactly one new tensor and one new buffer behind. */
function runKernel(name: string, inputs: tf.NamedTensorMap, attrs: object): number[] {
  const tensors = tf.memory().numTensors;
  const buffers = tf.engine().backend.numDataIds();
  const out = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  expect(tf.memory().numTensors, name).toBe(tensors + 1);
  expect(tf.engine().backend.numDataIds(), name).toBe(buffers + 1);
  const values = Array.from(out.dataSync());
  out.dispose();
  return values;
}

async function onBoth<T>(compute: () => T): Promise<{ cpu: T; wasm: T }> {
  await initBackend({ prefer: 'cpu', only: true });
  const cpu = compute();
  await initBackend({ prefer: 'wasm', only: true });
  return { cpu, wasm: compute() };
}

test('the wasm conv gradient kernels match the cpu backend on random geometries, without leaks', async () => {
  const cases = convCases();
  const gradients = () =>
    cases.map((c, i) =>
      tf.tidy(() => {
        // Seeds start at 1: tfjs treats seed 0 as "no seed".
        const x = tf.randomNormal([c.n, c.h, c.w, c.cin], 0, 1, 'float32', 3 * i + 1) as tf.Tensor4D;
        const filter = tf.randomNormal([c.f, c.f, c.cin, c.cout], 0, 1, 'float32', 3 * i + 2) as tf.Tensor4D;
        const outShape = tf.conv2d(x, filter, c.s, c.pad).shape;
        const dy = tf.randomNormal(outShape, 0, 1, 'float32', 3 * i + 3) as tf.Tensor4D;
        const attrs = { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
        return [
          runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape }),
          runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape }),
        ];
      }),
    );
  const { cpu, wasm } = await onBoth(gradients);
  cases.forEach((c, i) => expectSame(wasm[i], cpu[i], JSON.stringify(c)));
});

test('the wasm AvgPoolGrad matches the cpu backend, tiling exactly, with a remainder, and through the native fallback', async () => {
  const cases: { n: number; h: number; w: number; c: number; f: number; s: number; pad: Pad }[] = [
    { n: 16, h: 28, w: 28, c: 8, f: 2, s: 2, pad: 'valid' },
    { n: 1, h: 7, w: 9, c: 3, f: 2, s: 2, pad: 'valid' },
    { n: 16, h: 9, w: 12, c: 5, f: 3, s: 3, pad: 'valid' },
    { n: 1, h: 11, w: 10, c: 1, f: 3, s: 3, pad: 'valid' },
    { n: 4, h: 10, w: 10, c: 2, f: 2, s: 2, pad: 'same' },
    { n: 4, h: 9, w: 8, c: 2, f: 3, s: 2, pad: 'same' },
  ];
  const gradients = () =>
    cases.map((c, i) =>
      tf.tidy(() => {
        const input = tf.randomNormal([c.n, c.h, c.w, c.c], 0, 1, 'float32', 2 * i + 1) as tf.Tensor4D;
        const outShape = tf.avgPool(input, c.f, c.s, c.pad).shape;
        const dy = tf.randomNormal(outShape, 0, 1, 'float32', 2 * i + 2);
        return [runKernel('AvgPoolGrad', { dy, input }, { filterSize: c.f, strides: c.s, pad: c.pad })];
      }),
    );
  const { cpu, wasm } = await onBoth(gradients);
  cases.forEach((c, i) => expectSame(wasm[i], cpu[i], JSON.stringify(c)));
});

test('installing the wasm conv kernels twice keeps one composed kernel of each', async () => {
  await initBackend({ prefer: 'wasm', only: true });
  const before = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'AvgPoolGrad'].map(
    (k) => tf.getKernel(k, 'wasm')?.kernelFunc,
  );
  installWasmConvKernels();
  const after = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'AvgPoolGrad'].map(
    (k) => tf.getKernel(k, 'wasm')?.kernelFunc,
  );
  expect(after).toEqual(before);
  expect(before.every((f) => f !== undefined)).toBe(true);
});

/** One training step's gradients, in parameter order. */
function stepGradients(
  model: ReturnType<typeof convnet.create>,
  x: tf.Tensor,
  labels: number[],
  classes: number,
): number[][] {
  const targets = oneHotTargets(tf.tensor1d(labels, 'int32'), classes);
  const { value, grads } = tf.variableGrads(() => softCrossEntropy(model.apply(x), targets), model.params);
  const out = model.params.map((p) => Array.from(grads[p.name].dataSync()));
  tf.dispose([targets, value, grads]);
  return out;
}

test('a ConvNet training step has the same gradients on wasm as on cpu', async () => {
  for (const depth of [2, 3]) {
    const { cpu, wasm } = await onBoth(() => {
      const model = convnet.create(
        { kind: 'image', height: 28, width: 28, channels: 1 },
        10,
        { width: 8, depth },
        new Rng(depth),
      );
      const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 10 + depth);
      const grads = stepGradients(model, x, [1, 2, 3, 4], 10);
      tf.dispose(x);
      model.dispose();
      return grads;
    });
    expectSame(wasm, cpu, `depth ${depth}`);
  }
});

test('a text-model training step has the same gradients on wasm as on cpu', async () => {
  const { cpu, wasm } = await onBoth(() => {
    const model = text.create({ kind: 'tokens', length: 6, vocabSize: 50 }, 3, { embedding: 8, width: 8 }, new Rng(1));
    const ids = tf.tensor2d(
      [
        [2, 5, 7, 0, 0, 0],
        [3, 3, 9, 40, 1, 0],
      ],
      undefined,
      'int32',
    );
    const grads = stepGradients(model, ids, [0, 2], 3);
    tf.dispose(ids);
    model.dispose();
    return grads;
  });
  expectSame(wasm, cpu, 'text');
});

test('the second-order gradient of gradient matching (through conv and avgPool) is the same on wasm as on cpu', async () => {
  const { cpu, wasm } = await onBoth(() =>
    tf.tidy(() => {
      const x = tf.randomNormal([2, 8, 8, 2], 0, 1, 'float32', 7) as tf.Tensor4D;
      const filter = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
      const weights = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 9);
      // Square, not tanh: tfjs's own second-order gradient of tanh is wrong.
      const loss = (input: tf.Tensor4D, w: tf.Tensor4D) =>
        tf.sum(tf.mul(tf.avgPool(tf.square(tf.conv2d(input, w, 1, 'same')), 2, 2, 'valid'), weights));
      const gradNormSquared = (input: tf.Tensor) =>
        tf.sum(tf.square(tf.grad((w: tf.Tensor) => loss(input as tf.Tensor4D, w as tf.Tensor4D))(filter)));
      return [Array.from(tf.grad(gradNormSquared)(x).dataSync())];
    }),
  );
  expectSame(wasm, cpu, 'second order');
});
