/**
 * WebGPU for Node: the optional `webgpu` package (Dawn) gives Node the
 * browser's GPU API, so the CLI and the bench can use tfjs's webgpu backend
 * and measure a real GPU where the machine has one. Without a GPU, Dawn can
 * still run on a software Vulkan driver (VK_ICD_FILENAMES), slowly.
 */
import { tmpdir } from 'node:os';

/** Installs navigator.gpu when the package loads; returns why not otherwise. */
export async function enableNodeWebGpu(): Promise<string | null> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return null;
  // Dawn wants a runtime folder for its Vulkan loader and complains without one.
  process.env.XDG_RUNTIME_DIR ??= tmpdir();
  let dawn: { create(flags: string[]): unknown; globals: object };
  try {
    dawn = await import('webgpu');
  } catch (error) {
    return `the optional package "webgpu" is not installed (${(error as Error).message})`;
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else g.navigator = { gpu };
  return null;
}
