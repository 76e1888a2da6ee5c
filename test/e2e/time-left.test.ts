/**
 * The time left the status line gives: "estimating" at first, then, from the
 * first tenth of the comparison on, within a factor of 2 of the time it truly
 * took to finish; on the default comparison and while text is distilled. Needs `vite build` first (npm
 * test does it).
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseTextDistillation, openReady, runToEnd, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;

useApp((session) => {
  app = session;
  page = session.page;
});

/** "about 1 min 5 s left" in ms; null for "estimating". */
function leftOf(text: string): number | null {
  const match = /about (?:(\d+) min)? ?(?:(\d+) s)? left/.exec(text);
  if (!match) return null;
  return (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 1000;
}

type StatusLog = [number, string][];

/** Keeps every status text the page shows from now on, with the page clock's time. */
async function logStatus(): Promise<void> {
  await page.evaluate(() => {
    const status = document.querySelector('[data-testid="status"]')!;
    const log: [number, string][] = [];
    (window as unknown as { statusLog: typeof log }).statusLog = log;
    setInterval(() => log.push([performance.now(), status.textContent ?? '']), 100);
  });
}

/** The log once it holds the comparison's end. */
async function finishedLog(): Promise<StatusLog> {
  const readLog = () => page.evaluate(() => (window as unknown as { statusLog: StatusLog }).statusLog);
  await expect.poll(async () => (await readLog()).some(([, text]) => text.startsWith('Done'))).toBe(true);
  return readLog();
}

/**
 * Checks the estimates shown after the first tenth of the runs (those of
 * `during` only, if given) against the time the comparison truly took to
 * finish: within a factor of 2. Returns how many were checked.
 */
function expectWithinFactorOfTwo(log: StatusLog, during?: RegExp): number {
  const running = log.filter(([, text]) => text.startsWith('Run '));
  expect(running.length).toBeGreaterThan(8);
  const start = running[0][0];
  const end = log.find(([, text]) => text.startsWith('Done'))![0];
  const total = end - start;
  expect(running[0][1]).toContain('estimating the time left');
  const shown = running
    .filter(([, text]) => !during || during.test(text))
    .map(([at, text]) => [at - start, end - at, leftOf(text)] as const)
    .filter(([elapsed]) => elapsed >= 0.1 * total);
  expect(shown.length).toBeGreaterThan(0);
  for (const [elapsed, truth, left] of shown) {
    if (left === null) continue;
    // Whole seconds, read at most a second late: 1.5 s of slack.
    expect(left, `at ${elapsed} ms of ${total}`).toBeLessThanOrEqual(2 * truth + 1500);
    expect(left, `at ${elapsed} ms of ${total}`).toBeGreaterThanOrEqual(truth / 2 - 1500);
  }
  // A number is shown for most of the comparison after its first fifth.
  const late = shown.filter(([elapsed]) => elapsed >= 0.2 * total);
  expect(late.filter(([, , left]) => left !== null).length).toBeGreaterThanOrEqual(0.8 * late.length);
  return shown.filter(([, , left]) => left !== null).length;
}

describe('the time-left estimate', () => {
  test('on the default comparison, it is within a factor of 2 of the truth after the first tenth', async () => {
    await openReady(app);
    await logStatus();
    expect(await runToEnd(page)).toMatch(/^Done: 4 runs/);
    expectWithinFactorOfTwo(await finishedLog());
    expect(app.errors).toEqual([]);
  });

  test('while text is distilled, it is within a factor of 2 of the truth', async () => {
    await openReady(app);
    await chooseTextDistillation(page);
    await logStatus();
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    expect(expectWithinFactorOfTwo(await finishedLog(), /distilling/)).toBeGreaterThan(0);
    expect(app.errors).toEqual([]);
  });
});
