/**
 * In a real Chromium: a distilled set exported from the page loads back as
 * a dataset, trains, and is there after a reload; a bad dataset file is refused with its message,
 * shown as text, and changes nothing; and trajectory matching's expert
 * buffer outlives a reload (IndexedDB), found and shown as reused. Needs
 * `vite build` first (npm test does it).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { parseDatasetFile } from '../../src/core/formats/dataset-file-parse';
import { ARTIFACT_DB, ARTIFACTS } from '../../src/store/artifact-store';
import { chooseComparison, openReady, runToEnd, useApp, type AppSession } from './browser';
import { CIFAR100_NAMES, gzip, Py2Pickle, pythonBatch, range, tar } from '../unit/engine/data/cifar-fixtures';

let app: AppSession;
let page: Page;

const status = () => page.getByTestId('status');
const row = (method: string) => page.locator(`[data-testid="result-row"][data-method="${method}"]`);

/** Blobs, MLP, wasm, seed 0, `epochs`, and only `methods` checked. */
const setUp = (methods: string[], epochs: number) =>
  chooseComparison(page, { dataset: 'blobs', model: 'mlp', epochs, methods });

useApp((session) => {
  app = session;
  page = session.page;
});

describe('dataset files in the page', () => {
  test('a distilled set, exported, loads back as a dataset and trains full on exactly its examples', async () => {
    await openReady(app);
    await setUp(['dm'], 2);
    await page.getByTestId('param-dm-iterations').fill('30');
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);

    const picks = page.getByTestId('picks');
    await picks.getByTestId('synthetic-scatter').waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), picks.getByTestId('picks-export').click()]);
    expect(download.suggestedFilename()).toBe('distilled-dm-10-seed0.json');
    const bytes = await readFile((await download.path())!);
    const file = parseDatasetFile(new Uint8Array(bytes));
    expect(file).toMatchObject({
      name: 'dm 10% of Blobs (seed 0)',
      testFrom: 'blobs',
      count: 120,
      input: { kind: 'vector', length: 2 },
    });

    const datasets = page.getByTestId('dataset').locator('option');
    const bundled = await datasets.count();
    await page
      .getByTestId('dataset-file')
      .setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: bytes });
    await expect
      .poll(() => page.getByTestId('dataset-file-status').textContent(), { timeout: 30_000 })
      .toBe('Loaded “dm 10% of Blobs (seed 0)”; it is now the chosen dataset.');
    expect(await datasets.count()).toBe(bundled + 1);
    expect(await datasets.last().textContent()).toBe('dm 10% of Blobs (seed 0)');
    const id = await page.getByTestId('dataset').inputValue();
    expect(id).toMatch(/^file-[0-9a-f]{16}$/);
    // The preview shows the file's points for training and the blobs' held-out ones for testing.
    await expect
      .poll(() => page.getByTestId('preview').textContent(), { timeout: 30_000 })
      .toMatch(/30 train \/ 100 test/);
    await page.getByTestId('preview-scatter').waitFor();

    // 120 examples in batches of 64: 2 steps an epoch.
    await setUp(['full'], 20);
    await page.getByTestId('batch-size').fill('64');
    await page.getByTestId('dataset').selectOption(id);
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);
    const cells = await row('full').locator('td').allTextContents();
    expect(cells.at(-1)).toBe('40');
    expect(Number.parseFloat((await row('full').getByTestId('accuracy').textContent()) ?? '')).toBeGreaterThan(50);

    // Kept like an upload: after a reload it is a dataset still, chosen as the last comparison left it, and listed in Your datasets.
    await page.reload();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
    expect(await page.getByTestId('dataset').inputValue()).toBe(id);
    await expect
      .poll(() => page.locator(`[data-testid="your-dataset"][data-id="${id}"]`).count(), { timeout: 30_000 })
      .toBe(1);
    expect(app.errors).toEqual([]);
  });

  test('refuses a bad dataset file with its message, as text, and changes nothing', async () => {
    const datasets = page.getByTestId('dataset').locator('option');
    const options = await datasets.allTextContents();
    const chosen = await page.getByTestId('dataset').inputValue();
    const results = await page.getByTestId('results').innerText();
    const problem = page.getByTestId('dataset-file-problem');
    const load = (name: string, content: unknown) =>
      page.getByTestId('dataset-file').setInputFiles({
        name,
        mimeType: 'application/json',
        buffer: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
      });

    await load('old.json', { format: 'lab-dataset', version: 2 });
    await expect
      .poll(() => problem.textContent(), { timeout: 30_000 })
      .toBe('Not loaded: old.json: is a lab dataset file of version 2; this lab reads version 1');

    await load('results.json', { version: 1, runs: [] });
    await expect
      .poll(() => problem.textContent())
      .toBe('Not loaded: results.json: is not a lab dataset file (its "format" is missing, expected "lab-dataset")');

    // Markup in a file is quoted as text, never run.
    const hostile = '<img src=x onerror="window.__injected=1">';
    await load('hostile.json', {
      format: 'lab-dataset',
      version: 1,
      name: 'x',
      classes: ['a', 'b'],
      input: { kind: hostile },
      testFrom: 'blobs',
      count: 1,
      values: {},
      labels: [0],
    });
    await expect.poll(() => problem.textContent()).toContain(`input.kind ${JSON.stringify(hostile)} is not supported`);
    expect(await problem.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();

    const mnistShaped = {
      format: 'lab-dataset',
      version: 1,
      name: 'x',
      classes: ['a', 'b'],
      input: { kind: 'vector', length: 1 },
      testFrom: 'mnist',
      count: 1,
    };
    await load('wrong.json', {
      ...mnistShaped,
      values: { dtype: 'float32', byteOrder: 'little-endian', encoding: 'base64', data: 'AAAAAA==' },
      labels: [0],
    });
    await expect
      .poll(() => problem.textContent())
      .toBe(
        'Not loaded: wrong.json: its examples are vectors of 1 values, but MNIST (10k digits) holds 28x28x1 images',
      );

    expect(await datasets.allTextContents()).toEqual(options);
    expect(await page.getByTestId('dataset').inputValue()).toBe(chosen);
    expect(await page.getByTestId('results').innerText()).toBe(results);
    expect(app.errors).toEqual([]);
  });

  test('a CIFAR-100 archive (python version) loads with its own split; one whose pickle names os.system is refused', async () => {
    const labels = { fine_labels: (i: number) => (i * 7) % 100, coarse_labels: (i: number) => i % 20 };
    const p = new Py2Pickle();
    const meta = p.dict([['fine_label_names', () => p.list(CIFAR100_NAMES.map((name) => () => p.str(name)))]]).bytes();
    const archive = (train: Uint8Array) =>
      gzip(
        tar([
          ['cifar-100-python/train', train],
          ['cifar-100-python/test', pythonBatch(range(20, 5), labels)],
          ['cifar-100-python/meta', meta],
        ]),
      );
    const load = (bytes: Uint8Array) =>
      page.getByTestId('dataset-file').setInputFiles({
        name: 'cifar-100-python.tar.gz',
        mimeType: 'application/gzip',
        buffer: Buffer.from(bytes),
      });
    const hostile = Buffer.concat([Buffer.from([0x80, 2]), Buffer.from('cos\nsystem\nU\x02ls\x85R.', 'latin1')]);
    await load(archive(hostile));
    await expect
      .poll(() => page.getByTestId('dataset-file-problem').textContent(), { timeout: 30_000 })
      .toBe(
        'Not loaded: cifar-100-python.tar.gz: train names the Python callable "os.system", which the lab never runs: a CIFAR pickle names only numpy\'s array reconstruction (it may not be a CIFAR file, or may be hostile)',
      );

    await load(archive(pythonBatch(range(0, 20), labels)));
    await expect
      .poll(() => page.getByTestId('dataset-file-status').textContent(), { timeout: 30_000 })
      .toBe('Loaded “CIFAR-100”; it is now the chosen dataset.');
    await expect.poll(() => page.getByTestId('preview').textContent()).toMatch(/fine_0 1 train \/ 0 test/);
    expect(app.errors).toEqual([]);
  });
});

describe('the expert buffer across reloads', () => {
  const mtt = async (bufferCost: 'charged' | 'reused') => {
    await setUp(['mtt'], 2);
    const settings = {
      iterations: '3',
      experts: '1',
      expertEpochs: '2',
      expertSpan: '1',
      maxStartEpoch: '1',
      syntheticSteps: '2',
    };
    for (const [key, value] of Object.entries(settings)) await page.getByTestId(`param-mtt-${key}`).fill(value);
    await page.getByTestId('param-mtt-bufferCost').selectOption(bufferCost);
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);
  };

  /** The lasting cache's entries, read in the page (the worker shares its origin's IndexedDB). */
  const stored = () =>
    page.evaluate(
      ([db, store]) =>
        new Promise<{ key: string; ms: number }[]>((resolve, reject) => {
          const open = indexedDB.open(db);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(store, 'readonly');
            const keys = tx.objectStore(store).getAllKeys();
            const values = tx.objectStore(store).getAll();
            tx.oncomplete = () => {
              resolve(keys.result.map((key, i) => ({ key: String(key), ms: (values.result[i] as { ms: number }).ms })));
              open.result.close();
            };
          };
        }),
      [ARTIFACT_DB, ARTIFACTS],
    );

  test('mtt trains its experts once; after a reload it finds them stored and shows them reused', async () => {
    await mtt('charged');
    const charged = await row('mtt').getByTestId('overhead-parts').textContent();
    const trained = /experts (\d+\.\d+)/.exec(charged ?? '')?.[1];
    expect(trained).toBeDefined();
    const entries = await stored();
    expect(entries.filter((e) => e.key.includes('experts'))).toHaveLength(1);

    await page.reload();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
    // A fresh page shows the results kept from before the reload: the experts charged.
    expect(await row('mtt').getByTestId('overhead-parts').textContent()).toBe(charged);
    await mtt('reused');
    // The buffer was not trained again: the row shows it reused, at the cost recorded when it was trained.
    expect(await row('mtt').getByTestId('overhead-reused').textContent()).toBe(
      `experts reused (${trained} s, off the clock)`,
    );
    expect(await row('mtt').getByTestId('overhead-parts').textContent()).not.toMatch(/experts/);
    expect(await stored()).toEqual(entries);
    expect(app.errors).toEqual([]);
  });
});
