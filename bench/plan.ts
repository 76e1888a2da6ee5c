/**
 * Which lab measurements the bench makes, and how far each one trains. A
 * backend that cannot finish an epoch in reasonable time here times a few
 * steps instead, and the table extrapolates (and says so). The caps come from
 * this project's 2-core CPU-only machines (see the README's numbers).
 */
import type { BackendName } from '../src/core/results/types';
import type { BenchModel } from './config';

export type Where = 'node' | 'chromium';

export interface LabCase {
  where: Where;
  backend: BackendName;
  model: BenchModel;
  /** wasm in Chromium: the threads asked for (Node's wasm is single-threaded). */
  threads?: number;
}

/** How to run a case: a full epoch, a capped one, or not at all (and why). */
export type Plan = { steps: 'epoch' | number; timeoutS: number } | { skip: string };

/** GPUs emulated on the CPU: SwiftShader (Chromium, Dawn), llvmpipe and lavapipe (Mesa). */
const SOFTWARE_GPU = /swiftshader|llvmpipe|lavapipe|softpipe|software/i;

export function isSoftwareGpu(adapter: string): boolean {
  return SOFTWARE_GPU.test(adapter);
}

export const NODE_BACKENDS: readonly BackendName[] = ['wasm', 'cpu', 'webgpu'];
/** The tfjs cpu backend is plain JS; the browser's copy tells nothing Node's does not. */
export const CHROMIUM_BACKENDS: readonly BackendName[] = ['wasm', 'webgl', 'webgpu'];

/**
 * `adapter` names the GPU behind webgl/webgpu (null: none). `all` also runs
 * the case that takes over ten minutes here (ConvNet on Chromium's software
 * WebGPU, where even one step plus the worker's two test-set evaluations ran
 * past 400 s).
 */
export function planFor(c: LabCase, adapter: string | null, all: boolean): Plan {
  const gpu = c.backend === 'webgl' || c.backend === 'webgpu';
  if (gpu && adapter === null) return { skip: `no ${c.backend === 'webgl' ? 'WebGL' : 'WebGPU'} adapter` };
  const software = gpu && isSoftwareGpu(adapter!);
  const convnet = c.model === 'convnet';
  // The tfjs cpu backend takes over 20 s per ConvNet step here (about 100x wasm).
  if (c.backend === 'cpu') return convnet ? { steps: 1, timeoutS: 600 } : { steps: 'epoch', timeoutS: 120 };
  if (!software) return { steps: 'epoch', timeoutS: 300 };
  if (c.backend === 'webgl') return convnet ? { steps: 1, timeoutS: 300 } : { steps: 'epoch', timeoutS: 120 };
  // Software WebGPU: about 0.7 s (Chromium) to 2 s (Dawn) per MLP step.
  if (!convnet) return { steps: 10, timeoutS: 180 };
  if (c.where === 'chromium' && !all)
    return {
      skip: `software WebGPU (${adapter}): one ConvNet step plus the two test-set evaluations took over 400 s; --all runs it`,
    };
  return { steps: 1, timeoutS: 900 };
}
