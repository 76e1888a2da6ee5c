/**
 * The page on a phone and on a large screen, and the form for keyboard and
 * screen-reader users: a comparison's results can be read after Run (nothing
 * covers them, the chart covers no checkbox), number boxes keep what was
 * typed and say what is wrong with it, a refused-then-fixed run reports its
 * end, Escape cancels, and axe-core finds no serious problem in the form.
 * Needs `vite build` first (npm test does it).
 */
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeViolations, runToEnd, openReady, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;

const status = () => page.getByTestId('status');

/** Scrolls the element into view and says whether the point at its centre belongs to it (nothing drawn over it). */
async function uncovered(locator: Locator): Promise<boolean> {
  await locator.scrollIntoViewIfNeeded();
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const x = box.left + Math.min(box.width, window.innerWidth - box.left) / 2;
    const y = box.top + Math.min(box.height, window.innerHeight - box.top) / 2;
    const top = document.elementFromPoint(x, y);
    return top !== null && element.contains(top);
  });
}

/** Boxes in page coordinates overlap. */
async function overlap(a: Locator, b: Locator): Promise<boolean> {
  const box = (locator: Locator) =>
    locator.evaluate((element) => {
      const r = element.getBoundingClientRect();
      return { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY };
    });
  const [p, q] = [await box(a), await box(b)];
  return p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom;
}

/** The element is wholly inside the screen as the page opens, and nothing is drawn over its centre. */
async function inViewOnLoad(locator: Locator): Promise<{ top: number; bottom: number; inView: boolean }> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const inView = box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
    return { top: box.top, bottom: box.bottom, inView: inView && top !== null && element.contains(top) };
  });
}

/** Words of the element's text that the browser broke over two lines. */
async function brokenWords(locator: Locator): Promise<string[]> {
  return locator.evaluate((element) => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  });
}

/** The id of the focused element's test id, or its tag. */
const focused = () =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

/** Unticks every method (one at a time: the list of ticked ones shrinks as it goes). */
async function untickAll() {
  const ticked = page.locator('input[type=checkbox][data-testid^="method-"]:checked');
  while ((await ticked.count()) > 0) await ticked.first().uncheck();
}

/** Blobs, MLP, one epoch on wasm, full and random: a comparison of a few seconds. */
async function smallComparison() {
  await page.getByTestId('dataset').selectOption('blobs');
  await page.getByTestId('model').selectOption('mlp');
  await page.getByTestId('budget-mode').selectOption('fraction');
  await page.getByTestId('budget-value').fill('10');
  await page.getByTestId('epochs').fill('1');
  await page.getByTestId('lr').fill('0.1');
  await page.getByTestId('seeds').fill('0');
  await page.getByTestId('target-acc').fill('');
  await page.getByTestId('backend-choice').selectOption('wasm');
  await untickAll();
  await page.getByTestId('method-full').check();
  await page.getByTestId('method-random').check();
}

useApp((session) => {
  app = session;
  page = session.page;
});

describe('the page on any screen', () => {
  test('the results section is there before the first run', async () => {
    await openReady(app);
    expect(await page.getByTestId('results').count()).toBe(1);
    expect(await page.getByTestId('results').textContent()).toMatch(/No results yet/);
  });

  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
    { width: 390, height: 844 },
  ]) {
    test(`at ${viewport.width}x${viewport.height}, Run is in view as the page opens, under a line on what a comparison is`, async () => {
      await page.setViewportSize(viewport);
      await page.reload();
      await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
      const run = await inViewOnLoad(page.getByTestId('run'));
      expect(run.inView, JSON.stringify(run)).toBe(true);
      expect(await page.getByTestId('intro').textContent()).toMatch(/Run trains them and plots test accuracy/);
      expect(await page.getByTestId('intro').isVisible()).toBe(true);
    });
  }

  test("the keyboard's first stop skips to Run (or to the results), past the header and the form", async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.reload();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('skip-to-run');
    expect(await page.getByTestId('skip-to-run').isVisible()).toBe(true);
    const address = await page.evaluate(() => location.href);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('run');
    // The address (a share link's place) stays as it was.
    expect(await page.evaluate(() => location.href)).toBe(address);
  });

  for (const [name, viewport] of [
    ['a phone', { width: 390, height: 844 }],
    ['a 1920x1080 screen', { width: 1920, height: 1080 }],
  ] as const) {
    test(`on ${name}, a comparison's results can be read after Run, and the chart covers no checkbox`, async () => {
      await page.setViewportSize(viewport);
      const phone = viewport.width < 900;
      if (phone) {
        // Opened on a phone, the families with nothing ticked start folded: the form stays short.
        await page.reload();
        await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
        expect(
          await page.getByTestId('family-distillation').evaluate((details: HTMLDetailsElement) => details.open),
        ).toBe(false);
        expect(await page.getByTestId('family-baseline').evaluate((details: HTMLDetailsElement) => details.open)).toBe(
          true,
        );
        // So do a ticked method's settings and one's own data (each says what it holds), and the page is the shorter.
        const open = (testId: string) =>
          page.getByTestId(testId).evaluate((details: HTMLDetailsElement) => details.open);
        expect(await open('params-herding')).toBe(false);
        expect(await page.getByTestId('params-herding').locator('summary').textContent()).toMatch(
          /^\d+ settings, at their defaults$/,
        );
        expect(await open('own-data')).toBe(false);
        // 7,650 px when a new-user walk measured it; the folds bring it under 5,000.
        expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(5000);
      }
      await smallComparison();
      // One column on a phone: the settings scroll away with the page.
      expect(await page.locator('.sidebar').evaluate((element) => getComputedStyle(element).position)).toBe(
        phone ? 'static' : 'sticky',
      );

      const final = await runToEnd(page);
      expect(final).toMatch(/^Done: 2 runs in /);
      const table = page.getByTestId('results-table');
      expect(await table.isVisible()).toBe(true);
      expect(await uncovered(table)).toBe(true);
      expect(await uncovered(page.getByTestId('result-row').first())).toBe(true);
      expect(await overlap(page.getByTestId('chart'), page.locator('.controls .methods'))).toBe(false);
      expect(await uncovered(page.getByTestId('method-random'))).toBe(true);
      // Nothing wider than the screen but what scrolls inside its own box (the table).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      // The table's headers wrap between words, never inside one.
      expect(await brokenWords(table.locator('thead'))).toEqual([]);
      const scroller = page.getByTestId('table-scroll');
      const scrolls = await scroller.evaluate((box) => box.scrollWidth > box.clientWidth);
      if (phone) {
        // On a phone the table scrolls sideways, and says so: a hint, and a shadow on the side with more.
        expect(scrolls).toBe(true);
        expect(await page.getByTestId('table-scroll-hint').isVisible()).toBe(true);
        expect(await scroller.evaluate((box) => getComputedStyle(box).backgroundImage)).toMatch(/gradient/);
      } else {
        expect(scrolls).toBe(false);
        expect(await page.getByTestId('table-scroll-hint').count()).toBe(0);
      }
      // The chart first; what the comparison took on the clock under it, its breakdown on request.
      const order = await page.evaluate(() => {
        const chart = document.querySelector('[data-testid="chart"]')!;
        const wall = document.querySelector('[data-testid="wall-summary"]')!;
        return chart.compareDocumentPosition(wall) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      expect(order).toBeTruthy();
      expect(await page.getByTestId('wall-summary').textContent()).toMatch(/^The comparison took \d/);
      expect(await page.getByTestId('wall-time').isVisible()).toBe(false);
      // Outside classroom mode the playback bar goes with the run.
      expect(await page.getByTestId('playback').count()).toBe(0);
      // The run ended with focus on the page, not dropped to <body>.
      expect(await focused()).toBe('status-line');
      expect(app.errors).toEqual([]);
    });
  }
});

describe('the form', () => {
  test('a number box keeps what was typed and says what is wrong with it, at the field', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('lr').fill('1e9');
    await page.getByTestId('epochs').fill('2.5');
    await page.getByTestId('run').click();
    await expect.poll(() => status().textContent()).toMatch(/^Not started: /);
    expect(await page.getByTestId('lr').inputValue()).toBe('1e9');
    expect(await page.getByTestId('problem-lr').textContent()).toBe('must be at most 10');
    expect(await page.getByTestId('problem-epochs').textContent()).toBe('must be a whole number');
    // Marked for screen readers, its message as its description; focus on the first to fix.
    expect(await page.getByTestId('lr').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('lr').getAttribute('aria-describedby')).toBe('lr-problem');
    expect(await page.locator('#lr-problem').textContent()).toBe('must be at most 10');
    await expect.poll(focused).toBe('epochs');

    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('lr').fill('1e-1');
    await expect.poll(() => status().textContent()).toMatch(/^Ready/);
    expect(await page.getByTestId('lr').getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByTestId('problem-lr').count()).toBe(0);
  });

  test('axe-core finds no serious or critical problem in the form, as it opens and with problems on show', async () => {
    const violations = () => axeViolations(page, '.controls');
    expect(await violations()).toEqual([]);

    await page.getByTestId('budget-value').fill('');
    await page.getByTestId('target-acc').fill('0.9');
    await page.getByTestId('run').click();
    await expect
      .poll(() => page.getByTestId('problem-budget').textContent())
      .toBe('is empty: give a percentage of the training set, e.g. 10');
    expect(await page.getByTestId('problem-targetAcc').textContent()).toMatch(
      /^is a percentage: 0\.9 means 0\.9%, not 90%/,
    );
    await expect.poll(focused).toBe('budget-value');
    expect(await violations()).toEqual([]);
    await page.getByTestId('budget-value').fill('10');
    await page.getByTestId('target-acc').fill('');
    await expect.poll(() => status().textContent()).toMatch(/^Ready/);
  });

  test('after a refused Run, the fixed run reports its end, and nothing overwrites it', async () => {
    // A warm worker (data and backend loaded), so that the fixed run can end before the check of the fix is due.
    await smallComparison();
    await page.getByTestId('method-random').uncheck();
    expect(await runToEnd(page)).toMatch(/^Done: 1 run in /);
    await untickAll();
    await page.getByTestId('run').click();
    await expect.poll(() => status().textContent()).toMatch(/^Not started: Methods: must name at least one method/);
    await expect.poll(focused).toBe('method-full');

    // Fix and run at once, while the check of the fix is still pending.
    await page.evaluate(() => {
      document.querySelector<HTMLInputElement>('[data-testid="method-full"]')!.click();
      document.querySelector<HTMLButtonElement>('[data-testid="run"]')!.click();
    });
    await expect
      .poll(() => status().textContent(), { timeout: 240_000, interval: 100 })
      .toMatch(/^(Done|The run failed)/);
    expect(await status().textContent()).toMatch(/^Done: 1 run in /);
    await page.waitForTimeout(1500);
    expect(await status().textContent()).toMatch(/^Done: 1 run in /);
    expect(await page.getByTestId('result-row').count()).toBe(1);
    expect(app.errors).toEqual([]);
  });

  test('Escape cancels a running comparison', async () => {
    await page.getByTestId('epochs').fill('200');
    await page.getByTestId('run').click();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Run 1\/1 .*step [1-9]/);
    // While it runs, the playback bar shows, and says what its buttons do.
    expect(await page.getByTestId('playback-help').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Cancelled/);
    expect(await page.getByTestId('run').isEnabled()).toBe(true);
    expect(await focused()).toBe('status-line');
    await page.getByTestId('epochs').fill('1');
    expect(app.errors).toEqual([]);
  });
});
