/**
 * The lab under faults and load, in a real Chromium: a backend that fails to
 * start gives way to the next; a worker that crashes or vanishes fails its
 * run with the reason and a fresh one takes over; a lost GPU device fails
 * its run instead of hanging; cancel ends a run within a second and frees
 * every tensor; the page's main thread never blocks for more than 50 ms
 * while a comparison selects, distils and trains.
 *
 * Faults are injected from outside, through the browser's debugging
 * protocol (./lab-worker.ts), so the app carries no test
 * hooks: the worker is made to throw or close, its WebGPU device is
 * destroyed, and tfjs's engine (a global of the worker) reports its memory.
 * Needs `vite build` first.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseTextDistillation, openReady, runToEnd, useApp, type AppSession } from './browser';
import { followLabWorker, type LabWorker } from './lab-worker';
import { watchMainThread } from './main-thread';

let app: AppSession;
let page: Page;

const status = () => page.getByTestId('status');
const results = () => page.getByTestId('results');

useApp((session) => {
  app = session;
  page = session.page;
});

/** The lab's worker, the fresh one after a crash included. */
let labWorker: LabWorker;
beforeAll(async () => {
  labWorker = await followLabWorker(page);
});

/** Ticks exactly these methods. */
async function tickOnly(methods: string[]): Promise<void> {
  const ticked = page.locator('input[type=checkbox][data-testid^="method-"]:checked');
  while ((await ticked.count()) > 0) await ticked.first().uncheck();
  for (const method of methods) await page.getByTestId(`method-${method}`).check();
}

/** A small, quick comparison on the 2-D blobs. */
async function setBlobs(backend: string, epochs: number): Promise<void> {
  await page.getByTestId('dataset').selectOption('blobs');
  await page.getByTestId('model').selectOption('mlp');
  await page.getByTestId('epochs').fill(String(epochs));
  await page.getByTestId('seeds').fill('0');
  await page.getByTestId('backend-choice').selectOption(backend);
  await tickOnly(['random', 'rs2']);
}

/** Clicks Run and waits until training steps. */
async function startTraining(): Promise<void> {
  await page.getByTestId('run').click();
  await expect.poll(() => status().textContent(), { timeout: 120_000 }).toMatch(/step [1-9]/);
}

/** tfjs's memory in the worker, read from its engine (the global `_tfengine`). */
function workerMemory(): Promise<{ numTensors: number; numBytes: number }> {
  return labWorker.evaluate(() => {
    const { numTensors, numBytes } = (
      self as unknown as { _tfengine: { memory(): { numTensors: number; numBytes: number } } }
    )._tfengine.memory();
    return { numTensors, numBytes };
  });
}

describe('the lab under faults', () => {
  test('a backend that fails to start gives way to the next, which says why', async () => {
    // The wasm binaries fail to download: wasm cannot start, and the automatic choice falls to cpu.
    await page.context().route('**/tfjs-backend-wasm*.wasm', (route) => route.abort());
    try {
      await openReady(app);
      await setBlobs('auto', 2);
      expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
      expect(await page.getByTestId('backend').textContent()).toBe('cpu');
      expect(await page.locator('.backend').getAttribute('title')).toMatch(/not wasm: failed to initialise/);
    } finally {
      await page.context().unroute('**/tfjs-backend-wasm*.wasm');
    }
  });

  test('a worker that crashes fails its run with the reason; the results stay and a fresh worker runs', async () => {
    await openReady(app);
    await setBlobs('wasm', 2);
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    const before = await results().innerText();

    // An error no call catches.
    await page.getByTestId('epochs').fill('400');
    await startTraining();
    const fresh = page.waitForEvent('worker');
    await labWorker.evaluate(() => {
      setTimeout(() => {
        throw new Error('crash on purpose');
      });
    });
    await expect
      .poll(() => status().textContent(), { timeout: 30_000 })
      .toMatch(/^The run failed: the lab's worker stopped \(.*crash on purpose.*\); a fresh one has started/);
    expect(await results().innerText()).toBe(before);
    await fresh;

    // A worker that vanishes without a word, as one killed for its memory does.
    await startTraining();
    const another = page.waitForEvent('worker');
    await labWorker.evaluate(() => self.close());
    await expect
      .poll(() => status().textContent(), { timeout: 30_000 })
      .toMatch(/^The run failed: the lab's worker stopped \(it ended without a word/);
    expect(await results().innerText()).toBe(before);
    await another;

    // The fresh worker runs the next comparison.
    await page.getByTestId('epochs').fill('2');
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    expect(await page.getByTestId('result-row').count()).toBe(2);
    expect(app.errors).toEqual([]);
  });

  test('a dataset file loaded before a crash is given to the fresh worker', async () => {
    await openReady(app);
    await setBlobs('wasm', 2);
    await tickOnly(['dm']);
    await page.getByTestId('param-dm-iterations').fill('30');
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);
    const picks = page.getByTestId('picks');
    await picks.getByTestId('synthetic-scatter').waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), picks.getByTestId('picks-export').click()]);
    const bytes = await readFile((await download.path())!);
    await page
      .getByTestId('dataset-file')
      .setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: bytes });
    await expect
      .poll(() => page.getByTestId('dataset-file-status').textContent(), { timeout: 30_000 })
      .toMatch(/^Loaded/);
    const id = await page.getByTestId('dataset').inputValue();

    // The worker dies while nothing runs; the next run goes to a fresh one, which has the file.
    const fresh = page.waitForEvent('worker');
    await labWorker.evaluate(() => self.close());
    await fresh;
    await tickOnly(['full']);
    await page.getByTestId('dataset').selectOption(id);
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);
    expect(app.errors).toEqual([]);
  });

  test('a GPU device lost during a run fails it with the reason, and the next run starts a fresh device', async () => {
    await openReady(app);
    // Keep a handle on every WebGPU device the worker makes, to lose them on cue.
    await labWorker.evaluate(() => {
      const kept: GPUDevice[] = [];
      (self as unknown as { gpuDevices: GPUDevice[] }).gpuDevices = kept;
      const requestDevice = GPUAdapter.prototype.requestDevice;
      GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
        const device = await requestDevice.call(this, descriptor);
        kept.push(device);
        return device;
      };
    });
    await setBlobs('webgpu', 2);
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    const before = await results().innerText();

    await page.getByTestId('epochs').fill('400');
    await startTraining();
    await labWorker.evaluate(() =>
      (self as unknown as { gpuDevices: GPUDevice[] }).gpuDevices.forEach((device) => device.destroy()),
    );
    await expect
      .poll(() => status().textContent(), { timeout: 30_000 })
      .toMatch(/^The run failed: the WebGPU device was lost \(.+\); the next run starts on a fresh one/);
    expect(await results().innerText()).toBe(before);

    await page.getByTestId('epochs').fill('2');
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    expect(await page.getByTestId('backend').textContent()).toBe('webgpu');
    expect(app.errors).toEqual([]);
  });

  test('cancel ends a ConvNet run within a second and frees every tensor it made', async () => {
    await openReady(app);
    await page.getByTestId('dataset').selectOption('mnist');
    await page.getByTestId('model').selectOption('convnet');
    await page.getByTestId('budget-mode').selectOption('ipc');
    await page.getByTestId('budget-value').fill('10');
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('seeds').fill('0');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await tickOnly(['random']);
    // A first run starts the backend and its caches; what it leaves is the baseline.
    expect(await runToEnd(page)).toMatch(/^Done: 1 run/);
    const before = await workerMemory();

    await page.getByTestId('epochs').fill('300');
    await startTraining();
    // Timed in the page: from the click to the status line saying the run ended.
    const latencyMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const line = document.querySelector('[data-testid="status"]')!;
          const observer = new MutationObserver(() => {
            if (!/^Cancelled/.test(line.textContent ?? '')) return;
            observer.disconnect();
            resolve(performance.now() - clickedAt);
          });
          observer.observe(line, { subtree: true, childList: true, characterData: true });
          const clickedAt = performance.now();
          document.querySelector<HTMLButtonElement>('[data-testid="cancel"]')!.click();
        }),
    );
    console.log(`cancel took ${latencyMs.toFixed(0)} ms`);
    expect(latencyMs).toBeLessThan(1000);
    expect(await workerMemory()).toEqual(before);
  });

  test('the page never blocks for more than 50 ms while a comparison selects, distils and trains', async () => {
    await openReady(app);
    await page.getByTestId('dataset').selectOption('mnist');
    await page.getByTestId('model').selectOption('mlp');
    await page.getByTestId('budget-mode').selectOption('ipc');
    await page.getByTestId('budget-value').fill('1');
    await page.getByTestId('epochs').fill('10');
    await page.getByTestId('seeds').fill('0');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await tickOnly(['herding', 'dm']);
    await page.getByTestId('param-dm-iterations').fill('400');
    // Wait for the data preview: loading the page is not part of the check.
    await expect
      .poll(() => page.getByTestId('preview').locator('canvas.example-image').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);

    const watch = await watchMainThread(page);
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    // The results drawn after the run count too.
    await page.waitForTimeout(1000);
    const longTasks = await watch.stop();
    console.log(`long tasks (wall and CPU ms): ${JSON.stringify(longTasks)}`);
    // A long task must not be the page's own work: on a loaded machine, waiting for a core is not.
    expect(longTasks.filter((task) => task.cpuMs === null || task.cpuMs > 50)).toEqual([]);
    expect(app.errors).toEqual([]);
  });
  test('a text distillation with its live view keeps the page free on a busy machine, and shows words that move', async () => {
    await openReady(app);
    await chooseTextDistillation(page);
    await expect.poll(() => page.getByTestId('preview').locator('li').count(), { timeout: 60_000 }).toBeGreaterThan(0);

    // A user's laptop is busy: two processes spin beside the browser throughout.
    const hogs = [0, 1].map(() => spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }));
    try {
      const watch = await watchMainThread(page);
      const live = page.getByTestId('live-distill');
      const seen = { losses: new Set<string>(), moves: new Set<string>() };
      let running = true;
      const watchLive = async () => {
        while (running) {
          if ((await live.count()) > 0) {
            const chart = live.getByTestId('distill-loss').locator('svg');
            if ((await chart.count()) > 0) seen.losses.add((await chart.getAttribute('aria-label')) ?? '');
            for (const note of await live.locator('.example-note').allTextContents()) seen.moves.add(note);
          }
          await page.waitForTimeout(200);
        }
      };
      const watching = watchLive();
      const end = await runToEnd(page).finally(() => {
        running = false;
      });
      await watching;
      expect(end).toMatch(/^Done: 2 runs/);
      await page.waitForTimeout(1000);
      const longTasks = await watch.stop();
      console.log(`text distillation, busy machine: long tasks (wall and CPU ms) ${JSON.stringify(longTasks)}`);
      console.log(
        `rows: ${(await page.getByTestId('result-row').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ')).join(' | ')}`,
      );
      console.log(`wall: ${await page.getByTestId('wall-summary').textContent()}`);
      expect(longTasks.filter((task) => task.cpuMs === null || task.cpuMs > 50)).toEqual([]);
      // The loss curve grew as the set learnt, and the texts' moves were shown in words.
      expect(seen.losses.size).toBeGreaterThan(1);
      expect([...seen.moves].every((note) => /^moved toward: \S+( \S+){7}$/.test(note))).toBe(true);
      expect(seen.moves.size).toBeGreaterThan(0);
    } finally {
      for (const hog of hogs) hog.kill();
    }
    expect(app.errors).toEqual([]);
  });
  test('a diverging learning rate marks the runs diverged with their step, keeps their curves, and leaves them without a time', async () => {
    await page.getByTestId('dataset').selectOption('mnist');
    await page.getByTestId('model').selectOption('mlp');
    await page.getByTestId('budget-mode').selectOption('fraction');
    await page.getByTestId('budget-value').fill('10');
    await page.getByTestId('epochs').fill('2');
    await page.getByTestId('batch-size').fill('64');
    await page.getByTestId('optimizer').selectOption('sgd');
    await page.getByTestId('seeds').fill('0');
    await page.getByTestId('lr').fill('10');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await tickOnly(['full', 'random']);
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    const accuracy = page.getByTestId('accuracy');
    for (const cell of await accuracy.all()) {
      expect(await cell.textContent()).toMatch(/^diverged at step \d+$/);
      expect(await cell.getAttribute('title')).toMatch(
        /^the training diverged by step \d+: its training loss .*; lower the learning rate$/,
      );
    }
    expect(await page.getByTestId('time-to-target').allTextContents()).toEqual(['diverged', 'diverged']);
    expect(await page.getByTestId('speedup').allTextContents()).toEqual(['–', '–']);
    // Each run's curve up to where it stopped is on the chart.
    expect(await page.getByTestId('chart-plot').getAttribute('aria-label')).toMatch(/full ends at/);
    await page.getByTestId('lr').fill('0.05');
    expect(app.errors).toEqual([]);
  });
});
