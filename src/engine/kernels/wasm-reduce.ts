/**
 * Sum and Mean on the wasm backend. tfjs-backend-wasm 4.22 transposes the
 * reduced axes to the end and then reduces, which makes bias gradients (sum
 * of dy over N,H,W) and instance-norm moments (mean over H,W) the slowest part
 * of a ConvNet step. When the reduced axes form one contiguous block, x is
 * seen as [A, R, B] and reduced over R by a kernel wasm runs fast:
 *  - A == 1 or B == 1: a plain XNNPACK matrix product with a vector of
 *    1 (Sum) or 1/R (Mean): [1,R] x [R,B] or [A,R] x [R,1];
 *  - otherwise: XNNPACK average pooling of [A, R, 1, B] with an R x 1 window
 *    (times R for Sum).
 * Other cases (non-contiguous axes, non-float32 input, short reductions) keep
 * the native kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { WasmScope } from './wasm-scope';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Info = tf.TensorInfo;

/** Marks our kernel functions so that installing twice changes nothing. */
const COMPOSED = 'reducedForWasm';

/** Shorter reductions gain nothing over the native loop. */
const MIN_REDUCE = 8;

interface Plan { a: number; r: number; b: number; outShape: number[] }

/** The [A, R, B] view of x when `axis` names one contiguous block of its dimensions; null otherwise. */
function plan(x: Info, axis: number | number[], keepDims: boolean): Plan | null {
  if (x.dtype !== 'float32' || x.shape.length === 0) return null;
  const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((p, q) => p - q);
  if (axes.length === 0) return null;
  const first = axes[0];
  const last = axes[axes.length - 1];
  if (last - first + 1 !== axes.length) return null;
  const size = (dims: number[]) => dims.reduce((p, d) => p * d, 1);
  const a = size(x.shape.slice(0, first));
  const r = size(x.shape.slice(first, last + 1));
  const b = size(x.shape.slice(last + 1));
  if (r < MIN_REDUCE || a * b === 0) return null;
  const outShape = keepDims
    ? x.shape.map((d, i) => (i >= first && i <= last ? 1 : d))
    : x.shape.filter((_, i) => i < first || i > last);
  return { a, r, b, outShape };
}

/** Sum (mean = false) or mean of x over the R axis of its [A, R, B] view, shaped as p.outShape. */
function reduce(x: Info, p: Plan, mean: boolean, backend: KernelArgs['backend']): Info {
  const scope = new WasmScope(backend);
  const weight = mean ? 1 / p.r : 1;
  let out: Info;
  if (p.a === 1) {
    const ones = scope.constant(weight, [1, p.r]);
    out = scope.run('BatchMatMul', { a: ones, b: scope.reshape(x, [p.r, p.b]) }, { transposeA: false, transposeB: false });
  } else if (p.b === 1) {
    const ones = scope.constant(weight, [p.r, 1]);
    out = scope.run('BatchMatMul', { a: scope.reshape(x, [p.a, p.r]), b: ones }, { transposeA: false, transposeB: false });
  } else {
    const x4 = scope.reshape(x, [p.a, p.r, 1, p.b]);
    out = scope.run('AvgPool', { x: x4 }, { filterSize: [p.r, 1], strides: [1, 1], pad: 'valid', dimRoundingMode: undefined } as unknown as tf.NamedAttrMap);
    if (!mean) out = scope.run('Multiply', { a: out, b: scope.constant(p.r, []) });
  }
  return scope.finish(scope.reshape(out, p.outShape));
}

function wrap(native: tf.KernelConfig, mean: boolean): tf.KernelFunc {
  const kernelFunc = (args: KernelArgs) => {
    const { x } = args.inputs as { x: Info };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const p = plan(x, axis, keepDims);
    return p ? reduce(x, p, mean, args.backend) : native.kernelFunc(args);
  };
  Object.assign(kernelFunc, { [COMPOSED]: true });
  return kernelFunc;
}

export function installWasmReductions(): void {
  for (const [name, mean] of [['Sum', false], ['Mean', true]] as const) {
    const native = tf.getKernel(name, 'wasm');
    if (!native || (native.kernelFunc as unknown as Record<string, unknown>)[COMPOSED]) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...native, kernelFunc: wrap(native, mean) });
  }
}
