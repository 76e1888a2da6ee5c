/**
 * The lab's worker, which parses every untrusted file, never runs a string as
 * code: where the host sends the Content-Security-Policy header it reaches
 * the worker's script, and where no header is sent the worker turns eval and
 * its kin off itself. Either way tfjs's threaded wasm still trains.
 * Needs `vite build` first.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { openReady, runToEnd, useApp, type AppSession } from './browser';
import { followLabWorker, type LabWorker } from './lab-worker';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../vite.config';

/** Every way the worker could run a string as code, and what happened to it: "ran", or the error. */
function stringsAsCode(): Record<string, string> {
  const attempt = (run: () => unknown): string => {
    try {
      run();
      return 'ran';
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };
  const constructorOf = (sample: unknown) =>
    (Object.getPrototypeOf(sample) as { constructor: (code: string) => unknown }).constructor;
  return {
    eval: attempt(() => eval('1 + 1')),
    // biome-ignore lint/complexity/noCommaOperator: `(0, eval)` is how an indirect eval is written
    indirectEval: attempt(() => (0, eval)('1 + 1')),
    newFunction: attempt(() => new Function('return 1')),
    functionConstructor: attempt(() => constructorOf(() => 1)('return 1')),
    asyncFunction: attempt(() => constructorOf(async () => 1)('return 1')),
    generatorFunction: attempt(() => constructorOf(function* () {})('yield 1')),
    asyncGeneratorFunction: attempt(() => constructorOf(async function* () {})('yield 1')),
    setTimeout: attempt(() => setTimeout('1 + 1')),
    setInterval: attempt(() => clearInterval(setInterval('1 + 1'))),
  };
}

/** Each case of `stringsAsCode` refused with an EvalError. */
function expectAllRefused(outcomes: Record<string, string>): void {
  for (const [way, outcome] of Object.entries(outcomes)) expect(outcome, way).toMatch(/^EvalError: /);
}

/** The Content-Security-Policy header on the worker's script, as served. */
async function workerScriptPolicy(app: AppSession): Promise<string | null> {
  const script = app.page.workers().find((worker) => worker.url().includes('lab.worker'));
  if (!script) throw new Error('the lab worker is not running');
  const response = await fetch(script.url());
  return response.headers.get('content-security-policy');
}

/** A few seconds of training on wasm, which starts tfjs's threads on this cross-origin isolated page. */
async function trainsOnWasm(app: AppSession, worker: LabWorker): Promise<void> {
  const { page } = app;
  expect(await worker.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByTestId('dataset').selectOption('blobs');
  await page.getByTestId('model').selectOption('mlp');
  await page.getByTestId('epochs').fill('1');
  await page.getByTestId('seeds').fill('0');
  await page.getByTestId('backend-choice').selectOption('wasm');
  const ticked = page.locator('input[type=checkbox][data-testid^="method-"]:checked');
  while ((await ticked.count()) > 0) await ticked.first().uncheck();
  await page.getByTestId('method-random').check();
  expect(await runToEnd(page)).toMatch(/^Done: 1 run/);
  expect(await page.getByTestId('backend').textContent()).toBe('wasm');
}

describe('the worker where the host sends the policy header', () => {
  let app: AppSession;
  let worker: LabWorker;
  useApp((session) => (app = session));

  test('gets the header, refuses strings as code and data: imports, and still trains on threaded wasm', async () => {
    worker = await followLabWorker(app.page);
    await openReady(app);
    expect(await workerScriptPolicy(app)).toBe(CONTENT_SECURITY_POLICY_HEADER);
    // The README tells a static host to send this very header.
    expect(await readFile(new URL('../../README.md', import.meta.url), 'utf8')).toContain(
      `Content-Security-Policy: ${CONTENT_SECURITY_POLICY_HEADER}\n`,
    );
    expectAllRefused(await worker.evaluate(stringsAsCode));
    // Only the header can refuse a module from a data: address (no script can take `import()` away).
    // As a string: the test runner rewrites a function's `import()` into its own loader.
    const imported = await worker.evaluate<string>(
      "import('data:text/javascript,export default 1').then(() => 'ran', (error) => error.name)",
    );
    expect(imported).toBe('TypeError');
    await trainsOnWasm(app, worker);
    expect(app.errors).toEqual([]);
  });
});

describe('the worker where the host sends no header', () => {
  let app: AppSession;
  let worker: LabWorker;
  useApp((session) => (app = session), { noPolicyHeader: true });

  test('refuses strings as code itself, saying why, and still trains on threaded wasm', async () => {
    worker = await followLabWorker(app.page);
    await openReady(app);
    expect(await workerScriptPolicy(app)).toBeNull();
    const outcomes = await worker.evaluate(stringsAsCode);
    expectAllRefused(outcomes);
    expect(outcomes.eval).toBe(
      "EvalError: eval is turned off in the lab's worker: it reads untrusted files, so it never runs a string as code",
    );
    expect(outcomes.asyncFunction).toMatch(/^EvalError: new AsyncFunction\(\) is turned off/);
    // Functions are still functions to the libraries that ask.
    expect(
      await worker.evaluate(() => [
        (() => 1) instanceof Function,
        (async () => 1).constructor.name,
        typeof Function.prototype.call,
      ]),
    ).toEqual([true, 'AsyncFunction', 'function']);
    await trainsOnWasm(app, worker);
    expect(app.errors).toEqual([]);
  });
});
