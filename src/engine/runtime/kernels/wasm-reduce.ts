/**
 * Sum and Mean on the wasm backend. tfjs-backend-wasm 4.22 transposes the
 * reduced axes to the end and then reduces, which makes bias gradients (sum
 * of dy over N,H,W) and instance-norm moments (mean over H,W) the slowest part
 * of a ConvNet step. When the reduced axes form one contiguous block, x is
 * seen as [A, R, B] and reduced over R by a kernel wasm runs fast:
 *  - B == 1: a plain XNNPACK matrix product [A,R] x [R,1] with a vector of
 *    1 (Sum) or 1/R (Mean);
 *  - otherwise: XNNPACK average pooling of [A, R, 1, B] with an R x 1 window
 *    (times R for Sum). With A == 1 (a bias gradient: dy summed over N,H,W)
 *    one huge window is slow, so R = R1 x R2 is pooled in two stages.
 * The matrix product is never given x as its second operand: XNNPACK packs
 * that operand as a layer's weights, which costs 10-20x the product itself
 * when the tensor is new on every call, as gradients are.
 * Other cases (non-contiguous axes, non-float32 input, short reductions) keep
 * the native kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { replaceKernel } from './replace-kernel';
import { WasmScope } from './wasm-scope';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Info = tf.TensorInfo;

/** Shorter reductions gain nothing over the native loop. */
const MIN_REDUCE = 8;

interface Plan {
  a: number;
  r: number;
  b: number;
  outShape: number[];
}

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
  if (p.b === 1) {
    const ones = scope.constant(weight, [p.r, 1]);
    out = scope.run(
      'BatchMatMul',
      { a: scope.reshape(x, [p.a, p.r]), b: ones },
      { transposeA: false, transposeB: false },
    );
  } else {
    const inner = p.a === 1 ? innerFactor(p.r) : 1;
    out = x;
    if (inner > 1) out = meanPool(scope, out, p.r / inner, inner, p.b);
    out = meanPool(scope, out, p.a, p.r / inner, p.b);
    if (!mean) out = scope.run('Multiply', { a: out, b: scope.constant(p.r, []) });
  }
  return scope.finish(scope.reshape(out, p.outShape));
}

/** Mean of x seen as [rows, r, b] over r, by XNNPACK average pooling with an r x 1 window. */
function meanPool(scope: WasmScope, x: Info, rows: number, r: number, b: number): Info {
  const x4 = scope.reshape(x, [rows, r, 1, b]);
  return scope.run('AvgPool', { x: x4 }, {
    filterSize: [r, 1],
    strides: [1, 1],
    pad: 'valid',
    dimRoundingMode: undefined,
  } as unknown as tf.NamedAttrMap);
}

/** The largest divisor of r not above sqrt(r), when it is big enough to make two pooling stages pay; else 1. */
function innerFactor(r: number): number {
  for (let d = Math.floor(Math.sqrt(r)); d >= MIN_REDUCE; d--) if (r % d === 0) return d;
  return 1;
}

function wrap(native: tf.KernelFunc, mean: boolean): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { x } = args.inputs as { x: Info };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const p = plan(x, axis, keepDims);
    return p ? reduce(x, p, mean, args.backend) : native(args);
  };
}

export function installWasmReductions(): void {
  replaceKernel('Sum', 'wasm', (native) => wrap(native, false));
  replaceKernel('Mean', 'wasm', (native) => wrap(native, true));
}
