/**
 * The page side of the repeat bench: the comparison opened as a share link
 * in Chromium, Run clicked again and again in the same page (the worker,
 * the dataset and the backend kept, as a user's next click finds them), and
 * each click's results read from the page's own results export.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium';
import type { LabConfig } from '../src/core/settings/config';
import { shareLink } from '../src/core/share/share-link';
import type { ExperimentResult } from '../src/core/results/types';

const OUT_DIR = 'bench/.dist';
/** A comparison on wasm in Chromium takes well under this; the software GPU is not used. */
const CLICK_TIMEOUT_MS = 600_000;

/** One click's speed-ups by row label: wall-clock and steps (null where the row has none, or the lab had no steps to target). */
export type Speedups = Map<string, { time: number | null; steps: number | null }>;

export function speedupsOf(result: Pick<ExperimentResult, 'summary'>): Speedups {
  return new Map(
    result.summary.map((row) => [row.label, { time: row.speedupVsFull, steps: row.speedupVsFullSteps ?? null }]),
  );
}

async function waitForStatus(read: () => Promise<string | null>, pattern: RegExp, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = (await read()) ?? '';
    if (pattern.test(text)) return text;
    if (Date.now() > until) throw new Error(`the page's status stayed at "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `root`: the checkout of the lab whose page is built and clicked. */
export async function clickRuns(root: string, config: Record<string, unknown>, times: number): Promise<Speedups[]> {
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: OUT_DIR, emptyOutDir: true },
  });
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: OUT_DIR },
    preview: { host: '127.0.0.1', port: 0, open: false },
  });
  const profile = await mkdtemp(join(tmpdir(), 'lab-repeat-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
  });
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report its address');
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(shareLink({ config: config as LabConfig }, url));
    const status = () => page.getByTestId('status').textContent();
    await waitForStatus(status, /^Ready/, 120_000);
    const clicks: Speedups[] = [];
    for (let i = 0; i < times; i++) {
      const before = await status();
      await page.getByTestId('run').click();
      // Each comparison takes seconds, so its first status is seen before its end.
      await waitForStatus(async () => ((await status()) === before ? '' : 'moved'), /moved/, 30_000);
      const end = await waitForStatus(status, /^(Done|The run failed)/, CLICK_TIMEOUT_MS);
      if (!end.startsWith('Done')) throw new Error(end);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
      const result = JSON.parse(await readFile((await download.path())!, 'utf8')) as ExperimentResult;
      clicks.push(speedupsOf(result));
    }
    return clicks;
  } finally {
    await context.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
}
