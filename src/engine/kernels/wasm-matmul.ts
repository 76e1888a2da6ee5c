/**
 * The wasm backend's BatchMatMul is 10-15x slower when asked to transpose an
 * operand than an explicit Transpose followed by a plain product, and every
 * dense layer's gradient asks for it. This wraps the native kernel so that it
 * always receives untransposed operands.
 */
import type * as tf from '@tensorflow/tfjs';
import { replaceKernel } from './replace-kernel';
import { WasmScope } from './wasm-scope';

type Info = tf.TensorInfo;

function transposeLastTwo(scope: WasmScope, x: Info): Info {
  const perm = x.shape.map((_, i) => i);
  const n = perm.length;
  [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
  return scope.run('Transpose', { x }, { perm });
}

export function installWasmMatMul(): void {
  replaceKernel('BatchMatMul', 'wasm', (native) => (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
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
