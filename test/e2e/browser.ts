/**
 * The e2e harness: serves the built app with `vite preview` and drives
 * Debian's Chromium through playwright-core, with WebGPU enabled (a software
 * adapter here) and a fresh profile per launch.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, CHROMIUM_ARGS } from '../../scripts/chromium';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { CROSS_ORIGIN_ISOLATION } from '../../vite.config';
import { afterAll, beforeAll, expect } from 'vitest';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built app that the tests serve. */
export const DIST = new URL('../../dist/', import.meta.url);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface AppSession {
  url: string;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export interface AppOptions {
  /** The profile blocks site data, as school-managed browsers can: no IndexedDB, storage or Web Locks. */
  blockSiteData?: boolean;
  /** Served as a static host without headers would: no Content-Security-Policy header (the page keeps its meta tag). */
  noPolicyHeader?: boolean;
}

/** Serves dist/ (built beforehand by `vite build`) and opens the app in a fresh Chromium profile. */
export async function openApp(options: AppOptions = {}): Promise<AppSession> {
  if (!existsSync(new URL('index.html', DIST)))
    throw new Error('dist/ is missing: run `npx vite build` before the e2e tests');
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: PROJECT_ROOT,
    // Without vite.config.ts, whose preview server sends the policy header; cross-origin isolation stays.
    configFile: options.noPolicyHeader ? false : undefined,
    logLevel: 'warn',
    preview: {
      host: '127.0.0.1',
      port,
      strictPort: true,
      open: false,
      headers: options.noPolicyHeader ? CROSS_ORIGIN_ISOLATION : undefined,
    },
  });
  const url = `http://127.0.0.1:${port}/`;
  const profile = await mkdtemp(join(tmpdir(), 'lab-e2e-'));
  if (options.blockSiteData) {
    // Chromium's "Don't allow sites to save data" setting, in the profile it starts with.
    await mkdir(join(profile, 'Default'));
    await writeFile(
      join(profile, 'Default', 'Preferences'),
      JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }),
    );
  }
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
    const openContext = context;
    return {
      url,
      page,
      errors,
      async close() {
        await openContext.close();
        await server.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/** Opens the app before a test file's tests, handing the session to `onOpen`, and closes it after them. */
export function useApp(onOpen: (session: AppSession) => void, options?: AppOptions): void {
  let session: AppSession | undefined;
  beforeAll(async () => {
    session = await openApp(options);
    onOpen(session);
  });
  afterAll(async () => {
    await session?.close();
  });
}

/** Loads the app's page and waits until it is ready to run. */
export async function openReady(session: AppSession): Promise<void> {
  await session.page.goto(session.url);
  await expect.poll(() => session.page.getByTestId('status').textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
}

export interface Comparison {
  dataset: string;
  model: string;
  epochs: number;
  /** The method boxes ticked; every other is cleared. */
  methods: string[];
}

/** Sets the form to a small comparison: its dataset, model, epochs and methods, seed 0, on wasm. */
export async function chooseComparison(
  surface: Page | Frame,
  { dataset, model, epochs, methods }: Comparison,
): Promise<void> {
  await surface.getByTestId('dataset').selectOption(dataset);
  await surface.getByTestId('model').selectOption(model);
  await surface.getByTestId('epochs').fill(String(epochs));
  await surface.getByTestId('seeds').fill('0');
  await surface.getByTestId('backend-choice').selectOption('wasm');
  for (const box of await surface.locator('[data-testid^="method-"][type="checkbox"]').all()) {
    const id = (await box.getAttribute('data-testid'))!.slice('method-'.length);
    if (methods.includes(id)) await box.check();
    else await box.uncheck();
  }
}

/** Spam, random + dm at 10 texts per class (100 iterations) on its suggested training: the page's text distillation. */
export async function chooseTextDistillation(surface: Page | Frame): Promise<void> {
  await chooseComparison(surface, { dataset: 'spam', model: 'text', epochs: 5, methods: ['random', 'dm'] });
  await surface.getByTestId('budget-mode').selectOption('ipc');
  await surface.getByTestId('budget-value').fill('10');
  await surface.getByTestId('param-dm-iterations').fill('100');
}

/** The software WebGPU adapter is slow; this is plenty for the tiny comparisons the tests run. */
export const RUN_TIMEOUT_MS = 240_000;

/** Clicks Run and waits for this run's end, not the previous run's "Done" still on screen; returns the final status. */
export async function runToEnd(page: Page | Frame, timeoutMs = RUN_TIMEOUT_MS): Promise<string> {
  const status = page.getByTestId('status');
  type Counted = HTMLElement & { changes?: number };
  // Counted from the click on: a run quicker than a poll still changes the status, though it ends as it began ("Done: 2 runs in 0 s.").
  await status.evaluate((element: Counted) => {
    element.changes = 0;
    new MutationObserver(() => element.changes!++).observe(element, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await page.getByTestId('run').click();
  await expect
    .poll(() => status.evaluate((element: Counted) => element.changes), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect
    .poll(() => status.textContent(), { timeout: timeoutMs, interval: 500 })
    .toMatch(/^(Done|The run failed)/);
  return (await status.textContent()) ?? '';
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * axe-core's serious and critical findings inside `selector`, one line each.
 * axe is evaluated through the debugging protocol: the page's
 * Content-Security-Policy refuses an injected script tag.
 */
export async function axeViolations(page: Page, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE_PATH, 'utf8'));
  return page.evaluate(async (include) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run({ include: [include] }, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  }, selector);
}
