/**
 * Presentation mode on a 1280x720 projector: a lesson link opens in it, its
 * title, story and chart on the first screen in type readable from the back
 * of a room, with Play, Pause, Step and Reset and no settings or uploads; it
 * runs, says what the comparison showed, and the teacher can leave it and
 * come back. Needs `vite build` first (npm test does it).
 */
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { requireConfig } from '../../src/engine/config';
import { OpenDatasets } from '../../src/engine/data/open-datasets';
import { shareLink, type SharedState } from '../../src/core/share/share-link';
import { axeViolations, RUN_TIMEOUT_MS, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;

useApp((session) => {
  app = session;
  page = session.page;
});

const PROJECTOR = { width: 1280, height: 720 };

const lesson: SharedState = {
  config: requireConfig(new OpenDatasets(), {
    version: 1,
    dataset: 'moons',
    model: { name: 'mlp' },
    budget: { fraction: 0.1 },
    train: { epochs: 3, batchSize: 32, lr: 0.1 },
    methods: [{ name: 'full' }, { name: 'random' }, { name: 'herding' }],
    seeds: [0],
    backend: 'wasm',
  }),
  classroom: {
    hide: ['dataset', 'model', 'train', 'seeds', 'backend'],
    title: 'Which tenth of the moons learns fastest?',
    story: 'Three ways to train: all the points, a random tenth, and the tenth herding picks.',
  },
};

/** The element's box on the screen, and its text's computed size in px. */
async function onScreen(locator: Locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return { top: box.top, bottom: box.bottom, fontPx: Number.parseFloat(getComputedStyle(element).fontSize) };
  });
}

describe('presentation mode', () => {
  test('a lesson link opens in it: title, story and the chart on the first screen, large type, no settings', async () => {
    await page.setViewportSize(PROJECTOR);
    await page.goto(shareLink(lesson, app.url));
    await page.getByTestId('presentation').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('lesson-title').textContent()).toBe(lesson.classroom!.title);
    expect(await page.getByTestId('lesson-story').textContent()).toBe(lesson.classroom!.story);
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: 60_000 })
      .toMatch(/^Ready\. Press Play/);

    const plot = await onScreen(page.getByTestId('chart-plot'));
    expect(plot.top).toBeLessThan(PROJECTOR.height / 2);
    // The whole plot, its x axis included, fits the first screen.
    expect(plot.bottom).toBeLessThanOrEqual(PROJECTOR.height);
    expect((await onScreen(page.getByTestId('lesson-story'))).fontPx).toBeGreaterThanOrEqual(20);
    expect((await onScreen(page.getByTestId('status'))).fontPx).toBeGreaterThanOrEqual(18);

    // No settings, uploads, History or previews; the lesson's controls are.
    for (const hidden of ['run', 'upload', 'dataset-file', 'presets', 'copy-link', 'history', 'preview']) {
      const control = page.getByTestId(hidden);
      expect((await control.count()) === 0 || !(await control.first().isVisible()), `${hidden} should not show`).toBe(
        true,
      );
    }
    for (const shown of ['play', 'pause', 'step-epoch', 'reset', 'leave-presentation']) {
      expect(await page.getByTestId(shown).isVisible(), shown).toBe(true);
    }
    expect(await axeViolations(page, '.presentation-bar')).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  test('Play runs the lesson, the chart fills in, and a sentence says what it showed', async () => {
    await page.getByTestId('play').click();
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: RUN_TIMEOUT_MS, interval: 500 })
      .toMatch(/^Done: 3 runs/);
    expect(await page.getByTestId('takeaway').textContent()).toMatch(/reached [\d.]+% first, in [\d.]+ s/);
    expect((await onScreen(page.getByTestId('takeaway'))).fontPx).toBeGreaterThanOrEqual(22);
    expect(await page.getByTestId('result-row').count()).toBe(3);
    // The table keeps the lesson's columns; the accounting behind them is for the full page.
    expect(await page.getByTestId('overhead').first().isVisible()).toBe(false);
    expect(await page.getByTestId('speedup').first().isVisible()).toBe(true);
    expect(app.errors).toEqual([]);
  });

  test('the teacher leaves it for the classroom form, and Present brings it back', async () => {
    await page.getByTestId('leave-presentation').click();
    expect(await page.getByTestId('presentation').count()).toBe(0);
    expect(await page.getByTestId('classroom').isVisible()).toBe(true);
    expect(await page.getByTestId('budget-value').isVisible()).toBe(true);
    const rootPx = () => page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(await rootPx()).toBe(15);

    await page.getByTestId('present').click();
    await page.getByTestId('presentation').waitFor();
    expect(await rootPx()).toBeGreaterThanOrEqual(18);
    // The results stay through both changes.
    expect(await page.getByTestId('result-row').count()).toBe(3);
    await page.getByTestId('leave-presentation').click();
    expect(app.errors).toEqual([]);
  });
});
