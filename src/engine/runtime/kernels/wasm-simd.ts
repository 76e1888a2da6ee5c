/**
 * The lab's own wasm SIMD kernels (wasm/lab-kernels.ts), loaded against
 * tfjs-backend-wasm's memory: the module imports that memory and works on
 * tensors in place by address, so calling it costs no copies. The plain or
 * the shared-memory variant is picked to match tfjs's build (its threaded
 * build shares its memory).
 */
import * as tf from '@tensorflow/tfjs';
import { PLAIN_MEMORY_KERNELS, SHARED_MEMORY_KERNELS } from './simd-binaries.generated';

type Address = number;

export interface SimdKernels {
  instanceNormForward(
    x: Address,
    gamma: Address,
    beta: Address,
    y: Address,
    scratch: Address,
    n: number,
    hw: number,
    c: number,
    eps: number,
    relu: boolean,
  ): void;
  instanceNormBackward(
    dy: Address,
    x: Address,
    gamma: Address,
    beta: Address,
    dx: Address,
    dgamma: Address,
    dbeta: Address,
    scratch: Address,
    n: number,
    hw: number,
    c: number,
    eps: number,
    relu: boolean,
  ): void;
  convFilterGradient(
    x: Address,
    dy: Address,
    dw: Address,
    n: number,
    inH: number,
    inW: number,
    cin: number,
    outH: number,
    outW: number,
    cout: number,
    fh: number,
    fw: number,
    top: number,
    left: number,
  ): void;
  avgPoolGradTiled(
    dy: Address,
    dx: Address,
    n: number,
    inH: number,
    inW: number,
    c: number,
    outH: number,
    outW: number,
    fh: number,
    fw: number,
  ): void;
  matVec(a: Address, x: Address, y: Address, rows: number, cols: number): void;
  herdingSelect(x: Address, rows: number, cols: number, k: number, scratch: Address, picks: Address): void;
  kCenterSelect(
    x: Address,
    rows: number,
    cols: number,
    k: number,
    first: number,
    scratch: Address,
    picks: Address,
  ): void;
  /** `distances`: the rows' squared distances [rows, rows]. */
  facilityGains(
    distances: Address,
    rows: number,
    nearest: Address,
    candidates: Address,
    count: number,
    gains: Address,
  ): void;
  facilityPick(distances: Address, rows: number, nearest: Address, j: number): void;
  embeddingBagSum(table: Address, ids: Address, out: Address, batch: number, length: number, dim: number): void;
  embeddingBagGradient(
    dy: Address,
    ids: Address,
    grad: Address,
    rows: number,
    batch: number,
    length: number,
    dim: number,
  ): void;
}

/** What the lab reads of tfjs-backend-wasm's backend object. */
export interface WasmBackendInternals {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
}

/** One module instance per tfjs memory (a backend created anew gets a new one). */
const modules = new WeakMap<WebAssembly.Memory, SimdKernels>();

function memoryOf(backend: WasmBackendInternals): WebAssembly.Memory | undefined {
  return backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}

/** The kernels for this wasm backend, or null where they did not load. */
export function simdKernels(backend: unknown): SimdKernels | null {
  const memory = memoryOf(backend as WasmBackendInternals);
  return (memory && modules.get(memory)) ?? null;
}

/** The kernels for this wasm backend, for kernels registered only once they loaded. */
export function loadedSimdKernels(backend: unknown): SimdKernels {
  const simd = simdKernels(backend);
  if (!simd) throw new Error('the lab SIMD kernels are not loaded for this wasm backend');
  return simd;
}

/** Where a tensor's values start in tfjs's memory. */
export function address(backend: unknown, t: tf.TensorInfo): Address {
  return (backend as WasmBackendInternals).dataIdMap.get(t.dataId).memoryOffset;
}

/** A view of a tensor's values in tfjs's memory (valid until that memory grows). */
export function view<T extends Int32Array | Float32Array>(
  backend: unknown,
  t: tf.TensorInfo,
  count: number,
  type: new (buffer: ArrayBufferLike, offset: number, length: number) => T,
): T {
  const memory = memoryOf(backend as WasmBackendInternals)!;
  return new type(memory.buffer, address(backend, t), count);
}

/** Loads the module for the wasm backend; returns why not, when it cannot. */
export async function loadSimdKernels(): Promise<string | null> {
  const backend = tf.findBackend('wasm') as unknown as WasmBackendInternals | null;
  const memory = backend ? memoryOf(backend) : undefined;
  if (!memory) return 'tfjs-backend-wasm does not expose its memory';
  if (modules.has(memory)) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  try {
    const module = await WebAssembly.compile(decode(shared ? SHARED_MEMORY_KERNELS : PLAIN_MEMORY_KERNELS));
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    modules.set(memory, instance.exports as unknown as SimdKernels);
    return null;
  } catch (error) {
    return `the SIMD module did not load (${error instanceof Error ? error.message : String(error)})`;
  }
}
