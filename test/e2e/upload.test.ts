/**
 * "Your data" in a real Chromium: a zip of PNG class folders and a dropped
 * text CSV become datasets that train; hostile files (an archive bomb, a
 * path out of the archive, a picture claiming 100000x100000 pixels, markup
 * in a class name, thousands of classes, a
 * CSV that is not UTF-8, a zip compressed with bzip2) are refused with their
 * messages, as text, and change nothing; a reading cancelled part way keeps
 * nothing; uploads are there after a reload, run, and can be deleted; a
 * CIFAR-10 archive keeps its own split and says the storage it takes.
 * Every file is made here; PNGs by a small encoder. Needs `vite build` first
 * (npm test does it).
 */
import { deflateSync } from 'node:zlib';
import { Zip, ZipDeflate, zipSync, type Zippable } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { withMethod } from '../unit/engine/data/zip-method';
import { binaryBatch, CIFAR10_NAMES, gzip, range, tar } from '../unit/engine/data/cifar-fixtures';
import { axeViolations, openReady, runToEnd, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;

useApp((session) => {
  app = session;
  page = session.page;
});

// ---- files ----------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGB PNG whose pixel (x, y) is `rgb(x, y)`. */
function png(side: number, rgb: (x: number, y: number) => [number, number, number]): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((side * 3 + 1) * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) rows.set(rgb(x, y), y * (side * 3 + 1) + 1 + x * 3);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([
      signature,
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/** Three classes anyone tells apart: dark, light, and vertical stripes; each image a little different. */
function shapesZip(perClass = 20): Uint8Array {
  const looks: Record<string, (x: number, y: number, i: number) => number> = {
    dark: (x, y, i) => 20 + ((x * 7 + y * 3 + i) % 30),
    light: (x, y, i) => 210 + ((x * 5 + y + i) % 40),
    stripes: (x, _y, i) => ((x + i) % 4 < 2 ? 30 : 230),
  };
  const files: Zippable = {};
  for (const [name, grey] of Object.entries(looks)) {
    for (let i = 0; i < perClass; i++)
      files[`shapes/${name}/${i}.png`] = png(12, (x, y) => [grey(x, y, i), grey(x, y, i), grey(x, y, i)]);
  }
  return zipSync(files);
}

/** Labelled texts: "good" and "bad" words make the classes easy to tell apart. */
function reviewsCsv(rows = 60): string {
  const lines = ['label,text'];
  for (let i = 0; i < rows; i++)
    lines.push(i % 2 === 0 ? `pos,"a good, great film, number ${i % 9}"` : `neg,"a bad, awful film, number ${i % 9}"`);
  return `${lines.join('\n')}\n`;
}

/** 40 MiB of zeros behind a PNG's first bytes, streamed into a zip a MiB at a time: a zip of tens of KiB. */
function bombZip(): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    parts.push(data);
  });
  const file = new ZipDeflate('a/bomb.png', { level: 1 });
  zip.add(file);
  const zeros = new Uint8Array(2 ** 20);
  zeros.set(png(8, () => [0, 0, 0]).subarray(0, 33));
  for (let i = 0; i < 40; i++) file.push(zeros);
  file.push(new Uint8Array(0), true);
  zip.end();
  return new Uint8Array(Buffer.concat(parts));
}

/** 1,500 pictures of 2048 x 2048 (one picture, a few KB zipped): minutes of decoding, and a reading to cancel. */
function largeZip(): Uint8Array {
  const picture = png(2048, () => [200, 200, 200]);
  return zipSync(
    Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`${i % 2 ? 'odd' : 'even'}/${i}.png`, picture])),
  );
}

// ---- the page -------------------------------------------------------------------

const status = () => page.getByTestId('status');
const problem = () => page.getByTestId('upload-problem');
const datasetOptions = () => page.getByTestId('dataset').locator('option').allTextContents();
const chosenDataset = () => page.getByTestId('dataset').inputValue();
const rowLabels = async () =>
  (await page.getByTestId('result-row').locator('th').allTextContents()).map((label) => label.trim());

/** Chooses a file in the panel's picker and reads it. */
async function readFile(name: string, bytes: Uint8Array | string): Promise<void> {
  await page
    .getByTestId('upload-file')
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await page.getByTestId('upload-read').click();
}

/** The chosen dataset, the given model, wasm, seed 0, `epochs`, and only `methods` ticked (each without augmentation). */
async function setUp(model: string, methods: string[], epochs: number): Promise<void> {
  await page.getByTestId('model').selectOption(model);
  await page.getByTestId('epochs').fill(String(epochs));
  await page.getByTestId('seeds').fill('0');
  await page.getByTestId('backend-choice').selectOption('wasm');
  for (const box of await page.locator('input[type="checkbox"][data-testid^="method-"]').all()) {
    const id = (await box.getAttribute('data-testid'))!.slice('method-'.length);
    if (methods.includes(id)) await box.check();
    else await box.uncheck();
  }
}

/** Confirms the upload on show with the default split; returns the new dataset's id, now the chosen one. */
async function confirmUpload(name: string): Promise<string> {
  await page.getByTestId('upload-confirm').click();
  await expect
    .poll(() => page.getByTestId('upload-status').textContent(), { timeout: 30_000 })
    .toBe(`Added “${name}”; it is now the chosen dataset.`);
  const id = await chosenDataset();
  expect(id).toMatch(/^upload-[0-9a-f]{16}$/);
  expect(await page.getByTestId('dataset').locator('option:checked').textContent()).toBe(name);
  return id;
}

describe('your data in the page', () => {
  test('a zip of PNG class folders shows what it holds, is confirmed with a split, and trains', async () => {
    await openReady(app);
    const limits = await page.getByTestId('upload-limits').textContent();
    expect(limits).toMatch(/^Any file: at most 128 MiB, 20,000 examples, 100 classes/);
    expect(limits).toContain(
      "32 MiB an image file, 512 MiB unpacked in all, 4096 pixels on an image's side and 8,000 megapixels of images in all",
    );
    // The list is read from the worker a moment after the page is ready.
    await expect.poll(() => page.getByTestId('your-datasets').textContent()).toMatch(/None yet/);

    await page
      .getByTestId('upload-file')
      .setInputFiles({ name: 'shapes.zip', mimeType: 'application/zip', buffer: Buffer.from(shapesZip()) });
    // A zip takes image options; a label column is a CSV's.
    expect(await page.getByTestId('upload-label-column').count()).toBe(0);
    await page.getByTestId('upload-size').selectOption('16');
    await page.getByTestId('upload-read').click();

    const summary = page.getByTestId('upload-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('upload-shape').textContent()).toBe(
      '60 16x16 grey images in 3 classes, read from shapes.zip.',
    );
    expect(await page.getByTestId('upload-notes').textContent()).toMatch(/12x12/);
    expect(await summary.locator('.preview-class-name').allTextContents()).toEqual([
      'dark 20 examples',
      'light 20 examples',
      'stripes 20 examples',
    ]);
    expect(await summary.locator('canvas').count()).toBe(24);
    expect(await page.getByTestId('upload-test-share').inputValue()).toBe('20');
    expect(await page.getByTestId('upload-stratified').isChecked()).toBe(true);
    // The focus went to what was read.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('upload-summary-title');
    expect(await axeViolations(page, '[data-testid="upload"]')).toEqual([]);

    // A share out of range is said by its box and confirms nothing.
    await page.getByTestId('upload-test-share').fill('80');
    await page.getByTestId('upload-confirm').click();
    expect(await page.getByTestId('upload-test-share-problem').textContent()).toBe('must be from 5% to 50%');
    expect(await page.getByTestId('upload-test-share').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('upload-test-share').fill('20');

    await confirmUpload('shapes');
    await expect
      .poll(() => page.getByTestId('preview').textContent(), { timeout: 30_000 })
      .toMatch(/dark 16 train \/ 4 test/);
    await expect.poll(() => page.getByTestId('your-dataset').count()).toBe(1);
    expect(await page.getByTestId('your-dataset').textContent()).toMatch(/^shapes 60 images in 3 classes, \d+ KB/);
    expect(await page.getByTestId('storage-use').textContent()).toMatch(/^Storage in use: /);

    await setUp('mlp', ['full', 'random'], 2);
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    expect(await rowLabels()).toEqual(['full', 'random 10%']);
    expect(await axeViolations(page, '[data-testid="upload"]')).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  test('a text CSV dropped on the panel is read as texts and trains', async () => {
    const drop = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'reviews.csv', { type: 'text/csv' }));
      return transfer;
    }, reviewsCsv());
    await page.getByTestId('upload-drop').dispatchEvent('drop', { dataTransfer: drop });
    expect(await page.getByTestId('upload-chosen').textContent()).toMatch(/^reviews\.csv/);
    // A CSV may name its label column.
    await page.getByTestId('upload-label-column').fill('label');
    await page.getByTestId('upload-read').click();
    await page.getByTestId('upload-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('upload-shape').textContent()).toBe('60 texts in 2 classes, read from reviews.csv.');
    expect(await page.getByTestId('upload-examples').locator('li').first().textContent()).toMatch(/^a bad, awful film/);

    await confirmUpload('reviews');
    await setUp(await page.getByTestId('model').inputValue(), ['full', 'random'], 2);
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    expect(await rowLabels()).toEqual(['full', 'random 10%']);
    await expect.poll(() => page.getByTestId('your-dataset').count()).toBe(2);
    expect(app.errors).toEqual([]);
  });

  test('hostile files are refused with their messages, as text, and change nothing', async () => {
    const options = await datasetOptions();
    const chosen = await chosenDataset();
    const results = await page.getByTestId('results').innerText();
    const refused = async (name: string, bytes: Uint8Array | string, message: string) => {
      await readFile(name, bytes);
      await expect.poll(() => problem().textContent(), { timeout: 60_000 }).toBe(`Not added: ${name}: ${message}`);
    };

    await refused(
      'bomb.zip',
      bombZip(),
      '"a/bomb.png" unpacks to more than 32 MiB; an image file may be at most 32 MiB',
    );
    // The file is still chosen, its options kept: the person may change them or choose another file.
    expect(await page.getByTestId('upload-read').isEnabled()).toBe(true);

    await refused(
      'climb.zip',
      zipSync({ '../outside/0.png': png(8, () => [0, 0, 0]) }),
      'the archive entry "../outside/0.png" climbs out of its folder (".."); rename it and zip the folder again',
    );

    // A picture whose header claims 100000x100000 pixels: refused before the browser decodes (and allocates) it.
    const huge = Buffer.from(png(8, () => [0, 0, 0]));
    huge.writeUInt32BE(100_000, 16);
    huge.writeUInt32BE(100_000, 20);
    const giant: Zippable = {
      'big/0.png': png(8, () => [0, 0, 0]),
      'big/1.png': png(8, () => [9, 9, 9]),
      'small/0.png': new Uint8Array(huge),
      'small/1.png': png(8, () => [1, 1, 1]),
    };
    await refused(
      'giant.zip',
      zipSync(giant),
      '"small/0.png" is 100000x100000 pixels; an image may be at most 4096 pixels on a side',
    );

    const hostile = '<img src=x onerror="window.__injected=1">';
    await readFile(
      'markup.csv',
      `label,text\n${JSON.stringify(hostile).replace(/\\"/g, '""')},some text\nb,more text\n`,
    );
    await expect
      .poll(() => problem().textContent(), { timeout: 30_000 })
      .toContain(`the label ${JSON.stringify(hostile)} holds markup characters`);
    expect(await page.locator('[data-testid="upload"] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();

    const manyClasses = ['label,text', ...Array.from({ length: 3000 }, (_, i) => `class ${i},text ${i}`)].join('\n');
    await refused('classes.csv', manyClasses, 'holds more than 100 classes; an upload may have at most 100');

    await refused(
      'latin1.csv',
      new Uint8Array([...Buffer.from('label,text\na,caf'), 0xe9, ...Buffer.from('\nb,x\n')]),
      'is not UTF-8 text; save it with the UTF-8 encoding (spreadsheets offer "CSV UTF-8")',
    );

    // A failed upload leaves the page alive and as it was.
    expect(await problem().getAttribute('role')).toBe('alert');
    expect(await datasetOptions()).toEqual(options);
    expect(await chosenDataset()).toBe(chosen);
    expect(await page.getByTestId('results').innerText()).toBe(results);
    await expect.poll(() => page.getByTestId('your-dataset').count()).toBe(2);
    expect(await status().textContent()).toMatch(/^Done/);
    await page.getByTestId('upload-cancel').click();
    expect(await problem().count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  test('a zip compressed with bzip2 gets its message; a reading cancelled part way keeps nothing and changes nothing', async () => {
    const options = await datasetOptions();
    const chosen = await chosenDataset();
    const results = await page.getByTestId('results').innerText();
    const kept = await page.getByTestId('your-dataset').count();

    const stored = zipSync(
      {
        'a/0.png': png(8, () => [0, 0, 0]),
        'a/1.png': png(8, () => [9, 9, 9]),
        'b/0.png': png(8, () => [250, 250, 250]),
        'b/1.png': png(8, () => [240, 240, 240]),
      },
      { level: 0 },
    );
    await readFile('bzip2.zip', withMethod(stored, 'a/1.png', 12));
    await expect
      .poll(() => problem().textContent(), { timeout: 30_000 })
      .toBe(
        'Not added: bzip2.zip: "a/1.png" is compressed with bzip2; the lab reads zip entries that are stored or compressed with Deflate, as most zip tools make them: zip the folder again with Deflate',
      );

    await readFile('large.zip', largeZip());
    // Images counted, then the time left once the pace is known.
    await expect
      .poll(() => page.getByTestId('upload-progress-text').textContent(), { timeout: 60_000 })
      .toMatch(/^[\d,]+ of 1,500 images, about (\d+ min( \d+ s)?|\d+ s) left$/);
    expect(await problem().count()).toBe(0);
    await page.getByTestId('upload-cancel').click();
    await expect
      .poll(() => page.getByTestId('upload-status').textContent(), { timeout: 30_000 })
      .toBe('Reading cancelled; nothing was added.');
    // The file is still chosen, its options kept; nothing else changed.
    expect(await page.getByTestId('upload-chosen').textContent()).toMatch(/^large\.zip/);
    expect(await page.getByTestId('upload-read').isEnabled()).toBe(true);
    expect(await datasetOptions()).toEqual(options);
    expect(await chosenDataset()).toBe(chosen);
    expect(await page.getByTestId('results').innerText()).toBe(results);
    expect(await page.getByTestId('your-dataset').count()).toBe(kept);
    await page.getByTestId('upload-cancel').click();
    expect(app.errors).toEqual([]);
  });

  test('after a reload the uploads are in the list and run; deleting the chosen one falls back to the default', async () => {
    const shapes = (await page.locator('[data-testid="your-dataset"]').first().getAttribute('data-id'))!;
    await page.reload();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
    expect(await datasetOptions()).toEqual(expect.arrayContaining(['shapes', 'reviews']));
    await expect.poll(() => page.getByTestId('your-dataset').allInnerTexts()).toHaveLength(2);

    await page.getByTestId('dataset').selectOption(shapes);
    await setUp('mlp', ['full'], 1);
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);

    const item = page.locator(`[data-testid="your-dataset"][data-id="${shapes}"]`);
    await item.getByTestId('your-dataset-delete').click();
    // A second click deletes; Keep leaves it.
    await item.getByTestId('your-dataset-keep').click();
    await expect.poll(() => page.getByTestId('your-dataset').count()).toBe(2);
    await item.getByTestId('your-dataset-delete').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'your-dataset-delete-confirm',
    );
    await item.getByTestId('your-dataset-delete-confirm').click();
    await expect
      .poll(() => page.getByTestId('your-datasets-note').textContent())
      .toBe('Deleted “shapes”. It was the chosen dataset; MNIST (10k digits) is chosen now.');
    expect(await chosenDataset()).toBe('mnist');
    expect(await datasetOptions()).not.toContain('shapes');
    await expect.poll(() => page.getByTestId('your-dataset').count()).toBe(1);
    expect(await axeViolations(page, '[data-testid="upload"]')).toEqual([]);

    // Gone for good: not back after another reload.
    await page.reload();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
    await expect.poll(() => page.getByTestId('your-dataset').allInnerTexts()).toHaveLength(1);
    expect(await datasetOptions()).not.toContain('shapes');
    expect(await datasetOptions()).toContain('reviews');
    expect(app.errors).toEqual([]);
  });
  test('a CIFAR-10 archive is read as published: its own split (no test share), the storage it takes, and it trains', async () => {
    const batch = (b: number) => binaryBatch(range(b * 6, 6), (i) => [i % 10]);
    const files: [string, Uint8Array][] = [
      ...[1, 2, 3, 4, 5].map((b): [string, Uint8Array] => [`cifar-10-batches-bin/data_batch_${b}.bin`, batch(b - 1)]),
      ['cifar-10-batches-bin/test_batch.bin', batch(5)],
      ['cifar-10-batches-bin/batches.meta.txt', Buffer.from(CIFAR10_NAMES.join('\n'))],
    ];
    const archive = gzip(tar(files));
    // Cut short: refused with the reason, nothing kept.
    await readFile('cifar-10-binary.tar.gz', archive.subarray(0, archive.length >> 1));
    await expect
      .poll(() => problem().textContent(), { timeout: 30_000 })
      .toMatch(/^Not added: cifar-10-binary\.tar\.gz: its gzip data ends before the archive does/);

    await page
      .getByTestId('upload-file')
      .setInputFiles({ name: 'cifar-10-binary.tar.gz', mimeType: 'application/gzip', buffer: Buffer.from(archive) });
    expect(await page.getByTestId('upload-archive-hint').textContent()).toMatch(/its own train\/test split/);
    expect(await page.getByTestId('upload-size').count()).toBe(0);
    await page.getByTestId('upload-read').click();
    await page.getByTestId('upload-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('upload-shape').textContent()).toBe(
      '36 32x32 colour images in 10 classes, read from cifar-10-binary.tar.gz.',
    );
    expect(await page.getByTestId('upload-fixed-split').textContent()).toMatch(
      /the archive's own, 30 training and 6 test images/,
    );
    expect(await page.getByTestId('upload-test-share').count()).toBe(0);
    expect(await page.getByTestId('upload-storage').textContent()).toMatch(/about 108 KB of this browser's storage/);
    expect(await axeViolations(page, '[data-testid="upload"]')).toEqual([]);

    await confirmUpload('CIFAR-10');
    await expect
      .poll(() => page.getByTestId('preview').textContent(), { timeout: 30_000 })
      .toMatch(/airplane 3 train \/ 1 test/);
    await setUp('mlp', ['full'], 1);
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);
    expect(app.errors).toEqual([]);
  });
});
