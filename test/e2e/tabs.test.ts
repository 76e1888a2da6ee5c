/**
 * In a real Chromium, two tabs of the lab agree: two comparisons started at
 * the same moment both stay live (neither tab marks the other's run as
 * interrupted), each tab's History follows the other's without a reload,
 * and a dataset deleted in one tab leaves the other's list and Dataset
 * select. Needs `vite build` first (npm test does it).
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { datasetFileJson, datasetFileText } from '../../src/core/formats/dataset-file';
import { makeToyDataset } from '../../src/engine/data/toy';
import { chooseComparison, openReady, RUN_TIMEOUT_MS, useApp, type AppSession } from './browser';

let app: AppSession;
useApp((session) => (app = session));

/** MNIST, MLP, wasm, seed 0, full only: a run of a few seconds. */
const setUp = (page: Page, epochs: number) =>
  chooseComparison(page, { dataset: 'mnist', model: 'mlp', epochs, methods: ['full'] });

const statuses = (page: Page) =>
  page.getByTestId('history-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));

describe('two tabs', () => {
  test('started at the same moment, both runs stay live and each History follows the other', async () => {
    const first = app.page;
    await openReady(app);
    const second = await first.context().newPage();
    await openReady({ ...app, page: second });
    await setUp(first, 3);
    await setUp(second, 3);
    const before = (await statuses(first)).length;

    await Promise.all([first.getByTestId('run').click(), second.getByTestId('run').click()]);
    // While both run, each tab lists both experiments as running: neither is taken for cut off.
    for (const page of [first, second]) {
      await expect
        .poll(() => statuses(page), { timeout: 30_000 })
        .toEqual(['running', 'running', ...Array(before).fill('done')]);
    }
    for (const page of [first, second]) {
      await expect
        .poll(() => page.getByTestId('status').textContent(), { timeout: RUN_TIMEOUT_MS })
        .toMatch(/^Done: 1 run/);
    }
    // Each History heard the other's end without a reload.
    for (const page of [first, second])
      await expect.poll(() => statuses(page), { timeout: 30_000 }).toEqual(Array(before + 2).fill('done'));
    await second.close();
    expect(app.errors).toEqual([]);
  });

  test('a dataset deleted in one tab leaves the other tab’s list and select', async () => {
    const first = app.page;
    await openReady(app);
    const blobs = makeToyDataset('blobs');
    const file = datasetFileText(
      datasetFileJson({
        name: 'four blobs points',
        classes: blobs.classes,
        input: { kind: 'vector', length: 2 },
        testFrom: 'blobs',
        labels: [0, 1, 2, 3],
        values: [-1, -1, 1, -1, -1, 1, 1, 1],
      }),
    );
    await first
      .getByTestId('dataset-file')
      .setInputFiles({ name: 'points.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect
      .poll(() => first.getByTestId('dataset-file-status').textContent(), { timeout: 30_000 })
      .toMatch(/^Loaded “four blobs points”/);
    const id = await first.getByTestId('dataset').inputValue();

    const second = await first.context().newPage();
    await openReady({ ...app, page: second });
    const row = (page: Page) => page.locator(`[data-testid="your-dataset"][data-id="${id}"]`);
    await expect.poll(() => row(second).count(), { timeout: 30_000 }).toBe(1);
    await row(second).getByTestId('your-dataset-delete').click();
    await second.getByTestId('your-dataset-delete-confirm').click();

    // The first tab, which had it chosen, follows: gone from its list and select, the default chosen, and said so.
    await expect.poll(() => row(first).count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => first.getByTestId('dataset').locator(`option[value="${id}"]`).count()).toBe(0);
    expect(await first.getByTestId('dataset').inputValue()).not.toBe(id);
    expect(await first.getByTestId('your-datasets-note').textContent()).toMatch(
      /deleted in another tab; .* is chosen now/,
    );
    await second.close();
    expect(app.errors).toEqual([]);
  });
});
