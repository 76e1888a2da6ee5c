/**
 * Results outlive the page: a finished comparison is shown again after a
 * reload, with its settings in the form, and listed in History; one cut
 * off by a reload comes back marked interrupted with the runs it finished;
 * History opens and deletes experiments; the exports save the results (JSON,
 * CSV) and the chart (PNG, SVG) of restored results; a full storage quota is
 * said in the status area and the run's results stay; without IndexedDB
 * the page works and says nothing is kept. Needs `vite build` first (npm
 * test does it).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeViolations, openReady, runToEnd, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;

useApp((session) => {
  app = session;
  page = session.page;
});

const status = () => page.getByTestId('status');
const historyRows = () => page.getByTestId('history-row');

/** Unticks every method (one at a time: the list of ticked ones shrinks as it goes). */
async function untickAll() {
  const ticked = page.locator('input[type=checkbox][data-testid^="method-"]:checked');
  while ((await ticked.count()) > 0) await ticked.first().uncheck();
}

/** Moons, MLP on wasm, full and random: `seeds` and `epochs` set how long it takes. */
async function comparison(seeds: string, epochs: string) {
  await page.getByTestId('dataset').selectOption('moons');
  await page.getByTestId('model').selectOption('mlp');
  await page.getByTestId('epochs').fill(epochs);
  await page.getByTestId('lr').fill('0.1');
  await page.getByTestId('seeds').fill(seeds);
  await page.getByTestId('target-acc').fill('');
  await page.getByTestId('backend-choice').selectOption('wasm');
  await untickAll();
  await page.getByTestId('method-full').check();
  await page.getByTestId('method-random').check();
}

/** The results table as shown: each row's label cell and accuracy. */
const table = () =>
  page
    .getByTestId('result-row')
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.querySelector('th')!.textContent,
        row.querySelector('[data-testid="accuracy"]')!.textContent,
      ]),
    );

async function reloadReady() {
  await page.reload();
  await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Ready/);
}

/** Clicks an export button; returns the file's suggested name and its bytes. */
async function download(button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: saved.suggestedFilename(), bytes: await readFile((await saved.path())!) };
}

let finished: (string | null)[][];
/** The restored comparison's results file, as its export saved it. */
let exported: { name: string; bytes: Buffer };

/** Loads a results file through History's file input. */
const loadResults = (name: string, bytes: Buffer | string) =>
  page.getByTestId('results-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(bytes) });

describe('results across reloads', () => {
  test('a finished comparison is shown again after a reload, its settings in the form, and listed in History', async () => {
    await openReady(app);
    await expect.poll(() => page.getByTestId('history').textContent()).toMatch(/No comparisons kept yet/);
    await comparison('0', '3');
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    finished = await table();
    expect(finished.map(([label]) => label)).toEqual(['full', 'random 10%']);
    // The form holds the settings that made the results: nothing to say.
    expect(await page.getByTestId('other-settings').count()).toBe(0);
    await expect.poll(() => historyRows().count()).toBe(1);

    await reloadReady();
    expect(await table()).toEqual(finished);
    expect(await page.getByTestId('legend-label').allTextContents()).toEqual(['full', 'random 10%']);
    expect(await page.getByTestId('kept-notice').textContent()).toMatch(
      /^Kept results of an earlier comparison \(.+, started .+\)\.$/,
    );
    expect(await page.getByTestId('dataset').inputValue()).toBe('moons');
    expect(await page.getByTestId('epochs').inputValue()).toBe('3');
    // History reads the store after the page is ready.
    await expect.poll(() => historyRows().count()).toBe(1);
    expect(await historyRows().first().getAttribute('data-status')).toBe('done');
    expect(await historyRows().first().getByTestId('history-best').textContent()).toMatch(
      /^(full|random 10%) \d+\.\d%$/,
    );
    expect(await page.getByTestId('history-storage-use').textContent()).toMatch(/^Storage in use: /);
    expect(await axeViolations(page, '[data-testid="history"]')).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  test('the exports save the restored results and chart', async () => {
    const json = await download(page.getByTestId('export-json'));
    exported = json;
    expect(json.name).toMatch(/^lab-moons-\d{4}-\d\d-\d\d-\d{4}-results\.json$/);
    const result = JSON.parse(json.bytes.toString('utf8'));
    expect(result.version).toBe(1);
    expect(result.summary.map((row: { label: string }) => row.label)).toEqual(finished.map(([label]) => label));
    expect(result.runs).toHaveLength(2);

    const summary = await download(page.getByTestId('export-summary-csv'));
    expect(summary.name).toMatch(/-summary\.csv$/);
    expect(summary.bytes.toString('utf8').split('\n')[0]).toBe(
      'row,method,runs,final_acc_mean,final_acc_std,best_acc_mean,did_not_learn,target_acc,time_to_target_s,time_to_target_s_std,steps_to_target,samples_to_target,speedup_vs_full,speedup_vs_full_std,speedup_vs_full_steps,overhead_s,train_s,steps',
    );
    const curves = await download(page.getByTestId('export-curves-csv'));
    expect(curves.bytes.toString('utf8').split('\n')[0]).toBe(
      'row,method,seed,step,samples,time_s,test_acc,test_loss,train_loss',
    );

    const svg = await download(page.getByTestId('export-svg'));
    expect(svg.name).toMatch(/-chart\.svg$/);
    const text = svg.bytes.toString('utf8');
    expect(text.startsWith('<svg')).toBe(true);
    for (const [label] of finished) expect(text).toContain(`>${label}</text>`);

    const png = await download(page.getByTestId('export-png'));
    expect(png.name).toMatch(/-chart\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(app.errors).toEqual([]);
  });

  test('results beside settings that did not make them say so, and Load puts their settings in the form', async () => {
    const other = page.getByTestId('other-settings');
    expect(await other.count()).toBe(0);
    // Enter in a text box does not start a run.
    await page.getByTestId('epochs').fill('5');
    await page.getByTestId('epochs').press('Enter');
    await expect
      .poll(() => other.textContent())
      .toMatch(/^These results were made with other settings .*training settings/);
    expect(await status().textContent()).toMatch(/^Ready/);
    await page.getByTestId('dataset').selectOption('blobs');
    await expect.poll(() => other.textContent()).toMatch(/\(dataset, .*training settings.*\)/);

    await historyRows().first().getByTestId('history-open').click();
    await expect
      .poll(() => page.getByTestId('kept-notice').textContent())
      .toMatch(/^Kept results of an earlier comparison/);
    expect(await other.textContent()).toMatch(/\(dataset, /);
    await page.getByTestId('load-settings').click();
    expect(await page.getByTestId('dataset').inputValue()).toBe('moons');
    expect(await page.getByTestId('epochs').inputValue()).toBe('3');
    expect(await page.getByTestId('seeds').inputValue()).toBe('0');
    await expect.poll(() => other.count()).toBe(0);
    // Focus does not fall to the page with the button: the status line has it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('status-line');
    expect(app.errors).toEqual([]);
  });

  test('a comparison cut off by a reload comes back interrupted, with the runs it finished', async () => {
    await comparison('0, 1, 2', '60');
    await page.getByTestId('run').click();
    // Wait until a run's end is written: History lists the experiment as running with it.
    const newest = () => historyRows().first().getByTestId('history-status').textContent();
    await expect.poll(newest, { timeout: 120_000, interval: 250 }).toMatch(/^running \([1-5] runs? finished\)$/);

    await reloadReady();
    const notice = (await page.getByTestId('kept-notice').textContent())!;
    expect(notice).toMatch(
      /^Interrupted: the page was reloaded or closed during this run\. Showing the \d runs? it finished/,
    );
    const runs = Number(/Showing the (\d)/.exec(notice)![1]);
    expect(runs).toBeGreaterThanOrEqual(1);
    expect((await table()).length).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('legend-label').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => historyRows().first().getAttribute('data-status')).toBe('interrupted');
    expect(await newest()).toBe(`interrupted (${runs} run${runs === 1 ? '' : 's'} finished)`);
    expect(app.errors).toEqual([]);
  });

  test('History opens an earlier comparison as it was, and deletes one', async () => {
    expect(await historyRows().count()).toBe(2);
    await historyRows().nth(1).getByTestId('history-open').click();
    // Open reads the whole record from storage first.
    await expect.poll(() => table()).toEqual(finished);
    expect(await page.getByTestId('kept-notice').textContent()).toMatch(/^Kept results of an earlier comparison/);

    // Delete asks first; Keep keeps it, and focus goes back to its button.
    const newest = historyRows().first();
    await newest.getByTestId('history-delete').click();
    await newest.getByTestId('history-keep').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('history-delete');
    expect(await historyRows().count()).toBe(2);
    await newest.getByTestId('history-delete').click();
    await newest.getByTestId('history-delete-confirm').click();
    await expect.poll(() => historyRows().count()).toBe(1);
    expect(await historyRows().first().getAttribute('data-status')).toBe('done');
    // The deleted row's button had focus; the panel's heading has it now.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('history-heading');
    await reloadReady();
    await expect.poll(() => historyRows().count()).toBe(1);
    expect(app.errors).toEqual([]);
  });

  test('comparisons kept by an earlier lab (its first database version, without listings) are listed after the upgrade, and open', async () => {
    const rowsText = () => historyRows().evaluateAll((rows) => rows.map((row) => row.textContent));
    const before = await rowsText();
    expect(before).toHaveLength(1);
    // The database as the first version left it: the same experiments, no listings. The page lets go of it when asked to.
    await page.evaluate(async () => {
      const request = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const current = await request(indexedDB.open('lab-data'));
      const experiments = await request(current.transaction('experiments').objectStore('experiments').getAll());
      current.close();
      await request(indexedDB.deleteDatabase('lab-data'));
      const opening = indexedDB.open('lab-data', 1);
      opening.onupgradeneeded = () => {
        const database = opening.result;
        database.createObjectStore('datasets', { keyPath: 'id' });
        database.createObjectStore('experiments', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
        database.createObjectStore('settings');
      };
      const old = await request(opening);
      const tx = old.transaction('experiments', 'readwrite');
      for (const experiment of experiments) tx.objectStore('experiments').put(experiment);
      await new Promise((resolve) => (tx.oncomplete = resolve));
      old.close();
    });
    await reloadReady();
    await expect.poll(() => historyRows().count()).toBe(1);
    expect(await rowsText()).toEqual(before);
    await historyRows().first().getByTestId('history-open').click();
    await expect
      .poll(() => page.getByTestId('kept-notice').textContent())
      .toMatch(/^Kept results of an earlier comparison/);
    expect(app.errors).toEqual([]);
  });

  test('a results file loads into History and shows as it was; a bad one is refused with its message and changes nothing', async () => {
    await loadResults('notes.json', 'these are my notes');
    await expect
      .poll(() => page.getByTestId('history-problem').textContent())
      .toMatch(/^notes\.json: This is not a results file the lab can read: it is not JSON/);
    const tampered = JSON.parse(exported.bytes.toString('utf8'));
    tampered.runs[1].points[0].testAcc = 42;
    await loadResults('tampered.json', JSON.stringify(tampered));
    await expect
      .poll(() => page.getByTestId('history-problem').textContent())
      .toMatch(/^tampered\.json: .*runs\[1\]\.points\[0\]\.testAcc: /);
    expect(await historyRows().count()).toBe(1);

    await loadResults(exported.name, exported.bytes);
    await expect.poll(() => historyRows().count()).toBe(2);
    expect(await page.getByTestId('history-problem').count()).toBe(0);
    expect(await historyRows().first().getByTestId('history-status').textContent()).toBe('done, loaded from a file');
    await expect.poll(() => table()).toEqual(finished);
    expect(await page.getByTestId('kept-notice').textContent()).toBe(
      `Results from a file (Moons, loaded from ${exported.name}; what its runs picked or distilled is not read from files).`,
    );
    // Kept: after a reload it is listed and opens again.
    await reloadReady();
    await expect.poll(() => historyRows().count()).toBe(2);
    await historyRows().first().getByTestId('history-open').click();
    await expect.poll(() => page.getByTestId('kept-notice').textContent()).toMatch(/^Results from a file/);
    await historyRows().first().getByTestId('history-delete').click();
    await historyRows().first().getByTestId('history-delete-confirm').click();
    await expect.poll(() => historyRows().count()).toBe(1);
    expect(app.errors).toEqual([]);
  });

  test('a kept comparison laid over the chart shows its curves dotted beside those on show, and comes off again', async () => {
    const legend = () => page.getByTestId('legend-label').allTextContents();
    const before = await legend();
    await historyRows().first().getByTestId('history-overlay').click();
    await expect
      .poll(() => page.getByTestId('overlay-note').textContent())
      .toMatch(/^Dotted: kept .+, a kept comparison/);
    // The chart (and its legend) redraws on its own throttle, after the note.
    await expect.poll(legend).toHaveLength(before.length + finished.length);
    const labels = await legend();
    expect(labels.slice(0, before.length)).toEqual(before);
    const laid = labels.slice(before.length);
    expect(laid.map((label) => label.replace(/^kept .+ · /, ''))).toEqual(finished.map(([label]) => label));
    // The table is the comparison on show's alone.
    expect(await table()).toHaveLength(before.length);
    await page.getByTestId('overlay-remove').click();
    await expect.poll(() => legend()).toEqual(before);
    expect(app.errors).toEqual([]);
  });

  test('a full storage quota is said in the status area, and the run and its results stay', async () => {
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await comparison('0', '2');
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    await expect
      .poll(() => page.getByTestId('store-problem').textContent())
      .toMatch(/^The browser's storage for this page is full, so .* was not saved/);
    expect((await table()).map(([label]) => label)).toEqual(['full', 'random 10%']);
    expect(await page.getByTestId('export-json').isVisible()).toBe(true);
    // Not kept, so not listed.
    expect(await historyRows().count()).toBe(1);
    expect(app.errors).toEqual([]);
  });

  test('without IndexedDB (as in some private windows) the page works and says results are not kept', async () => {
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await reloadReady();
    expect(await page.getByTestId('browser-limits').textContent()).toMatch(
      /gives the page no storage .* History, your uploads and dataset files/,
    );
    expect(await page.getByTestId('history-not-kept').isVisible()).toBe(true);
    await comparison('0', '2');
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    expect((await table()).map(([label]) => label)).toEqual(['full', 'random 10%']);
    // A results file still shows, though it cannot be kept.
    await loadResults(exported.name, exported.bytes);
    await expect.poll(() => page.getByTestId('kept-notice').textContent()).toMatch(/^Results from a file/);
    expect(await table()).toEqual(finished);
    expect(app.errors).toEqual([]);
  });
});
