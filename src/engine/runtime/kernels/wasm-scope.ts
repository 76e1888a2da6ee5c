/** Runs wasm kernels by name inside a composed kernel and disposes every intermediate result. */
import * as tf from '@tensorflow/tfjs';

type Info = tf.TensorInfo;

export class WasmScope {
  private readonly temporaries: Info[] = [];
  readonly backend: tf.KernelBackend;

  constructor(backend: Parameters<tf.KernelFunc>[0]['backend']) {
    this.backend = backend as tf.KernelBackend;
  }

  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): Info {
    const kernel = tf.getKernel(kernelName, 'wasm');
    if (!kernel) throw new Error(`the wasm backend has no ${kernelName} kernel`);
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs }) as Info;
    this.temporaries.push(out);
    return out;
  }

  reshape(x: Info, shape: number[]): Info {
    return this.run('Reshape', { x }, { shape });
  }

  /** A float32 tensor of `shape` filled with `value` ([] for a scalar). */
  constant(value: number, shape: number[]): Info {
    const values = new Float32Array(shape.reduce((p, d) => p * d, 1)).fill(value);
    const out = { dataId: this.backend.write(values, shape, 'float32'), shape, dtype: 'float32' as const };
    this.temporaries.push(out);
    return out;
  }

  /** An int32 tensor of `values` (indices for a gather). */
  indices(values: readonly number[]): Info {
    const shape = [values.length];
    const out = { dataId: this.backend.write(Int32Array.from(values), shape, 'int32'), shape, dtype: 'int32' as const };
    this.temporaries.push(out);
    return out;
  }

  /** Frees the intermediates and hands back `result`. */
  finish(result: Info): Info {
    for (const t of this.temporaries) if (t !== result) this.backend.disposeData(t.dataId);
    return result;
  }
}
