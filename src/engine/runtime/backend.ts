/**
 * Backend selection. Backends are loaded lazily (each is a large module) and
 * tried in the order webgpu -> webgl -> wasm -> cpu, or the user's choice
 * first. A backend is only accepted if the model at hand can take a training
 * step on it (e.g. stock wasm has no Conv2DBackpropFilter), and the automatic
 * choice passes over GPUs emulated in software, so the choice is "the first
 * fast backend that can run this model".
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/backend-name';
import { registerLabGradients } from './gradients';
import { softwareGpuReason } from './software-gpu';
import { installWasmMatMul } from './kernels/wasm-matmul';
import { installWasmConvKernels } from './kernels/wasm-conv';
import { installWasmReductions } from './kernels/wasm-reduce';
import { installWasmSharedCopies } from './kernels/wasm-identity';
import { installWasmRowGather } from './kernels/wasm-gather';
import { installSegmentSumViaScatter } from './kernels/segment-sum';
import { installWasmInstanceNorm } from './kernels/wasm-instance-norm';
import { installWasmEmbeddingBag } from './kernels/wasm-embedding-bag';
import { loadSimdKernels } from './kernels/wasm-simd';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendOptions {
  /** Try this backend first (a user's or config's choice). */
  prefer?: BackendName;
  /** Only try `prefer`: fail instead of falling back. */
  only?: boolean;
  /** Threads for the wasm backend (browser, cross-origin isolated pages only; Node runs one). */
  wasmThreads?: number;
  /** URLs of the wasm binaries, keyed by file name (needed where a bundler moves them). */
  wasmPaths?: Record<string, string>;
  /** Runs a tiny training step; a backend that throws here is skipped. */
  probe?: () => void | Promise<void>;
  /** Told why a backend was skipped. */
  onSkip?: (backend: BackendName, reason: string) => void;
  /** Told when the chosen backend runs without one of the lab's faster kernels, and why. */
  onNote?: (note: string) => void;
}

type GlobalWithGpu = { navigator?: { gpu?: unknown }; OffscreenCanvas?: unknown; document?: unknown };

/** Whether the environment could host the backend at all (avoids loading it for nothing). */
function environmentHas(backend: BackendName): boolean {
  const g = globalThis as GlobalWithGpu;
  switch (backend) {
    case 'webgpu':
      return !!g.navigator?.gpu;
    case 'webgl':
      return g.OffscreenCanvas !== undefined || g.document !== undefined;
    default:
      return true;
  }
}

let wasmModule: typeof import('@tensorflow/tfjs-backend-wasm') | undefined;

/** tfjs registers webgpu with this priority; a replacement keeps it. */
const WEBGPU_PRIORITY = 3;

type GpuDevice = { lost: Promise<{ reason?: string; message?: string }> };

/** Why the WebGPU device in use was lost, until a fresh one replaces it; tfjs itself keeps using a lost device. */
let gpuLoss: string | null = null;
const watchedDevices = new WeakSet<object>();
const lossListeners = new Set<(reason: string) => void>();

/** Notes when the current WebGPU backend's device is lost (a GPU reset, a driver crash, the browser reclaiming it). */
function watchGpuDevice(): void {
  const device = (tf.backend() as unknown as { device?: GpuDevice }).device;
  if (!device?.lost || watchedDevices.has(device)) return;
  watchedDevices.add(device);
  void device.lost.then((info) => {
    gpuLoss = info.message || info.reason || 'no reason given';
    for (const listener of lossListeners) listener(gpuLoss);
  });
}

/** Drops a WebGPU backend whose device was lost, so that the next `setBackend('webgpu')` starts a fresh device. */
function replaceLostGpuBackend(): void {
  const factory = tf.findBackendFactory('webgpu');
  if (!factory) return;
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', factory, WEBGPU_PRIORITY);
  gpuLoss = null;
}

/** The WebGPU device was lost while it computed: what was under way cannot finish. */
export class GpuDeviceLost extends Error {
  override name = 'GpuDeviceLost';
  constructor(reason: string) {
    super(`the WebGPU device was lost (${reason}); the next run starts on a fresh one`);
  }
}

/** How long a failure on WebGPU waits for the device's loss to be told, which can come after the failed readback. */
const LOSS_GRACE_MS = 250;

/**
 * Settles as `work` does, or rejects with GpuDeviceLost as soon as the
 * WebGPU device it computes on is lost: a readback from a lost device may
 * never return. Work on another backend is left alone.
 */
export function failOnGpuLoss<T>(work: Promise<T>): Promise<T> {
  let listener: ((reason: string) => void) | undefined;
  const lost = new Promise<never>((_, reject) => {
    listener = (reason) => {
      if (tf.getBackend() === 'webgpu') reject(new GpuDeviceLost(reason));
    };
    lossListeners.add(listener);
  });
  // A failure on WebGPU may be the loss itself ("the device was lost before mapping"): say so if it is.
  const explain = (error: unknown): Promise<never> =>
    tf.getBackend() === 'webgpu'
      ? Promise.race([lost, new Promise<never>((_, reject) => setTimeout(() => reject(error), LOSS_GRACE_MS))])
      : Promise.reject(error);
  return Promise.race([work, lost])
    .catch(explain)
    .finally(() => lossListeners.delete(listener!));
}

/** Threads the current backend computes with, where it says (wasm); null elsewhere. */
export function backendThreads(): number | null {
  return tf.getBackend() === 'wasm' && wasmModule ? wasmModule.getThreadsCount() : null;
}

async function loadBackendModule(backend: BackendName, options: BackendOptions): Promise<void> {
  switch (backend) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasmModule = wasm;
      // Threads need a cross-origin isolated page; tfjs uses half the cores unless told.
      if (options.wasmThreads !== undefined) wasm.setThreadsCount(options.wasmThreads);
      if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths);
      installWasmMatMul();
      installWasmConvKernels();
      installWasmReductions();
      installWasmSharedCopies();
      installWasmRowGather();
      return;
    }
    default:
      // webgl and cpu come with @tensorflow/tfjs itself.
      return;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Makes the first usable backend current and returns its name. */
export async function initBackend(options: BackendOptions = {}): Promise<BackendName> {
  registerLabGradients();
  const order = options.prefer
    ? options.only
      ? [options.prefer]
      : [options.prefer, ...BACKEND_ORDER.filter((b) => b !== options.prefer)]
    : [...BACKEND_ORDER];
  const reasons: string[] = [];
  for (const backend of order) {
    let note: string | null = null;
    const skip = (reason: string) => {
      reasons.push(`${backend}: ${reason}`);
      options.onSkip?.(backend, reason);
    };
    if (!environmentHas(backend)) {
      skip('not available in this environment');
      continue;
    }
    if (backend !== options.prefer) {
      const software = await softwareGpuReason(backend).catch((error: unknown) => message(error));
      if (software) {
        skip(`${software}; slower than wasm`);
        continue;
      }
    }
    try {
      await loadBackendModule(backend, options);
      if (backend === 'webgpu' && gpuLoss !== null) replaceLostGpuBackend();
      if (!(await tf.setBackend(backend))) {
        skip('failed to initialise');
        continue;
      }
      await tf.ready();
      if (backend === 'webgpu') watchGpuDevice();
      if (backend === 'cpu' || backend === 'wasm') installSegmentSumViaScatter(backend);
      if (backend === 'wasm') {
        // Without the SIMD module, instance norm, the text model's pooling and some conv gradients run on tfjs kernels (slower).
        const noSimd = await loadSimdKernels();
        if (noSimd)
          note = `no lab SIMD kernels (${noSimd}); instance norm, text pooling and some conv gradients run slower`;
        else {
          installWasmInstanceNorm();
          installWasmEmbeddingBag();
        }
      }
    } catch (error) {
      skip(`failed to initialise (${message(error)})`);
      continue;
    }
    try {
      await options.probe?.();
    } catch (error) {
      skip(`cannot train this model (${message(error)})`);
      continue;
    }
    if (note) options.onNote?.(note);
    return backend;
  }
  throw new Error(`no backend could run this model: ${reasons.join('; ')}`);
}
