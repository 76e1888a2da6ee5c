/**
 * The exports of an uploaded dataset's results: files named by the upload's
 * name (not its hash id), and the chart files titled with the dataset, model
 * and budget. Needs `vite build` first.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openReady, runToEnd, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;
useApp((session) => {
  app = session;
  page = session.page;
});

/** 60 short reviews in two classes. */
function reviewsCsv(): string {
  const lines = ['label,text'];
  for (let i = 0; i < 60; i++)
    lines.push(i % 2 === 0 ? `pos,"a good, great film, number ${i % 9}"` : `neg,"a bad, awful film, number ${i % 9}"`);
  return `${lines.join('\n')}\n`;
}

async function download(button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

describe('exports of an upload', () => {
  test('are named by the upload, and the chart files carry a title line', async () => {
    await openReady(app);
    const drop = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'reviews.csv', { type: 'text/csv' }));
      return transfer;
    }, reviewsCsv());
    await page.getByTestId('upload-drop').dispatchEvent('drop', { dataTransfer: drop });
    await page.getByTestId('upload-label-column').fill('label');
    await page.getByTestId('upload-read').click();
    await page.getByTestId('upload-summary').waitFor({ timeout: 30_000 });
    await page.getByTestId('upload-confirm').click();
    await expect
      .poll(() => page.getByTestId('upload-status').textContent(), { timeout: 30_000 })
      .toBe('Added “reviews”; it is now the chosen dataset.');
    const model = await page.getByTestId('model').inputValue();
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('seeds').fill('0');
    await page.getByTestId('backend-choice').selectOption('wasm');
    for (const box of await page.locator('input[type="checkbox"][data-testid^="method-"]').all()) {
      if ((await box.getAttribute('data-testid')) === 'method-full') await box.check();
      else await box.uncheck();
    }
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);

    // It read "lab-upload-d6d876bd7dad7d06-…".
    const summary = await download(page.getByTestId('export-summary-csv'));
    expect(summary.name).toMatch(/^lab-reviews-\d{4}-\d\d-\d\d-\d{4}-summary\.csv$/);
    const svg = await download(page.getByTestId('export-svg'));
    expect(svg.name).toMatch(/^lab-reviews-.*-chart\.svg$/);
    expect(svg.bytes.toString('utf8')).toMatch(new RegExp(`>reviews · model ${model} · budget [^<]+</text>`));
    const png = await download(page.getByTestId('export-png'));
    expect(png.name).toMatch(/^lab-reviews-.*-chart\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The picture: a 28 px title line, the plot, and the legend (12 px padding either side of 20 px lines).
    const plot = page.getByTestId('chart-plot').locator('canvas').first();
    const plotHeight = await plot.evaluate((canvas: HTMLCanvasElement) => canvas.height);
    const legend = png.bytes.readUInt32BE(20) - plotHeight - 28 - 2 * 12;
    expect(legend).toBeGreaterThanOrEqual(20);
    expect(legend % 20).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
