/**
 * The greedy selections on the lab's SIMD module, on the wasm backend:
 * herding and k-center greedy in one call each, and facility location's
 * gain evaluations on its distance table. Composed of tfjs ops, every pick costs a dozen op
 * dispatches (and wasm's Gather is slow), which outweigh the arithmetic on
 * a CPU; elsewhere (GPU backends, or without the module) the composed
 * versions in methods/coreset/geometry.ts run.
 */
import * as tf from '@tensorflow/tfjs';
import { address, simdKernels, view, type SimdKernels, type WasmBackendInternals } from './wasm-simd';

/** Facility location's state: each row's squared distance to its nearest pick. */
export interface FacilityEvaluator {
  /** The objective's gain if each candidate row were picked next. */
  gains(candidates: readonly number[]): Float32Array | Promise<Float32Array>;
  pick(row: number): void;
  dispose(): void;
}

export interface GreedyKernels {
  herding(x: tf.Tensor2D, k: number): Int32Array;
  kCenter(x: tf.Tensor2D, k: number, first: number): Int32Array;
  /**
   * On the rows' squared distances [rows, rows]; `bound` is every row's
   * starting "nearest" distance (an upper bound on squared distances).
   */
  facility(distances: tf.Tensor2D, bound: number, batch: number): FacilityEvaluator;
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
  const at = (t: tf.TensorInfo) => address(backend, t);
  const free = (...buffers: tf.TensorInfo[]) => buffers.forEach((b) => backend.disposeData(b.dataId));
  /** Runs `select` with scratch floats and an int32 picks buffer from tfjs's memory, and frees both. */
  const withBuffers = (
    scratchFloats: number,
    k: number,
    select: (scratch: number, picks: number) => void,
  ): Int32Array => {
    const scratch = backend.makeOutput([scratchFloats], 'float32');
    const picks = backend.makeOutput([k], 'int32');
    try {
      select(at(scratch), at(picks));
      return view(backend, picks, k, Int32Array).slice();
    } finally {
      free(scratch, picks);
    }
  };
  return {
    herding(x, k) {
      const [rows, cols] = shape(x);
      return withBuffers(5 * cols + rows, k, (scratch, picks) =>
        simd.herdingSelect(at(x), rows, cols, k, scratch, picks),
      );
    },
    kCenter(x, k, first) {
      const [rows, cols] = shape(x);
      return withBuffers(2 * rows, k, (scratch, picks) =>
        simd.kCenterSelect(at(x), rows, cols, k, first, scratch, picks),
      );
    },
    facility(distances, bound, batch) {
      const [rows] = shape(distances);
      const nearest = backend.makeOutput([rows], 'float32');
      view(backend, nearest, rows, Float32Array).fill(bound);
      const candidates = backend.makeOutput([batch], 'int32');
      const gains = backend.makeOutput([batch], 'float32');
      return {
        gains(ids) {
          view(backend, candidates, ids.length, Int32Array).set(ids);
          simd.facilityGains(at(distances), rows, at(nearest), at(candidates), ids.length, at(gains));
          return view(backend, gains, ids.length, Float32Array).slice();
        },
        pick: (row) => simd.facilityPick(at(distances), rows, at(nearest), row),
        dispose: () => free(nearest, candidates, gains),
      };
    },
  };
}
