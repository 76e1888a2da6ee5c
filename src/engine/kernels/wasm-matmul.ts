/**
 * The wasm backend's BatchMatMul is 10-15x slower when asked to transpose an
 * operand than an explicit Transpose followed by a plain product, and every
 * dense layer's gradient asks for it. This wraps the native kernel so that it
 * always receives untransposed operands.
 */
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Info = tf.TensorInfo;

export function installWasmMatMul(): void {
  const native = tf.getKernel('BatchMatMul', 'wasm');
  const transposeKernel = tf.getKernel('Transpose', 'wasm');
  if (!native || !transposeKernel || (native.kernelFunc as { wrapped?: boolean }).wrapped) return;

  const transposeLastTwo = (x: Info, backend: KernelArgs['backend']): Info => {
    const perm = x.shape.map((_, i) => i);
    const n = perm.length;
    [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
    return transposeKernel.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as Info;
  };

  const kernelFunc = (args: KernelArgs) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return native.kernelFunc(args);
    const { a, b } = args.inputs as { a: Info; b: Info };
    const temporaries: Info[] = [];
    const plain = (x: Info, transpose: boolean) => {
      if (!transpose) return x;
      const t = transposeLastTwo(x, args.backend);
      temporaries.push(t);
      return t;
    };
    const out = native.kernelFunc({
      ...args,
      inputs: { a: plain(a, transposeA), b: plain(b, transposeB) },
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    });
    temporaries.forEach((t) => (args.backend as tf.KernelBackend).disposeData(t.dataId));
    return out;
  };
  Object.assign(kernelFunc, { wrapped: true });

  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...native, kernelFunc });
}
