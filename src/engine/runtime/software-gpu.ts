/**
 * Detects GPUs that are emulated on the CPU (SwiftShader, llvmpipe, WARP).
 * Through them, tfjs's webgpu and webgl backends train about 10x slower than
 * wasm, so the automatic backend choice passes over them; a user who asks
 * for such a backend by name still gets it.
 */
import type { BackendName } from '../../core/backend-name';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|microsoft basic render|warp/i;

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
}
type GpuGlobals = {
  navigator?: { gpu?: { requestAdapter(): Promise<AdapterLike | null> } };
  OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): WebGLRenderingContext | null };
};

async function webgpuSoftwareReason(): Promise<string | null> {
  const adapter = await (globalThis as GpuGlobals).navigator?.gpu?.requestAdapter();
  if (!adapter) return 'no WebGPU adapter';
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  if (info.isFallbackAdapter || adapter.isFallbackAdapter || SOFTWARE.test(name)) return `software adapter (${name})`;
  return null;
}

function webglSoftwareReason(): string | null {
  const Canvas = (globalThis as GpuGlobals).OffscreenCanvas;
  if (!Canvas) return null;
  const gl = new Canvas(1, 1).getContext('webgl2') ?? new Canvas(1, 1).getContext('webgl');
  if (!gl) return 'no WebGL context';
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE.test(renderer) ? `software renderer (${renderer})` : null;
}

/** Why the automatic choice should pass over this backend here, or null. */
export async function softwareGpuReason(backend: BackendName): Promise<string | null> {
  if (backend === 'webgpu') return webgpuSoftwareReason();
  if (backend === 'webgl') return webglSoftwareReason();
  return null;
}
