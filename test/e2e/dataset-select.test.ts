/**
 * In a real Chromium: the Dataset select always shows the dataset the run
 * will use, through every action that rebuilds its list (deleting another
 * of your datasets, loading the same dataset file again, confirming the
 * same upload again); picking a dataset sets the training settings that
 * suit it, unless the person changed them. Needs `vite build` first (npm
 * test does it).
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { datasetFileJson, datasetFileText } from '../../src/core/formats/dataset-file';
import { makeToyDataset } from '../../src/engine/data/toy';
import { openReady, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;
useApp((session) => {
  app = session;
  page = session.page;
});

const select = () => page.getByTestId('dataset');

/** A tiny 2-D dataset file named `name`. */
function pointsFile(name: string): Buffer {
  const blobs = makeToyDataset('blobs');
  const file = datasetFileJson({
    name,
    classes: blobs.classes,
    input: { kind: 'vector', length: 2 },
    testFrom: 'blobs',
    labels: [0, 1, 2, 3],
    values: [-1, -1, 1, -1, -1, 1, 1, 1],
  });
  return Buffer.from(datasetFileText(file));
}

async function loadFile(name: string): Promise<string> {
  await page
    .getByTestId('dataset-file')
    .setInputFiles({ name: `${name}.json`, mimeType: 'application/json', buffer: pointsFile(name) });
  await expect
    .poll(() => page.getByTestId('dataset-file-status').textContent(), { timeout: 30_000 })
    .toMatch(new RegExp(`^Loaded “${name}”; it is now the chosen dataset`));
  await expect.poll(() => select().locator('option:checked').textContent()).toBe(name);
  return select().inputValue();
}

async function confirmCsv(): Promise<string> {
  const lines = ['label,text'];
  for (let i = 0; i < 20; i++) lines.push(i % 2 === 0 ? `pos,"a good film ${i}"` : `neg,"a bad film ${i}"`);
  await page
    .getByTestId('upload-file')
    .setInputFiles({ name: 'films.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByTestId('upload-read').click();
  await page.getByTestId('upload-confirm').click();
  await expect
    .poll(() => page.getByTestId('upload-status').textContent(), { timeout: 30_000 })
    .toMatch(/^Added “films”/);
  return select().inputValue();
}

/** The select shows `id` (its value and its checked option) and the hint under it is that dataset's. */
async function shows(id: string, hint: string): Promise<void> {
  await expect.poll(() => select().locator('option:checked').getAttribute('value')).toBe(id);
  expect(await select().inputValue()).toBe(id);
  expect(await page.locator('#dataset-hint').textContent()).toBe(hint);
}

const hintOf = () =>
  page
    .locator('#dataset-hint')
    .textContent()
    .then((text) => text ?? '');

describe('the Dataset select', () => {
  test('shows the dataset the run will use whenever its list is rebuilt', async () => {
    await openReady(app);
    const kept = await loadFile('kept points');
    const keptHint = await hintOf();
    const other = await loadFile('other points');
    await select().selectOption('mnist');
    const mnistHint = await hintOf();

    // Deleting another of your datasets rebuilds the list: MNIST stays shown.
    await page.locator(`[data-testid="your-dataset"][data-id="${other}"] [data-testid="your-dataset-delete"]`).click();
    await page.getByTestId('your-dataset-delete-confirm').click();
    await expect.poll(() => select().locator(`option[value="${other}"]`).count()).toBe(0);
    await shows('mnist', mnistHint);

    // Loading the same file again chooses it, and the select says so.
    expect(await loadFile('kept points')).toBe(kept);
    await shows(kept, keptHint);
    await select().selectOption('mnist');
    await shows('mnist', mnistHint);

    // Confirming the same upload again: chosen both times, shown both times.
    const upload = await confirmCsv();
    const uploadHint = await hintOf();
    await shows(upload, uploadHint);
    expect(await confirmCsv()).toBe(upload);
    await shows(upload, uploadHint);
    expect(app.errors).toEqual([]);
  });

  test('sets the training settings that suit the dataset picked, and keeps those the person typed', async () => {
    await openReady(app);
    const training = () => Promise.all(['epochs', 'batch-size', 'lr'].map((id) => page.getByTestId(id).inputValue()));
    await select().selectOption('mnist');
    expect(await training()).toEqual(['5', '64', '0.05']);

    // The lab's own settings follow the pick, and the form says so under the dataset.
    await select().selectOption('spirals');
    await expect.poll(training).toEqual(['100', '32', '0.1']);
    expect(await page.getByTestId('training-set').textContent()).toBe(
      'Training settings set to what suits Spirals: 100 epochs, batch 32, lr 0.1.',
    );

    // Typed settings stay; the new dataset's are a click away.
    await page.getByTestId('epochs').fill('7');
    await select().selectOption('moons');
    expect(await training()).toEqual(['7', '32', '0.1']);
    expect(await page.getByTestId('training-set').count()).toBe(0);
    const use = page.getByTestId('training-use-suggested');
    expect(await use.textContent()).toBe("Use Moons' suggested settings");
    await use.click();
    expect(await training()).toEqual(['50', '32', '0.1']);
    expect(await page.getByTestId('training-set').textContent()).toBe(
      'Training settings set to what suits Moons: 50 epochs, batch 32, lr 0.1.',
    );
    expect(await page.getByTestId('training-offer').count()).toBe(0);

    // Typing the suggestion in by hand also ends the offer.
    await page.getByTestId('epochs').fill('8');
    await select().selectOption('blobs');
    expect(await use.count()).toBe(1);
    await page.getByTestId('epochs').fill('20');
    await expect.poll(() => use.count()).toBe(0);
    expect(await training()).toEqual(['20', '32', '0.1']);
    expect(app.errors).toEqual([]);
  });
});
