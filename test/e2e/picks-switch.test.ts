/**
 * Panels that follow a run selector show the run chosen, not the first:
 * two distilled image sets (one per seed), each with its own pixel range.
 * The note on the range must follow the select (it kept the first run's).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseComparison, openReady, runToEnd, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;
useApp((session) => {
  app = session;
  page = session.page;
});

/** "-0.294", as the page writes a value (formatSignificant). */
const significant = (value: number) => String(Number(value.toPrecision(3)));

describe('the picks panel follows its run selector', () => {
  test("each distilled set's pixel range is its own", async () => {
    await openReady(app);
    await chooseComparison(page, { dataset: 'mnist', model: 'mlp', epochs: 1, methods: ['dm'] });
    await page.getByTestId('seeds').fill('0, 1');
    await page.getByTestId('budget-mode').selectOption('ipc');
    await page.getByTestId('budget-value').fill('1');
    await page.getByTestId('param-dm-iterations').fill('20');
    // A large step pushes the pixels out of 0..1, differently for each seed.
    await page.getByTestId('param-dm-lrImages').fill('20');
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);

    const picks = page.getByTestId('picks');
    const runChoice = picks.getByTestId('picks-run');
    const options = await runChoice.locator('option').allTextContents();
    expect(options).toHaveLength(2);
    const notes: string[] = [];
    for (const option of options) {
      await runChoice.selectOption(option);
      const [label, seed] = option.split(' · seed ');
      await expect.poll(() => picks.textContent(), { timeout: 30_000 }).toContain(`${label} distilled`);
      await expect.poll(() => picks.textContent(), { timeout: 30_000 }).toContain(`(seed ${seed}).`);
      const [download] = await Promise.all([page.waitForEvent('download'), picks.getByTestId('picks-export').click()]);
      const saved = JSON.parse(await readFile((await download.path())!, 'utf8'));
      const bytes = Buffer.from(saved.values.data, 'base64');
      const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      const [min, max] = [Math.min(...values), Math.max(...values)];
      const text = (await picks.textContent()) ?? '';
      const note = min < 0 || max > 1 ? `Their pixel values run from ${significant(min)} to ${significant(max)}` : '';
      if (note) expect(text).toContain(note);
      else expect(text).not.toContain('Their pixel values run from');
      notes.push(note);
    }
    // The step leaves both sets out of 0..1, each its own way: the test would prove nothing otherwise.
    expect(notes.every(Boolean)).toBe(true);
    expect(notes[0]).not.toBe(notes[1]);
    // Back to the first: its own range again.
    await runChoice.selectOption(options[0]);
    await expect.poll(() => picks.textContent(), { timeout: 30_000 }).toContain(notes[0]);
    expect(app.errors).toEqual([]);
  });
});
