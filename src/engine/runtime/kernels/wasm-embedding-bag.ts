/**
 * The fused embedding bag kernels on the wasm backend (ops/embedding-bag.ts),
 * from the lab's SIMD module. Without the module nothing is registered and
 * the op stays composed of tfjs kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { EMBEDDING_BAG, EMBEDDING_BAG_GRAD } from '../ops/embedding-bag';
import { address, loadedSimdKernels, view, type WasmBackendInternals } from './wasm-simd';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Info = tf.TensorInfo;

/** The module reads rows by id unchecked: an id outside the table would read or write outside it. */
function checkIds(backend: WasmBackendInternals, ids: Info, rows: number): void {
  const values = view(backend, ids, ids.shape[0] * ids.shape[1], Int32Array);
  for (const id of values) {
    if (id < 0 || id >= rows) throw new Error(`${EMBEDDING_BAG}: the token id ${id} is not in [0, ${rows - 1}]`);
  }
}

function embeddingBag({ inputs, backend }: KernelArgs): Info {
  const b = backend as unknown as WasmBackendInternals;
  const { table, ids } = inputs as { table: Info; ids: Info };
  const [rows, dim] = table.shape;
  const [batch, length] = ids.shape;
  checkIds(b, ids, rows);
  const out = b.makeOutput([batch, dim], 'float32');
  const at = (t: Info) => address(b, t);
  loadedSimdKernels(b).embeddingBagSum(at(table), at(ids), at(out), batch, length, dim);
  return out;
}

function embeddingBagGrad({ inputs, backend, attrs }: KernelArgs): Info {
  const b = backend as unknown as WasmBackendInternals;
  const { dy, ids } = inputs as { dy: Info; ids: Info };
  const { rows } = attrs as unknown as { rows: number };
  const [batch, length] = ids.shape;
  const dim = dy.shape[1];
  // The ids were checked by the forward kernel: the gradient reads the same tensor.
  const grad = b.makeOutput([rows, dim], 'float32');
  const at = (t: Info) => address(b, t);
  loadedSimdKernels(b).embeddingBagGradient(at(dy), at(ids), at(grad), rows, batch, length, dim);
  return grad;
}

/** Registers the fused kernels for wasm (once the SIMD module has loaded). Idempotent. */
export function installWasmEmbeddingBag(): void {
  if (tf.getKernel(EMBEDDING_BAG, 'wasm')) return;
  tf.registerKernel({ kernelName: EMBEDDING_BAG, backendName: 'wasm', kernelFunc: embeddingBag });
  tf.registerKernel({ kernelName: EMBEDDING_BAG_GRAD, backendName: 'wasm', kernelFunc: embeddingBagGrad });
}
