/**
 * Share links, presets and classroom mode on the page: a link made in Node
 * opens its comparison in the form; Copy link gives a link that opens the
 * same form in another tab; hostile links (markup, cut, edited, oversized,
 * from a future lab, garbage) each say why as text and leave the defaults;
 * a pasted link opens without a reload; a preset opens as its link does; a
 * classroom link hides what it names, and play / pause / step one epoch /
 * reset drive the run. Needs `vite build` first (npm test does it).
 */
import { describe, expect, test } from 'vitest';
import { knownWith } from '../../src/engine/known';
import type { Page } from 'playwright-core';
import { requireConfig } from '../../src/engine/config';
import type { LabConfig } from '../../src/core/settings/config';
import { readShareLink, shareFragment, shareLink, type SharedState } from '../../src/core/share/share-link';
import { axeViolations, RUN_TIMEOUT_MS, useApp, type AppSession } from './browser';
import { OpenDatasets } from '../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

let app: AppSession;
let page: Page;

useApp((session) => {
  app = session;
  page = session.page;
});

const status = () => page.getByTestId('status');
/** The training step the status line shows. */
const shownStep = async () => Number(/step (\d+)\//.exec((await status().textContent()) ?? '')?.[1]);

/** Every control of the form by test id: its value, or for a checkbox whether it is ticked. */
async function formValues(on: Page): Promise<Record<string, string | boolean>> {
  return on.evaluate(() => {
    const values: Record<string, string | boolean> = {};
    for (const control of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('.controls [data-testid]')) {
      if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement) || control.type === 'file')
        continue;
      values[control.dataset.testid!] =
        control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value;
    }
    return values;
  });
}

/** Loads `url` afresh (not as a fragment change of the page on show) and waits until the lab is ready. */
async function openFresh(url: string, on = page) {
  await on.goto('about:blank');
  await on.goto(url);
  await expect.poll(() => on.getByTestId('status').textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
}

/** The form once the link (read by the worker after the page is up) has been put in it. */
async function formOnceOpened(on: Page, dataset: string) {
  await expect.poll(() => on.getByTestId('dataset').inputValue(), { timeout: 30_000 }).toBe(dataset);
  return formValues(on);
}

const comparison = requireConfig(bundled, {
  version: 1,
  dataset: 'blobs',
  model: { name: 'mlp', width: 24 },
  budget: { ipc: 5 },
  train: { epochs: 2, batchSize: 16, lr: 0.03, optimizer: 'adam' },
  methods: [{ name: 'random' }, { name: 'herding' }],
  seeds: [3, 1],
  backend: 'wasm',
  targetAcc: 0.8,
});

/** A lesson: full data on blobs, long enough to pause in, with its settings hidden. */
const lesson: SharedState = {
  config: requireConfig(bundled, {
    version: 1,
    dataset: 'blobs',
    model: { name: 'mlp' },
    budget: { fraction: 0.1 },
    train: { epochs: 10, batchSize: 16, lr: 0.1 },
    methods: [{ name: 'full' }],
    seeds: [0],
    backend: 'wasm',
  }),
  classroom: { hide: ['dataset', 'model', 'train', 'seeds', 'backend'] },
};

let defaults: Record<string, string | boolean>;

describe('share links', () => {
  test('a link made with shareLink opens its comparison in the form', async () => {
    await openFresh(app.url);
    defaults = await formValues(page);
    await openFresh(shareLink({ config: comparison }, app.url));
    const form = await formOnceOpened(page, 'blobs');
    expect(form).toMatchObject({
      dataset: 'blobs',
      model: 'mlp',
      'budget-mode': 'ipc',
      'budget-value': '5',
      epochs: '2',
      'batch-size': '16',
      lr: '0.03',
      optimizer: 'adam',
      seeds: '3, 1',
      'backend-choice': 'wasm',
      'target-acc': '80',
      'method-random': true,
      'method-herding': true,
      'method-full': false,
    });
    expect(await page.getByTestId('link-notice').count()).toBe(0);
    expect(await page.getByTestId('classroom').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  test('Copy link gives a link that opens the same form in another tab, and puts it in the address', async () => {
    await page.getByTestId('epochs').fill('3');
    await page.getByTestId('lr').fill('0.05');
    await page.getByTestId('copy-link').click();
    const box = page.getByTestId('share-link');
    await expect.poll(() => box.count()).toBe(1);
    const link = await box.inputValue();
    expect(link).toMatch(/#lab=1\.[A-Za-z0-9_-]+\.[0-9a-f]{8}$/);
    expect(await page.evaluate(() => location.href)).toBe(link);
    expect(await page.getByTestId('share-link-note').textContent()).toMatch(
      /^(Copied to the clipboard\.|The browser kept the clipboard closed)/,
    );
    const here = await formValues(page);

    const other = await page.context().newPage();
    const errors: string[] = [];
    other.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    try {
      await openFresh(link, other);
      await expect.poll(() => other.getByTestId('epochs').inputValue(), { timeout: 30_000 }).toBe('3');
      expect(await formValues(other)).toEqual(here);
    } finally {
      await other.close();
    }
    expect(errors).toEqual([]);
    expect(await axeViolations(page, '.share-bar')).toEqual([]);
  });

  test('a lesson link carries its title and story, hides the controls the teacher picks, and leaves the teacher in the full form', async () => {
    const before = await page.evaluate(() => location.href);
    // A step of its own: the lesson button, its title, story and controls to hide, and its own copy button.
    await page.getByTestId('lesson-link').click();
    await page.getByTestId('lesson-title-input').fill('Blobs, five per class');
    await page.getByTestId('lesson-story-input').fill('Which of the two picks learns faster?');
    await page.getByTestId('hide-model').check();
    await page.getByTestId('hide-train').check();
    await page.getByTestId('copy-lesson-link').click();
    await expect.poll(() => page.getByTestId('share-link-note').textContent()).toMatch(/^A lesson’s link/);
    const link = await page.getByTestId('share-link').inputValue();
    // The teacher's own page and address stay as they were.
    expect(await page.evaluate(() => location.href)).toBe(before);
    expect(await page.getByTestId('classroom').count()).toBe(0);
    const reading = readShareLink(link, knownWith(bundled));
    expect(reading.ok && reading.classroom).toEqual({
      hide: ['model', 'train'],
      title: 'Blobs, five per class',
      story: 'Which of the two picks learns faster?',
    });
    // Copy link stays the plain comparison's link, whatever the lesson hides.
    await page.getByTestId('copy-link').click();
    await expect.poll(() => page.getByTestId('share-link-note').textContent()).not.toMatch(/^A lesson’s link/);
    const plain = readShareLink(await page.getByTestId('share-link').inputValue(), knownWith(bundled));
    expect(plain.ok && plain.classroom).toBeUndefined();
    expect(await axeViolations(page, '.share-bar')).toEqual([]);
    await page.getByTestId('hide-model').uncheck();
    await page.getByTestId('hide-train').uncheck();
    await page.getByTestId('lesson-link').click();
  });

  test('hostile links each say why, as text, and leave the defaults', async () => {
    const good = shareFragment({ config: comparison });
    const [, payload, check] = good.split('.');
    const markup = '<img src=x onerror="window.__injected=1">';
    const hostile: [string, RegExp][] = [
      [
        shareFragment({ config: { ...comparison, dataset: markup } as LabConfig }),
        /not valid here: dataset: unknown dataset/,
      ],
      [good.slice(0, -20), /damaged or cut short/],
      [
        `lab=1.${payload}.${check === '00000000' ? 'ffffffff' : '00000000'}`,
        /changed or damaged: its check does not match/,
      ],
      [`lab=1.${'A'.repeat(8100)}.01234567`, /too long/],
      [`lab=9.${payload}.${check}`, /newer version of the lab/],
      ['lab=1.!!!.zz', /damaged or cut short/],
      ['%3Cscript%3Ewindow.__injected%3D1%3C%2Fscript%3E', /holds no lab configuration/],
    ];
    for (const [fragment, reason] of hostile) {
      await openFresh(`${app.url}#${fragment}`);
      const notice = page.getByTestId('link-notice-text');
      await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1);
      expect(await notice.textContent()).toMatch(reason);
      expect(await notice.textContent()).toMatch(
        /^This link could not be opened: .*The form shows the default settings\.$/,
      );
      expect(await formValues(page)).toEqual(defaults);
      expect(await page.getByTestId('classroom').count()).toBe(0);
      expect(await page.locator('.app img[src="x"], .app script').count()).toBe(0);
      expect(await page.evaluate(() => '__injected' in window)).toBe(false);
    }
    // The markup arrives as text.
    await openFresh(`${app.url}#${hostile[0][0]}`);
    await expect
      .poll(() => page.getByTestId('link-notice-text').textContent(), { timeout: 30_000 })
      .toContain('<img src=x onerror=');
    expect(app.errors).toEqual([]);
  });

  test("a link to a dataset made on the sender's machine says so and leads to the dataset controls", async () => {
    await openFresh(
      `${app.url}#${shareFragment({ config: { ...comparison, dataset: 'upload-5e1f00d2' } as LabConfig })}`,
    );
    const notice = page.getByTestId('link-notice-text');
    await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(1);
    expect(await notice.textContent()).toMatch(
      /"upload-5e1f00d2", which was made on the sender's machine .*Load a dataset file/,
    );
    await page.getByTestId('link-go-to-dataset').click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file');
    await page.getByTestId('link-notice-dismiss').click();
    expect(await page.getByTestId('link-notice').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  test('a link pasted into the address bar opens without reloading the page', async () => {
    await openFresh(app.url);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.evaluate((fragment) => (location.hash = fragment), shareFragment({ config: comparison }));
    await formOnceOpened(page, 'blobs');
    expect(await page.getByTestId('seeds').inputValue()).toBe('3, 1');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // A broken one pasted after it: its message, and the defaults.
    await page.evaluate(() => (location.hash = 'lab=1.broken'));
    await expect.poll(() => page.getByTestId('link-notice').count(), { timeout: 30_000 }).toBe(1);
    expect(await formValues(page)).toEqual(defaults);
    expect(app.errors).toEqual([]);
  });
});

describe('presets', () => {
  test('a preset opens as its link does, in its classroom view, and runs', async () => {
    await openFresh(app.url);
    await page.getByTestId('presets').locator('summary').click();
    await page.getByTestId('preset-toy-picks').click();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 30_000 }).toMatch(/^#lab=1\./);
    await expect.poll(() => page.getByTestId('classroom').count(), { timeout: 30_000 }).toBe(1);
    // Tried from the menu, not shown to a class: the page stays out of presentation mode.
    expect(await page.getByTestId('presentation').count()).toBe(0);
    expect(await page.getByTestId('dataset').count()).toBe(0);
    expect(await page.getByTestId('method-herding').isChecked()).toBe(true);
    expect(await page.getByTestId('budget-value').inputValue()).toBe('10');
    // It runs (its seven runs on the moons take a few seconds, so it may be done by the first look), and Reset clears the page.
    await page.getByTestId('play').click();
    await expect.poll(() => status().textContent(), { timeout: 120_000 }).toMatch(/^(Run \d\/7|Done: 7 runs)/);
    await page.getByTestId('reset').click();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
    expect(app.errors).toEqual([]);
  });
});

describe('classroom mode', () => {
  test('hides the controls the link names and keeps their values', async () => {
    await openFresh(shareLink(lesson, app.url));
    await expect.poll(() => page.getByTestId('classroom').count(), { timeout: 30_000 }).toBe(1);
    // A lesson link opens in presentation mode (presentation.test.ts); out of it, the classroom's form shows.
    await page.getByTestId('leave-presentation').click();
    expect(await page.getByTestId('presentation').count()).toBe(0);
    for (const hidden of ['dataset', 'model', 'epochs', 'batch-size', 'lr', 'optimizer', 'seeds', 'backend-choice']) {
      expect(await page.getByTestId(hidden).count(), hidden).toBe(0);
    }
    expect(await page.getByTestId('budget-value').inputValue()).toBe('10');
    expect(await page.getByTestId('method-full').isChecked()).toBe(true);
    expect(await page.getByTestId('target-acc').count()).toBe(1);
    expect(await page.getByTestId('classroom-hidden').textContent()).toMatch(
      /dataset, model, training settings, seeds and backend/,
    );
    expect(await axeViolations(page, '.classroom-bar')).toEqual([]);
    expect(await axeViolations(page, '.playback')).toEqual([]);
  });

  test('step one epoch runs one epoch and holds; pause holds; play goes on; reset clears the results', async () => {
    const state = page.getByTestId('playback-state');
    await page.getByTestId('step-epoch').click();
    await expect
      .poll(() => state.textContent(), { timeout: RUN_TIMEOUT_MS })
      .toMatch(/^Held after epoch 1 of 10 \(step 75 of 750, run 1\)/);
    await expect.poll(() => status().textContent()).toMatch(/step 75\/750/);
    // Held: nothing moves.
    await page.waitForTimeout(1000);
    expect(await shownStep()).toBe(75);

    await page.getByTestId('step-epoch').click();
    await expect
      .poll(() => state.textContent(), { timeout: 60_000 })
      .toMatch(/^Held after epoch 2 of 10 \(step 150 of 750/);
    await expect.poll(() => status().textContent()).toMatch(/step 150\/750/);

    await page.getByTestId('play').click();
    await page.getByTestId('pause').click();
    await expect
      .poll(() => state.textContent(), { timeout: 60_000 })
      // A pause lands within an epoch (the words say which, and that Step finishes it) or, by chance, at its end.
      .toMatch(/^Held (after epoch \d+ of 10 \(step \d+ of 750|at step \d+ of 750, in epoch \d+ of 10 \(run 1\))/);
    const heldAt = await shownStep();
    expect(heldAt).toBeGreaterThan(150);
    await page.waitForTimeout(1000);
    expect(await shownStep()).toBe(heldAt);
    expect(await state.textContent()).toContain(`step ${heldAt} of 750`);

    await page.getByTestId('reset').click();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
    expect(await page.getByTestId('result-row').count()).toBe(0);
    expect(await state.textContent()).toBe('Play runs the comparison; Step one epoch runs its first epoch and holds.');
    // The settings stay.
    expect(await page.getByTestId('budget-value').inputValue()).toBe('10');

    await page.getByTestId('play').click();
    await expect.poll(() => status().textContent(), { timeout: RUN_TIMEOUT_MS, interval: 500 }).toMatch(/^Done: 1 run/);
    expect(await page.getByTestId('result-row').count()).toBe(1);
    expect(app.errors).toEqual([]);
  });

  test('Show all controls leaves classroom mode with the values the link set', async () => {
    await page.getByTestId('classroom-show-all').click();
    expect(await page.getByTestId('classroom').count()).toBe(0);
    expect(await page.getByTestId('dataset').inputValue()).toBe('blobs');
    expect(await page.getByTestId('epochs').inputValue()).toBe('10');
    expect(await page.getByTestId('backend-choice').inputValue()).toBe('wasm');
    expect(app.errors).toEqual([]);
  });
});
