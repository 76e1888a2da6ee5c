/**
 * The fused instance norm (+ ReLU) kernels on the wasm backend, from the
 * lab's own SIMD module (wasm/lab-kernels.ts). The module imports
 * tfjs-backend-wasm's memory and works on tensors in place by address.
 * Without SIMD, or where tfjs's memory cannot be reached, nothing is
 * registered and the op stays composed of tfjs kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { INSTANCE_NORM, INSTANCE_NORM_GRAD, type InstanceNormAttrs } from '../ops/instance-norm';
import { PLAIN_MEMORY_KERNELS, SHARED_MEMORY_KERNELS } from './simd-binaries.generated';

type Info = tf.TensorInfo;
type Address = number;

interface SimdKernels {
  instanceNormForward(x: Address, gamma: Address, beta: Address, y: Address, scratch: Address, n: number, hw: number, c: number, eps: number, relu: boolean): void;
  instanceNormBackward(
    dy: Address, x: Address, gamma: Address, beta: Address,
    dx: Address, dgamma: Address, dbeta: Address, scratch: Address,
    n: number, hw: number, c: number, eps: number, relu: boolean,
  ): void;
}

/** What the lab reads of tfjs-backend-wasm's backend object. */
interface WasmBackendInternals {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  disposeData(dataId: tf.DataId): boolean;
}

/** One module instance per tfjs memory (a backend re-created gets a new one). */
const modules = new WeakMap<WebAssembly.Memory, SimdKernels>();

function memoryOf(backend: WasmBackendInternals): WebAssembly.Memory | undefined {
  return backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
}

function kernelsFor(backend: WasmBackendInternals): SimdKernels {
  const memory = memoryOf(backend);
  const kernels = memory && modules.get(memory);
  if (!kernels) throw new Error('the lab SIMD kernels are not loaded for this wasm backend');
  return kernels;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
}

function address(backend: WasmBackendInternals, t: Info): Address {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

function instanceNorm(args: Parameters<tf.KernelFunc>[0]): Info {
  const backend = args.backend as unknown as WasmBackendInternals;
  const { x, gamma, beta } = args.inputs as { x: Info; gamma: Info; beta: Info };
  const { epsilon, relu } = args.attrs as unknown as InstanceNormAttrs;
  const [n, h, w, c] = x.shape;
  const y = backend.makeOutput(x.shape, 'float32');
  const scratch = backend.makeOutput([2 * c], 'float32');
  // Addresses are read after the last allocation, which may have moved nothing but could grow memory.
  const at = (t: Info) => address(backend, t);
  kernelsFor(backend).instanceNormForward(at(x), at(gamma), at(beta), at(y), at(scratch), n, h * w, c, epsilon, relu);
  backend.disposeData(scratch.dataId);
  return y;
}

function instanceNormGrad(args: Parameters<tf.KernelFunc>[0]): Info[] {
  const backend = args.backend as unknown as WasmBackendInternals;
  const { dy, x, gamma, beta } = args.inputs as { dy: Info; x: Info; gamma: Info; beta: Info };
  const { epsilon, relu } = args.attrs as unknown as InstanceNormAttrs;
  const [n, h, w, c] = x.shape;
  const dx = backend.makeOutput(x.shape, 'float32');
  const dgamma = backend.makeOutput([c], 'float32');
  const dbeta = backend.makeOutput([c], 'float32');
  const scratch = backend.makeOutput([4 * c], 'float32');
  const at = (t: Info) => address(backend, t);
  kernelsFor(backend).instanceNormBackward(at(dy), at(x), at(gamma), at(beta), at(dx), at(dgamma), at(dbeta), at(scratch), n, h * w, c, epsilon, relu);
  backend.disposeData(scratch.dataId);
  return [dx, dgamma, dbeta];
}

/**
 * Loads the SIMD module against the current wasm backend's memory and
 * registers the fused kernels. Returns why not, when it cannot.
 */
export async function installWasmSimdKernels(): Promise<string | null> {
  const backend = tf.findBackend('wasm') as unknown as WasmBackendInternals | null;
  const memory = backend && memoryOf(backend);
  if (!memory) return 'tfjs-backend-wasm does not expose its memory';
  if (!modules.has(memory)) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    try {
      const module = await WebAssembly.compile(decode(shared ? SHARED_MEMORY_KERNELS : PLAIN_MEMORY_KERNELS));
      const instance = await WebAssembly.instantiate(module, { env: { memory } });
      modules.set(memory, instance.exports as unknown as SimdKernels);
    } catch (error) {
      return `the SIMD module did not load (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  if (!tf.getKernel(INSTANCE_NORM, 'wasm')) {
    tf.registerKernel({ kernelName: INSTANCE_NORM, backendName: 'wasm', kernelFunc: instanceNorm });
    tf.registerKernel({ kernelName: INSTANCE_NORM_GRAD, backendName: 'wasm', kernelFunc: instanceNormGrad as unknown as tf.KernelFunc });
  }
  return null;
}
