/**
 * Herding and k-center greedy in one call each to the lab's SIMD module, on
 * the wasm backend. Composed of tfjs ops, every pick costs a dozen op
 * dispatches, which outweigh the arithmetic on a CPU; elsewhere (GPU
 * backends, or without the module) the composed version runs.
 */
import * as tf from '@tensorflow/tfjs';
import { address, readInt32, simdKernels, type SimdKernels, type WasmBackendInternals } from './wasm-simd';

export interface GreedyKernels {
  herding(x: tf.Tensor2D, k: number): Int32Array;
  kCenter(x: tf.Tensor2D, k: number, first: number): Int32Array;
}

/** Runs `select` with scratch floats and an int32 picks buffer from tfjs's memory, and frees both. */
function withBuffers(backend: WasmBackendInternals, scratchFloats: number, k: number, select: (scratch: number, picks: number) => void): Int32Array {
  const scratch = backend.makeOutput([scratchFloats], 'float32');
  const picks = backend.makeOutput([k], 'int32');
  try {
    select(address(backend, scratch), address(backend, picks));
    return readInt32(backend, picks, k);
  } finally {
    backend.disposeData(scratch.dataId);
    backend.disposeData(picks.dataId);
  }
}

/** The SIMD greedy selections for the current backend, or null where it is not wasm with the module loaded. */
export function wasmGreedy(): GreedyKernels | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as WasmBackendInternals;
  const simd: SimdKernels | null = simdKernels(backend);
  if (!simd) return null;
  const shape = (x: tf.Tensor2D) => {
    if (x.dtype !== 'float32') throw new Error(`greedy selection needs float32 features, got ${x.dtype}`);
    return x.shape;
  };
  return {
    herding(x, k) {
      const [rows, cols] = shape(x);
      return withBuffers(backend, 2 * cols + rows, k, (scratch, picks) => simd.herdingSelect(address(backend, x), rows, cols, k, scratch, picks));
    },
    kCenter(x, k, first) {
      const [rows, cols] = shape(x);
      return withBuffers(backend, 2 * rows, k, (scratch, picks) => simd.kCenterSelect(address(backend, x), rows, cols, k, first, scratch, picks));
    },
  };
}
