/**
 * In a real Chromium that refuses the page storage and Web Locks: with site
 * data blocked (a school-managed browser) and framed on another site's page
 * (a learning platform), the lab reaches Ready, says which features are
 * off, and runs a comparison. Needs `vite build` first (npm test does it).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { chooseComparison, runToEnd, useApp, type AppSession } from './browser';

/** Reaches Ready, says that storage and Web Locks are off, and runs a comparison to the end. */
async function worksWithoutStorage(surface: Page | Frame): Promise<void> {
  await expect.poll(() => surface.getByTestId('status').textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
  const limits = (await surface.getByTestId('browser-limits').textContent()) ?? '';
  expect(limits).toMatch(/gives the page no storage .*History, your uploads and dataset files/);
  expect(limits).toMatch(/refuses Web Locks, so a worker that dies without an error .* is not noticed/);
  expect(await surface.getByTestId('history-not-kept').isVisible()).toBe(true);
  await chooseComparison(surface, { dataset: 'blobs', model: 'mlp', epochs: 2, methods: ['full', 'random'] });
  expect(await runToEnd(surface)).toMatch(/^Done: 2 runs/);
  expect(await surface.getByTestId('result-row').count()).toBe(2);
}

describe('with site data blocked', () => {
  let app: AppSession;
  useApp((session) => (app = session), { blockSiteData: true });

  test('the lab runs and says which features are off', async () => {
    await app.page.goto(app.url);
    await worksWithoutStorage(app.page);
    // The refusals are answered, not thrown: nothing reaches the console as an error.
    expect(app.errors).toEqual([]);
  });
});

describe('framed on another site’s page', () => {
  let app: AppSession;
  useApp((session) => (app = session));

  test('the lab runs in the frame and says which features are off', async () => {
    // localhost and 127.0.0.1 are different sites: the frame is third-party, and Chromium refuses it storage.
    const host: Server = createServer((_, response) => {
      response.setHeader('Content-Type', 'text/html');
      response.end(
        `<!doctype html><title>A course</title><iframe src="${app.url}" width="1280" height="900"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, 'localhost', resolve));
    try {
      await app.page.goto(`http://localhost:${(host.address() as AddressInfo).port}/`);
      await expect.poll(() => app.page.frames().length, { timeout: 30_000 }).toBe(2);
      await worksWithoutStorage(app.page.frames()[1]);
      expect(app.errors).toEqual([]);
    } finally {
      // The browser keeps its connection alive for a minute: cut it rather than wait.
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });
});
