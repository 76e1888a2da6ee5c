/**
 * Chromium side of the bench: builds the app into bench/.dist (so that the
 * e2e tests' dist/ is left alone), serves it with `vite preview`, opens the
 * page in Debian's Chromium and drives the real lab worker through its
 * Comlink API, one fresh worker per measurement.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, CHROMIUM_ARGS } from '../scripts/chromium';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import type * as ComlinkModule from 'comlink';
import type { LabWorkerApi } from '../workers/lab.worker';
import type { BackendName } from '../src/core/results/types';
import { labConfig, type BenchModel, type LabMeasurement } from './config';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = 'bench/.dist';
const COMLINK_UMD = join(ROOT, 'node_modules/comlink/dist/umd/comlink.js');

export interface ChromiumSession {
  version: string;
  /** What the page reports for its GPU APIs (names the software adapters here). */
  adapters: { webgpu: string | null; webgl: string | null };
  measure(
    model: BenchModel,
    backend: BackendName,
    capSteps: number | undefined,
    timeoutMs: number,
    wasmThreads?: number,
  ): Promise<LabMeasurement>;
  close(): Promise<void>;
}

async function workerUrl(): Promise<string> {
  const assets = await readdir(join(ROOT, OUT_DIR, 'assets'));
  const file = assets.find((name) => /^lab\.worker-.*\.js$/.test(name));
  if (!file) throw new Error(`no lab.worker-*.js in ${OUT_DIR}/assets`);
  return `/assets/${file}`;
}

function describeGpus(page: Page): Promise<ChromiumSession['adapters']> {
  return page.evaluate(async () => {
    const info = (await navigator.gpu?.requestAdapter())?.info;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    const debug = gl?.getExtension('WEBGL_debug_renderer_info');
    return {
      webgpu: info ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') : null,
      webgl: gl && debug ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : null,
    };
  });
}

/** One epoch (or `capSteps` steps) in a fresh lab worker on the page. */
function runInWorker(page: Page, url: string, config: Record<string, unknown>): Promise<LabMeasurement> {
  return page.evaluate(
    async ({ url, config }) => {
      const Comlink = (globalThis as unknown as { Comlink: typeof ComlinkModule }).Comlink;
      const worker = new Worker(url, { type: 'module' });
      try {
        const api = Comlink.wrap<LabWorkerApi>(worker);
        const result = await api.run(
          config,
          Comlink.proxy(() => undefined),
        );
        const [run] = result.runs;
        return {
          ok: true,
          backend: result.backend,
          threads: result.threads,
          steps: run.steps,
          trainMs: run.trainMs,
          testAcc: run.finalTestAcc,
        } as const;
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) } as const;
      } finally {
        worker.terminate();
      }
    },
    { url, config },
  );
}

export async function openChromium(): Promise<ChromiumSession> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing (apt-get install -y chromium)`);
  // A fresh build, so that the worker measured is the code in the tree.
  await build({ root: ROOT, logLevel: 'error', build: { outDir: OUT_DIR, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: OUT_DIR },
    preview: { host: '127.0.0.1', port: 0, open: false },
  });
  const profile = await mkdtemp(join(tmpdir(), 'lab-bench-'));
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    context = browser;
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report its address');
    const worker = await workerUrl();
    const openPage = async () => {
      const page = await browser.newPage();
      // The page loads its own worker and data preview; let that settle before timing anything.
      await page.goto(url, { waitUntil: 'networkidle' });
      await page.addScriptTag({ path: COMLINK_UMD });
      return page;
    };
    let page = await openPage();
    const adapters = await describeGpus(page);
    return {
      version: browser.browser()?.version() ?? 'unknown',
      adapters,
      async measure(model, backend, capSteps, timeoutMs, wasmThreads) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), timeoutMs);
        });
        // A crashed or closed page rejects; that is a failed measurement, not a failed bench.
        const running = runInWorker(page, worker, labConfig(model, backend, capSteps, wasmThreads)).catch(
          (error: Error): LabMeasurement => ({ ok: false, reason: `the page failed: ${error.message.split('\n')[0]}` }),
        );
        const result = await Promise.race([running, timeout]);
        clearTimeout(timer);
        if (result === null) {
          // Closing the page ends its stuck worker; the next measurement gets a fresh page.
          await page.close();
          page = await openPage();
          return { ok: false, reason: `no result within ${timeoutMs / 1000} s` };
        }
        const adapter = backend === 'webgpu' ? adapters.webgpu : backend === 'webgl' ? adapters.webgl : null;
        return result.ok && adapter ? { ...result, adapter } : result;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
