/**
 * Mixing augmentations on the page: one method with and without them runs
 * as rows of their own (table, chart legend), each augmentation's settings
 * sit once in their fold and are checked there, the mixing preview draws a
 * batch with its label weights and redraws from another seed, and a text
 * dataset drops what cannot mix it, saying so. Needs `vite build` first
 * (npm test does it).
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, openReady, runToEnd, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;

useApp((session) => {
  app = session;
  page = session.page;
});

const status = () => page.getByTestId('status');

/** "0.14 3 · 0.86 7": one or two weights, the example's own class first, then its partner's. */
const WEIGHTS = /^\d\.\d\d \S+( · \d\.\d\d \S+)?$/;

describe('mixing augmentations on the page', () => {
  test('random with none, mixup and (where the lab has it) cutmix runs as three rows, in the table and the legend', async () => {
    await openReady(app);
    await page.getByTestId('dataset').selectOption('mnist');
    await page.getByTestId('model').selectOption('mlp');
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('backend-choice').selectOption('wasm');
    for (const id of ['full', 'rs2', 'herding']) await page.getByTestId(`method-${id}`).uncheck();
    await page.getByTestId('method-random').check();
    expect(await page.getByTestId('augment-random-none').isChecked()).toBe(true);
    // The rows fold away until opened; their summary says which rows the method adds.
    expect(await page.getByTestId('augment-random-rows').textContent()).toBe('plain');
    await page.getByTestId('augment-random').locator('summary').click();
    await page.getByTestId('augment-random-mixup').check();
    const hasCutmix = (await page.getByTestId('augment-random-cutmix').count()) > 0;
    if (hasCutmix) await page.getByTestId('augment-random-cutmix').check();
    const expected = ['random 10%', 'random 10% + mixup', ...(hasCutmix ? ['random 10% + cutmix'] : [])];
    expect(await page.getByTestId('augment-random-rows').textContent()).toBe(
      `plain, + mixup${hasCutmix ? ', + cutmix' : ''}`,
    );

    expect(await runToEnd(page)).toMatch(new RegExp(`^Done: ${expected.length} runs`));
    const labels = await page.getByTestId('result-row').locator('th').allTextContents();
    expect(labels.map((label) => label.trim())).toEqual(expected);
    expect(await page.getByTestId('legend-label').allTextContents()).toEqual(expected);
    // The picks panel says the row's augmentation by its name and settings (it said "augment [object Object]").
    const picks = page.getByTestId('picks');
    await picks.getByTestId('picks-run').selectOption('random 10% + mixup · seed 0');
    await expect
      .poll(() => picks.getByTestId('run-settings').textContent(), { timeout: 30_000 })
      .toMatch(/augment mixup \(alpha \d/);
    expect(await picks.getByTestId('run-settings').textContent()).not.toContain('[object Object]');
    expect(app.errors).toEqual([]);
  });

  test("each augmentation's settings sit once in their fold, with help, and a bad one is marked at its box", async () => {
    const fold = page.getByTestId('augmentations');
    expect(await fold.locator('summary').textContent()).toMatch(/\d+ in use/);
    await fold.locator('summary').click();
    const alpha = page.getByTestId('augment-param-mixup-alpha');
    expect(await alpha.getAttribute('title')).toMatch(/Beta/);
    await alpha.fill('0');
    await page.getByTestId('run').click();
    await expect.poll(() => status().textContent()).toMatch(/^Not started: Augmentation mixup alpha: /);
    expect(await alpha.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('problem-augment-param-mixup-alpha').textContent()).toMatch(/0/);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('augment-param-mixup-alpha');
    expect(await axeViolations(page, '.controls')).toEqual([]);
    await alpha.fill('1');
    await expect.poll(() => status().textContent()).toMatch(/^Ready/);
    expect(await alpha.getAttribute('aria-invalid')).toBeNull();
  });

  test('the preview draws a mixed batch with its label weights, and another seed draws another', async () => {
    const panel = page.getByTestId('mix-preview');
    await panel.scrollIntoViewIfNeeded();
    await page.getByTestId('mix-augmentation').selectOption('mixup');
    await page.getByTestId('mix-seed').fill('0');
    await page.getByTestId('mix-draw').click();
    const weights = page.getByTestId('mix-weights');
    await expect.poll(() => weights.count(), { timeout: 60_000 }).toBe(12);
    const first = await weights.allTextContents();
    for (const text of first) expect(text).toMatch(WEIGHTS);
    const note = (await page.getByTestId('mix-note').textContent()) ?? '';
    expect(note).toMatch(
      /^mixup, seed 0(, λ = \d\.\d\d \(each example's own share\)\.|: this draw left the batch unmixed)/,
    );
    // The example's own share (λ) comes first, whether or not it is the larger (it came second where it was smaller).
    const lambda = /λ = (\d\.\d\d)/.exec(note)?.[1];
    if (lambda) for (const text of first) if (text.includes(' · ')) expect(text.split(' ')[0]).toBe(lambda);
    // Drawn images, not blank canvases.
    const drawn = await page
      .getByTestId('mix-example')
      .first()
      .locator('canvas')
      .evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return data.some((value, i) => i % 4 !== 3 && value > 0);
      });
    expect(drawn).toBe(true);
    expect(await page.getByTestId('mix-draw').textContent()).toBe('Redraw');

    await page.getByTestId('mix-seed').fill('1');
    await page.getByTestId('mix-draw').click();
    await expect.poll(() => page.getByTestId('mix-note').textContent(), { timeout: 60_000 }).toMatch(/^mixup, seed 1/);
    const second = await weights.allTextContents();
    expect(second).toHaveLength(12);
    expect(second).not.toEqual(first);

    // A seed that is not a whole number is said at the box.
    await page.getByTestId('mix-seed').fill('1.5');
    await page.getByTestId('mix-draw').click();
    expect(await page.getByTestId('problem-mix-seed').textContent()).toMatch(/whole number/);
    expect(await page.getByTestId('mix-seed').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('mix-seed').fill('1');
    expect(await axeViolations(page, '[data-testid="mix-preview"]')).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  test('a text dataset drops the augmentations that cannot mix it, and says so', async () => {
    await page.getByTestId('dataset').selectOption('names');
    await expect
      .poll(() => page.getByTestId('augment-dropped').textContent())
      .toMatch(/mixup.* left out: (it does|they do) not mix tokens data\./);
    expect(await page.getByTestId('augment-random-mixup').count()).toBe(0);
    expect(await page.getByTestId('method-random').isChecked()).toBe(true);
    // Where text mixes remain to choose from, random keeps its plain row.
    const none = page.getByTestId('augment-random-none');
    if ((await none.count()) > 0) expect(await none.isChecked()).toBe(true);
    // The form asks for nothing the schema refuses.
    await page.getByTestId('epochs').fill('0');
    await page.getByTestId('run').click();
    await expect.poll(() => status().textContent()).toMatch(/^Not started: Epochs: /);
    expect(await status().textContent()).not.toMatch(/augment/i);
    await page.getByTestId('epochs').fill('1');
    // Back on images, random has its mixup row again.
    await page.getByTestId('dataset').selectOption('mnist');
    await expect.poll(() => page.getByTestId('augment-random-mixup').count()).toBe(1);
    expect(await page.getByTestId('augment-random-mixup').isChecked()).toBe(true);
    expect(await page.getByTestId('augment-dropped').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
