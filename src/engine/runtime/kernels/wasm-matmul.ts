/**
 * The wasm backend's BatchMatMul is 10-15x slower when asked to transpose an
 * operand than an explicit Transpose followed by a plain product, and every
 * dense layer's gradient asks for it. This wraps the native kernel so that it
 * always receives untransposed operands. A product of a matrix with one
 * column vector (the greedy selections' step) goes to the lab's SIMD matVec,
 * where that module has loaded.
 */
import type * as tf from '@tensorflow/tfjs';
import { replaceKernel } from './replace-kernel';
import { address, simdKernels, type WasmBackendInternals } from './wasm-simd';
import { WasmScope } from './wasm-scope';

type Info = tf.TensorInfo;

function transposeLastTwo(scope: WasmScope, x: Info): Info {
  const perm = x.shape.map((_, i) => i);
  const n = perm.length;
  [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
  return scope.run('Transpose', { x }, { perm });
}

/**
 * a [rows, cols] (or [1, rows, cols]) times a vector: b [cols, 1], or b
 * [1, cols] transposed, which is the same memory.
 */
function isMatVec(a: Info, b: Info, transposeA: boolean, transposeB: boolean): boolean {
  const batch = (shape: number[]) => shape.slice(0, -2).reduce((p, d) => p * d, 1);
  const vectorDim = b.shape.length - (transposeB ? 2 : 1);
  return (
    !transposeA &&
    batch(a.shape) === 1 &&
    batch(b.shape) === 1 &&
    b.shape[vectorDim] === 1 &&
    a.dtype === 'float32' &&
    b.dtype === 'float32'
  );
}

export function installWasmMatMul(): void {
  replaceKernel('BatchMatMul', 'wasm', (native) => (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const { a: left, b: right } = args.inputs as { a: Info; b: Info };
    const simd = simdKernels(args.backend);
    if (simd && isMatVec(left, right, transposeA, transposeB)) {
      const backend = args.backend as unknown as WasmBackendInternals;
      const [rows, cols] = left.shape.slice(-2);
      const out = backend.makeOutput([...left.shape.slice(0, -1), 1], 'float32');
      simd.matVec(address(backend, left), address(backend, right), address(backend, out), rows, cols);
      return out;
    }
    if (!transposeA && !transposeB) return native(args);
    const { a, b } = args.inputs as { a: Info; b: Info };
    const scope = new WasmScope(args.backend);
    const out = native({
      ...args,
      inputs: { a: transposeA ? transposeLastTwo(scope, a) : a, b: transposeB ? transposeLastTwo(scope, b) : b },
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    }) as Info;
    return scope.finish(out);
  });
}
