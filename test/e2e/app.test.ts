/**
 * The app in a real Chromium: it opens ready, runs a small comparison in its
 * worker on WebGPU, refuses invalid settings without losing results,
 * previews the data, shows what coreset methods picked and what a
 * distillation made, and a distillation live (pause, resume, evaluate now). Needs
 * `vite build` first (npm test does it).
 */
import { readFile, stat } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, runToEnd as runLabToEnd, openReady, useApp, type AppSession } from './browser';
import { CONTENT_SECURITY_POLICY } from '../../vite.config';

/** The software WebGPU adapter is slow; this is plenty for the tiny comparison below. */
const RUN_TIMEOUT_MS = 240_000;

let app: AppSession;
let page: Page;

const status = () => page.getByTestId('status');
const resultRows = () => page.getByTestId('result-row');

/** Clicks Run and waits for this run's end; returns the final status. */
const runToEnd = () => runLabToEnd(page, RUN_TIMEOUT_MS);

useApp((session) => {
  app = session;
  page = session.page;
});

describe('the lab page', () => {
  test("the page's own script leaves tfjs to the worker", async () => {
    const html = await readFile(new URL('index.html', DIST), 'utf8');
    const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const code = await readFile(new URL(entry!, DIST), 'utf8');
    expect(code).not.toMatch(/tensorflow|registerKernel/i);
    expect((await stat(new URL(entry!, DIST))).size).toBeLessThan(300 * 1024);
  });

  test('opens ready to run the default comparison, without errors', async () => {
    await openReady(app);
    expect(await page.getByTestId('run').isEnabled()).toBe(true);
    expect(await page.getByTestId('backend').textContent()).toBe('not started');
    expect(await page.getByTestId('dataset').inputValue()).toBe('mnist');
    expect(await page.getByTestId('model').inputValue()).toBe('mlp');
    for (const method of ['full', 'random', 'rs2', 'herding'])
      expect(await page.getByTestId(`method-${method}`).isChecked()).toBe(true);
    expect(await page.getByTestId('method-full-short').isChecked()).toBe(false);
    // The page is cross-origin isolated, as threaded wasm will need.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // The built page carries its Content-Security-Policy; a violation anywhere in a test is a console error, which every test checks for.
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toBe(CONTENT_SECURITY_POLICY);
    expect(policy).not.toMatch(/unsafe-inline|'unsafe-eval'/);
    expect(app.errors).toEqual([]);
  });

  test('runs a small MLP comparison in the worker on WebGPU', async () => {
    await page.getByTestId('dataset').selectOption('blobs');
    await page.getByTestId('model').selectOption('mlp');
    await page.getByTestId('epochs').fill('2');
    await page.getByTestId('lr').fill('0.1');
    await page.getByTestId('seeds').fill('0');
    await page.getByTestId('backend-choice').selectOption('webgpu');
    await page.getByTestId('method-full-short').check();
    await page.getByTestId('method-herding').uncheck();
    // Picking a 2-D set shows its points.
    await page.getByTestId('preview-scatter').waitFor({ timeout: 30_000 });

    expect(await runToEnd()).toMatch(/^Done: 4 runs/);

    expect(await page.getByTestId('backend').textContent()).toBe('webgpu');
    expect(await resultRows().count()).toBe(4);
    const methods = await resultRows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-method')));
    expect(methods.sort()).toEqual(['full', 'full-short', 'random', 'rs2']);
    const accuracies = await page.getByTestId('accuracy').allTextContents();
    for (const text of accuracies) expect(text).toMatch(/^\d+\.\d%/);

    // Every row has its line in the chart's legend.
    const labels = await resultRows().evaluateAll((rows) =>
      rows.map((row) => row.querySelector('th')!.textContent!.trim()),
    );
    const legend = await page.getByTestId('legend-label').allTextContents();
    expect(legend.map((text) => text.trim()).sort()).toEqual([...labels].sort());
    expect(await page.getByTestId('chart').locator('canvas').count()).toBeGreaterThan(0);

    // Four blobs are easy: full data must learn them.
    const fullAccuracy = await page
      .locator('[data-testid="result-row"][data-method="full"] [data-testid="accuracy"]')
      .textContent();
    expect(Number.parseFloat(fullAccuracy!)).toBeGreaterThan(80);
    expect(app.errors).toEqual([]);
  });

  test('the automatic backend choice passes over a software GPU and says why', async () => {
    await page.getByTestId('backend-choice').selectOption('auto');
    await page.getByTestId('method-full').uncheck();
    expect(await runToEnd()).toMatch(/^Done: 3 runs/);
    // Chromium here has only SwiftShader, where wasm trains faster than webgpu and webgl.
    expect(await page.getByTestId('backend').textContent()).toBe('wasm');
    const why = await page.locator('.backend').getAttribute('title');
    // The same words are one tap away for touch and keyboard.
    await page.locator('.backend-why > summary').click();
    expect(await page.getByTestId('backend-why').innerText()).toBe(why);
    expect(why).toMatch(/not webgpu: software adapter/);
    await page.getByTestId('method-full').check();
    expect(await runToEnd()).toMatch(/^Done: 4 runs/);
    expect(app.errors).toEqual([]);
  });

  test('trains a ConvNet on wasm in the worker', async () => {
    await page.getByTestId('dataset').selectOption('mnist');
    await page.getByTestId('model').selectOption('convnet');
    await page.getByTestId('budget-mode').selectOption('ipc');
    await page.getByTestId('budget-value').fill('10');
    await page.getByTestId('epochs').fill('2');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('method-full').uncheck();
    await page.getByTestId('method-full-short').uncheck();
    expect(await runToEnd()).toMatch(/^Done: 2 runs/);
    expect(await page.getByTestId('backend').textContent()).toBe('wasm');
    // The lab's SIMD module loaded against tfjs's (shared, threaded-build) memory: no note says otherwise.
    expect((await page.locator('.backend').getAttribute('title')) ?? '').not.toContain('SIMD');
    expect(await resultRows().count()).toBe(2);
    // Restore the blobs/MLP settings the later tests start from.
    await page.getByTestId('dataset').selectOption('blobs');
    await page.getByTestId('model').selectOption('mlp');
    await page.getByTestId('budget-mode').selectOption('fraction');
    await page.getByTestId('method-full').check();
    await page.getByTestId('method-full-short').check();
    await page.getByTestId('backend-choice').selectOption('webgpu');
    expect(app.errors).toEqual([]);
  });

  test('refuses invalid settings by their controls and keeps the results', async () => {
    const before = await page.getByTestId('results').innerText();
    await page.getByTestId('lr').fill('-1');
    await page.getByTestId('epochs').fill('0');
    await page.getByTestId('run').click();

    await expect.poll(() => page.getByTestId('problem-lr').textContent()).toMatch(/greater than 0/);
    expect(await page.getByTestId('problem-epochs').textContent()).toMatch(/at least 1/);
    expect(await status().textContent()).toMatch(
      /^Not started: .*Learning rate.*Epochs|^Not started: .*Epochs.*Learning rate/,
    );
    // No run started: the results and the backend are as they were.
    expect(await page.getByTestId('cancel').count()).toBe(0);
    expect(await page.getByTestId('results').innerText()).toBe(before);

    // Fixing the values clears the problems.
    await page.getByTestId('lr').fill('0.1');
    await page.getByTestId('epochs').fill('2');
    await expect.poll(() => status().textContent()).toMatch(/^Ready/);
    expect(await page.getByTestId('problem-lr').count()).toBe(0);
    expect(await page.getByTestId('results').innerText()).toBe(before);
  });

  test('cancels a run and keeps the previous results', async () => {
    const before = await page.getByTestId('results').innerText();
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('epochs').fill('200');
    await page.getByTestId('run').click();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Run \d\/4 .*step [1-9]/);
    await page.getByTestId('cancel').click();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Cancelled/);
    expect(await page.getByTestId('run').isEnabled()).toBe(true);
    expect(await page.getByTestId('results').innerText()).toBe(before);
    await page.getByTestId('epochs').fill('2');
  });

  test('says in plain words that a data pack is missing, and keeps the results', async () => {
    const before = await page.getByTestId('results').innerText();
    await page
      .context()
      .route('**/data/fashion-mnist.pack', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.getByTestId('dataset').selectOption('fashion-mnist');
    await expect
      .poll(() => page.getByTestId('preview').textContent(), { timeout: 30_000 })
      .toMatch(/fashion-mnist\.pack.*npm run prepare-data/);

    await page.getByTestId('run').click();
    await expect
      .poll(() => status().textContent(), { timeout: 30_000 })
      .toMatch(/^The run failed: .*fashion-mnist\.pack.*npm run prepare-data/);
    expect(await page.getByTestId('results').innerText()).toBe(before);
    await page.context().unroute('**/data/fashion-mnist.pack');
    expect(app.errors).toEqual([]);
  });

  test('previews MNIST digits when MNIST is picked', async () => {
    await page.getByTestId('dataset').selectOption('mnist');
    const images = page.getByTestId('preview').locator('canvas.example-image');
    await expect.poll(() => images.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
    // A drawn digit has both dark background and bright strokes.
    const spread = await images.first().evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let min = 255;
      let max = 0;
      for (let i = 0; i < data.length; i += 4) {
        min = Math.min(min, data[i]);
        max = Math.max(max, data[i]);
      }
      return max - min;
    });
    expect(spread).toBeGreaterThan(100);
    expect(app.errors).toEqual([]);
  });

  test('says before Run when the settings cannot learn on the data, and stops saying it once they can', async () => {
    await page.getByTestId('dataset').selectOption('mnist');
    // The preview counts the classes the check needs.
    await expect
      .poll(() => page.getByTestId('preview').locator('canvas.example-image').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const before = {
      mode: await page.getByTestId('budget-mode').inputValue(),
      value: await page.getByTestId('budget-value').inputValue(),
    };
    expect(await page.getByTestId('fit-warnings').count()).toBe(0);
    await page.getByTestId('budget-mode').selectOption('ipc');
    await page.getByTestId('budget-value').fill('1');
    await expect
      .poll(() => page.getByTestId('fit-warnings').textContent())
      .toMatch(/^The methods train for only \d+ steps? .*: too few to learn from\. Try \d+ epochs/);
    await page.getByTestId('budget-mode').selectOption(before.mode);
    await page.getByTestId('budget-value').fill(before.value);
    await expect.poll(() => page.getByTestId('fit-warnings').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  test('shows what coreset methods picked: the points on a 2-D set, and the scores with their cut', async () => {
    await page.getByTestId('dataset').selectOption('blobs');
    await page.getByTestId('model').selectOption('mlp');
    await page.getByTestId('epochs').fill('2');
    await page.getByTestId('seeds').fill('0');
    await page.getByTestId('backend-choice').selectOption('wasm');
    for (const method of ['full', 'random', 'rs2', 'full-short']) await page.getByTestId(`method-${method}`).uncheck();
    await page.getByTestId('method-herding').check();
    await page.getByTestId('method-el2n').check();
    // Each setting says what it does, on show and to screen readers.
    const pretrainEpochs = page.getByTestId('param-el2n-pretrainEpochs');
    expect(await pretrainEpochs.getAttribute('title')).toMatch(/before scoring/);
    const helpId = await pretrainEpochs.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${helpId}"]`).textContent()).toMatch(/before scoring/);

    expect(await runToEnd()).toMatch(/^Done: 2 runs/);
    // EL2N's overhead is its pre-training and scoring, apart from its training.
    const el2nOverhead = page.locator('[data-testid="result-row"][data-method="el2n"] [data-testid="overhead-parts"]');
    expect(await el2nOverhead.textContent()).toMatch(/^pre-train \d+\.\d+ · score \d+\.\d+/);

    const picks = page.getByTestId('picks');
    const runChoice = picks.getByTestId('picks-run');
    expect(await runChoice.locator('option').allTextContents()).toEqual(['herding 10% · seed 0', 'el2n 10% · seed 0']);
    // Herding's points among all the others; it has no scores.
    await picks.getByTestId('picks-scatter').waitFor({ timeout: 30_000 });
    expect(await picks.getByTestId('picks-histogram').count()).toBe(0);
    expect(await picks.getByTestId('picks-gallery').textContent()).toMatch(/30 picked/);

    await runChoice.selectOption('el2n 10% · seed 0');
    await picks.getByTestId('picks-histogram').waitFor({ timeout: 30_000 });
    expect(await picks.getByTestId('picks-histogram').textContent()).toMatch(/EL2N/);
    expect(await picks.getByTestId('picks-cut').textContent()).toMatch(/^lowest kept \d/);
    expect(await picks.getByTestId('picks-scatter').count()).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), picks.getByTestId('picks-export').click()]);
    expect(download.suggestedFilename()).toBe('picks-el2n-10-seed0.json');
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(saved).toMatchObject({
      dataset: 'blobs',
      method: 'el2n',
      label: 'el2n 10%',
      seed: 0,
      scoreName: 'EL2N',
      keepsHighest: true,
    });
    expect(saved.indices).toHaveLength(120);
    expect(saved.scores).toHaveLength(1200);
    expect(app.errors).toEqual([]);
  });

  test('shows what a distillation made: its points over the real ones, and its loss', async () => {
    // Blobs, MLP, wasm, 2 epochs, seed 0, as the test before left them.
    await page.getByTestId('method-herding').uncheck();
    await page.getByTestId('method-el2n').uncheck();
    await page.getByTestId('method-random').check();
    await page.getByTestId('method-dm').check();
    await page.getByTestId('param-dm-iterations').fill('30');

    expect(await runToEnd()).toMatch(/^Done: 2 runs/);
    const picks = page.getByTestId('picks');
    const runChoice = picks.getByTestId('picks-run');
    expect(await runChoice.locator('option').allTextContents()).toEqual(['random 10% · seed 0', 'dm 10% · seed 0']);
    await runChoice.selectOption('dm 10% · seed 0');
    await picks.getByTestId('synthetic-scatter').waitFor({ timeout: 30_000 });
    expect(await picks.getByTestId('synthetic-gallery').textContent()).toMatch(/30 distilled/);
    expect(await picks.getByTestId('picks-scatter').count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), picks.getByTestId('picks-export').click()]);
    expect(download.suggestedFilename()).toBe('distilled-dm-10-seed0.json');
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8'));
    // A lab dataset file (see dataset-file.test.ts for loading it back).
    expect(saved).toMatchObject({
      format: 'lab-dataset',
      testFrom: 'blobs',
      count: 120,
      input: { kind: 'vector', length: 2 },
    });
    expect(saved.source).toMatchObject({ dataset: 'blobs', method: 'dm', label: 'dm 10%', seed: 0 });
    expect(saved.labels).toHaveLength(120);
    expect(saved.values.data).toHaveLength((240 * 4 * 4) / 3);
    expect(saved.source.loss.at(-1)[0]).toBe(29);
    // The settings the run used, defaults included.
    expect(await picks.getByTestId('run-settings').textContent()).toMatch(
      /^Settings: iterations 30 · lrImages 1 · realBatch 64 · init real$/,
    );
    // The chart draws every recorded loss.
    const drawn = await picks.getByTestId('distill-loss').locator('polyline').getAttribute('points');
    expect(drawn!.split(' ')).toHaveLength(saved.source.loss.length);
    expect(app.errors).toEqual([]);
  });

  test('shows a distillation live, pauses and resumes it, and evaluates its set on request', async () => {
    // Set in full, so that it also runs alone; long enough a distillation to act on while it runs.
    await page.getByTestId('dataset').selectOption('blobs');
    await page.getByTestId('model').selectOption('mlp');
    await page.getByTestId('epochs').fill('2');
    await page.getByTestId('seeds').fill('0');
    await page.getByTestId('backend-choice').selectOption('wasm');
    for (const method of ['full', 'random', 'rs2', 'full-short', 'herding', 'el2n'])
      await page.getByTestId(`method-${method}`).uncheck();
    await page.getByTestId('method-dm').check();
    await page.getByTestId('param-dm-iterations').fill('3000');
    await page.getByTestId('run').click();

    const live = page.getByTestId('live-distill');
    await live.getByTestId('synthetic-scatter').waitFor({ timeout: 60_000 });
    expect(await live.getByTestId('synthetic-gallery').textContent()).toMatch(/30 distilled/);
    await live.getByTestId('distill-loss').waitFor();

    await live.getByTestId('distill-pause').click();
    await expect.poll(() => live.getByTestId('distill-state').textContent(), { timeout: 30_000 }).toMatch(/^Paused/);
    const where = async () =>
      (await live.locator('.picks-body > p').textContent())!.match(/after (\d+) of 3000 iterations/)![1];
    const pausedAt = await where();
    await page.waitForTimeout(1000);
    expect(await where()).toBe(pausedAt);

    await live.getByTestId('distill-resume').click();
    await expect.poll(() => live.getByTestId('distill-state').textContent()).toBe('Distilling…');
    await expect.poll(where).not.toBe(pausedAt);

    await live.getByTestId('distill-evaluate').click();
    const mark = page.getByTestId('chart').getByTestId('evaluation-mark');
    await expect.poll(() => mark.count(), { timeout: 60_000 }).toBe(1);
    expect(await mark.textContent()).toMatch(/^dm 10% evaluated after \d+ distillation iterations: \d+\.\d%$/);

    await expect
      .poll(() => status().textContent(), { timeout: RUN_TIMEOUT_MS, interval: 500 })
      .toMatch(/^(Done|The run failed)/);
    expect(await status().textContent()).toMatch(/^Done: 1 run/);
    // The point stays on the chart with the final results; the live panel gives way to the picks panel.
    expect(await mark.count()).toBe(1);
    expect(await live.count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  test('distils text in embedding space and shows each learnt text by its nearest words', async () => {
    await page.getByTestId('dataset').selectOption('spam');
    await page.getByTestId('model').selectOption('text');
    await page.getByTestId('epochs').fill('2');
    await page.getByTestId('seeds').fill('0');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('budget-mode').selectOption('ipc');
    await page.getByTestId('budget-value').fill('2');
    for (const box of await page.locator('input[type=checkbox][data-testid^="method-"]:checked').all())
      await box.uncheck();
    await page.getByTestId('method-random').check();
    await page.getByTestId('method-dm').check();
    await page.getByTestId('param-dm-iterations').fill('20');

    expect(await runToEnd()).toMatch(/^Done: 2 runs/);
    const picks = page.getByTestId('picks');
    await picks.getByTestId('picks-run').selectOption('dm 2/class · seed 0');
    const gallery = picks.getByTestId('synthetic-gallery');
    await gallery.waitFor({ timeout: 30_000 });
    expect(await picks.textContent()).toMatch(/sequence of embedding vectors, not words/);
    // Two learnt texts per class, each as its eight nearest words and the eight along its move.
    const texts = await gallery.locator('li .example-text').allTextContents();
    expect(texts).toHaveLength(4);
    for (const text of texts) expect(text.split(' ')).toHaveLength(8);
    const moves = await gallery.locator('li .example-note').allTextContents();
    expect(moves).toHaveLength(4);
    for (const move of moves) expect(move).toMatch(/^moved toward: \S+( \S+){7}$/);
    expect(app.errors).toEqual([]);
  });
});
