/**
 * A class compares methods at a glance: on a 2-D set every run's decision
 * boundary shows at once, a panel each (one seed per method, or every
 * seed), two to a row on a phone, and a panel opens large and closes with
 * Escape. A picked image opens large too, walks the set with the arrow keys
 * and closes with Escape, the focus back where it was. Needs `vite build`
 * first (npm test does it).
 */
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeViolations, chooseComparison, openReady, runToEnd, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;
useApp((session) => {
  app = session;
  page = session.page;
});

/** The test id of the element that has the focus. */
const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** The boxes of the locator's elements, in order. */
async function boxes(locator: Locator) {
  return Promise.all((await locator.all()).map(async (element) => (await element.boundingBox())!));
}

describe('small multiples and enlarged views', () => {
  test("a moons comparison shows every method's boundary at once, and one large on request", async () => {
    await openReady(app);
    await chooseComparison(page, { dataset: 'moons', model: 'mlp', epochs: 3, methods: ['full', 'random'] });
    await page.getByTestId('seeds').fill('0, 1');
    await page.getByTestId('lr').fill('0.1');
    expect(await runToEnd(page)).toMatch(/^Done: 4 runs/);

    const boundaries = page.getByTestId('boundaries');
    const panels = boundaries.getByTestId('boundary-panel');
    await expect.poll(() => boundaries.getByTestId('boundary-scatter').count(), { timeout: 30_000 }).toBe(2);
    // One seed per method by default: the first.
    expect(await boundaries.getByTestId('boundary-caption').allTextContents()).toEqual([
      'full · seed 0',
      'random 10% · seed 0',
    ]);
    // Side by side, the same size, and both in view at once.
    await boundaries.scrollIntoViewIfNeeded();
    const [first, second] = await boxes(panels);
    expect(Math.abs(first.y - second.y)).toBeLessThan(1);
    expect(second.x).toBeGreaterThan(first.x + first.width - 1);
    expect(Math.abs(first.width - second.width)).toBeLessThan(1);
    expect(first.width).toBeGreaterThanOrEqual(150);
    for (const panel of await panels.all()) expect(await panel.isVisible()).toBe(true);
    expect(await panels.first().getAttribute('aria-label')).toContain('the class that full (seed 0) predicts');

    // Another seed, then every seed.
    const seed = boundaries.getByTestId('boundary-seed');
    expect(await seed.locator('option').allTextContents()).toEqual(['seed 0', 'seed 1', 'every seed']);
    await seed.selectOption('1');
    await expect
      .poll(() => boundaries.getByTestId('boundary-caption').allTextContents())
      .toEqual(['full · seed 1', 'random 10% · seed 1']);
    await seed.selectOption('all');
    await expect
      .poll(() => boundaries.getByTestId('boundary-caption').allTextContents())
      .toEqual(['full · seed 0', 'full · seed 1', 'random 10% · seed 0', 'random 10% · seed 1']);
    expect(await axeViolations(page, '[data-testid="boundaries"]')).toEqual([]);

    // From the keyboard: a panel opens large with its description; the arrows move between runs; Escape closes.
    await panels.nth(1).focus();
    await page.keyboard.press('Enter');
    const large = page.getByTestId('boundary-large');
    await large.waitFor({ state: 'visible' });
    expect(await large.locator('h2').textContent()).toBe('Decision boundary of full · seed 1');
    expect(await large.getByTestId('boundary-description').textContent()).toContain(
      'The shading is the class the model of full (seed 1) predicts at each of',
    );
    const largeBox = (await large.getByTestId('boundary-large-scatter').boundingBox())!;
    expect(largeBox.width).toBeGreaterThan(first.width * 1.5);
    expect(await axeViolations(page, '[data-testid="boundary-large"]')).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => large.locator('h2').textContent()).toBe('Decision boundary of random 10% · seed 0');
    await page.keyboard.press('Escape');
    await large.waitFor({ state: 'detached' });
    expect(await focusedTestId()).toBe('boundary-panel');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toContain('full · seed 1');
    // The Close button closes it too.
    await panels.first().click();
    await large.waitFor({ state: 'visible' });
    await large.getByTestId('boundary-large-close').click();
    await large.waitFor({ state: 'detached' });

    // On a phone: two panels to a row.
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await boundaries.scrollIntoViewIfNeeded();
      const phone = await boxes(panels);
      expect(Math.abs(phone[0].y - phone[1].y)).toBeLessThan(1);
      expect(phone[2].y).toBeGreaterThan(phone[0].y + phone[0].height - 1);
      expect(phone[0].width).toBeGreaterThanOrEqual(120);
      expect(phone[1].x + phone[1].width).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    expect(app.errors).toEqual([]);
  });

  test('a picked image opens large, walks the set with the arrow keys and closes with Escape', async () => {
    await chooseComparison(page, { dataset: 'mnist', model: 'mlp', epochs: 1, methods: ['random'] });
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);
    const gallery = page.getByTestId('picks-gallery');
    const thumbnails = gallery.getByTestId('example-enlarge');
    await thumbnails.first().waitFor({ timeout: 30_000 });
    const thumbnail = (await thumbnails.first().locator('canvas').boundingBox())!;

    await thumbnails.first().click();
    const large = page.getByTestId('example-large');
    await large.waitFor({ state: 'visible' });
    const title = await large.locator('h2').textContent();
    expect(title).toMatch(/^Class \S+, picked example 1$/);
    expect(await large.getByTestId('example-large-place').textContent()).toMatch(
      /^1 of the \d+ shown of this class; 1 of \d+ shown in all\.$/,
    );
    // At ten times a thumbnail's 28 px, its pixels kept square.
    const image = large.locator('canvas.example-enlarged');
    const box = (await image.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(9 * thumbnail.width);
    expect(await image.evaluate((canvas) => getComputedStyle(canvas).imageRendering)).toBe('pixelated');
    // It is the thumbnail's image, drawn at its own size.
    const pixels = (locator: Locator) =>
      locator.evaluate((canvas: HTMLCanvasElement) =>
        Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data),
      );
    expect(await pixels(image)).toEqual(await pixels(thumbnails.first().locator('canvas')));

    expect(await axeViolations(page, '[data-testid="example-large"]')).toEqual([]);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => large.locator('h2').textContent()).toMatch(/, picked example 2$/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    // Back past the first: the set's last example.
    await expect
      .poll(() => large.getByTestId('example-large-place').textContent())
      .toMatch(/; (\d+) of \1 shown in all\.$/);
    await page.keyboard.press('Escape');
    await large.waitFor({ state: 'detached' });
    expect(await focusedTestId()).toBe('example-enlarge');

    // The thumbnails are one tab stop; the arrow keys move among them, and Enter opens one as well.
    expect(await gallery.locator('[data-testid="example-enlarge"][tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Enlarge picked example 2 of class /,
    );
    await page.keyboard.press('Enter');
    await large.waitFor({ state: 'visible' });
    expect(await large.locator('h2').textContent()).toMatch(/, picked example 2$/);
    await page.keyboard.press('Escape');
    await large.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Enlarge picked example 2 of class /,
    );
    expect(await axeViolations(page, '[data-testid="picks-gallery"]')).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
