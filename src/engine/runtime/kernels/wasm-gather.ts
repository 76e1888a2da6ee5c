/**
 * Gathering whole rows (axis 0) on the wasm backend: tfjs's native GatherV2
 * costs about 33 ns per value, so taking one class's rows of a 60,000 x 784
 * feature matrix took longer than selecting from them. Rows are contiguous,
 * so each is one copy inside tfjs's memory. Other gathers stay native.
 */
import type * as tf from '@tensorflow/tfjs';
import { replaceKernel } from './replace-kernel';
import { view, type WasmBackendInternals } from './wasm-simd';

type Info = tf.TensorInfo;

export function installWasmRowGather(): void {
  replaceKernel('GatherV2', 'wasm', (native) => (args) => {
    const { x, indices } = args.inputs as { x: Info; indices: Info };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
    const fourBytes = x.dtype === 'float32' || x.dtype === 'int32';
    if (axis !== 0 || batchDims !== 0 || !fourBytes || indices.dtype !== 'int32' || x.shape.length === 0)
      return native(args);
    const backend = args.backend as unknown as WasmBackendInternals;
    const rows = x.shape[0];
    const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const count = indices.shape.reduce((a, b) => a * b, 1);
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    // Views only after the output exists: allocating may grow (and detach) the memory.
    // Values are copied as 32-bit words, whatever they hold.
    const source = view(backend, x, rows * rowSize, Int32Array);
    const picks = view(backend, indices, count, Int32Array);
    const target = view(backend, out, count * rowSize, Int32Array);
    for (let r = 0; r < count; r++) {
      const row = picks[r];
      if (row < 0 || row >= rows) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${row} is not in [0, ${rows - 1}]`);
      }
      target.set(source.subarray(row * rowSize, (row + 1) * rowSize), r * rowSize);
    }
    return out;
  });
}
