/**
 * What the first click shows: the default comparison gives speed-ups under
 * a target every method reaches; the chart shows values on hover and from
 * the keyboard, lists its
 * points as a table, and its target line can be moved (the table follows);
 * a 2-D set shows each run's decision boundary. Needs `vite build` first
 * (npm test does it).
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, openReady, runToEnd, useApp, type AppSession } from './browser';

let app: AppSession;
let page: Page;

useApp((session) => {
  app = session;
  page = session.page;
});

/** The "Speed-up vs full" cells, as shown. */
const speedups = () => page.getByTestId('speedup').allTextContents();

describe('the chart and the first click', () => {
  test('the default comparison shows a speed-up under a target every method reached', async () => {
    await openReady(app);
    const started = Date.now();
    expect(await runToEnd(page)).toMatch(/^Done: 4 runs/);
    console.log(`default comparison: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const methods = await page
      .getByTestId('result-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-method')));
    expect(methods).toEqual(['full', 'random', 'rs2', 'herding']);
    const shown = await speedups();
    expect(shown[0]).toBe('1.00×');
    // Beside full data's, every row has a speed-up figure, not "–".
    for (const text of shown.slice(1)) expect(text).toMatch(/^\d+\.\d\d×$/);
    expect(await page.getByTestId('target-rule').textContent()).toMatch(
      /^Target \d+\.\d%: the lowest final accuracy among the runs that learned, so that every one of them reaches it/,
    );
    // One seed timed once: no spread, and the line under the table says so.
    expect(await page.getByTestId('noise-line').textContent()).toMatch(/^One seed timed once/);
    // Every curve reaches the target, and the legend says where.
    const crossings = await page.getByTestId('legend-crossing').allTextContents();
    expect(crossings).toHaveLength(4);
    for (const text of crossings) expect(text).toMatch(/^reaches \d+\.\d% at \d+\.\d+ s$/);
    // The wall time is shown beside the runs' clocks, and its parts add up to it.
    const wall = (await page.getByTestId('wall-time').textContent())!;
    const parts = wall.match(
      /^wall (\d+\.\d) s: training (\d+\.\d) s \(the runs' clocks\), evaluation (\d+\.\d) s, set-up (\d+\.\d) s/,
    );
    expect(parts, wall).not.toBeNull();
    const [total, training, evaluation, setup] = parts!.slice(1).map(Number);
    expect(Math.abs(training + evaluation + setup - total)).toBeLessThanOrEqual(0.15);
    expect(wall).toContain('Curve points on 1,000 test examples (stratified); final accuracy on all 2,000');
    // The training loss under the chart: a line per row.
    await expect.poll(() => page.getByTestId('training-loss-line').count()).toBe(4);
    expect(await page.getByTestId('training-loss').locator('svg').getAttribute('aria-label')).toMatch(
      /^Training loss of full, random 10%, rs2 10%, herding 10%, between \S+ and \S+ \(log scale\)/,
    );
    expect(app.errors).toEqual([]);
  });

  test('the same click three times gives the same accuracies and steps speed-ups; the table counts in steps on request', async () => {
    const steps = page.getByTestId('headline-steps');
    const clicks: { accuracies: string[]; stepSpeedups: string[] }[] = [];
    for (let click = 0; click < 3; click++) {
      if (click > 0) expect(await runToEnd(page)).toMatch(/^Done: 4 runs/);
      await steps.check();
      expect(await page.getByTestId('results-table').locator('thead').textContent()).toContain(
        'Speed-up vs full (steps)',
      );
      clicks.push({ accuracies: await page.getByTestId('accuracy').allTextContents(), stepSpeedups: await speedups() });
      await page.getByTestId('headline-time').check();
    }
    expect(clicks[0].stepSpeedups[0]).toBe('1.00×');
    for (const text of clicks[0].stepSpeedups.slice(1)) expect(text).toMatch(/^\d+\.\d\d×$/);
    expect(clicks[1]).toEqual(clicks[0]);
    expect(clicks[2]).toEqual(clicks[0]);
    expect(app.errors).toEqual([]);
  });

  test("every run's accuracy by class shows, its matrix adding up to each class's test examples", async () => {
    const panel = page.getByTestId('class-accuracy');
    const rows = panel.getByTestId('class-row');
    const read = () =>
      rows.evaluateAll((trs) =>
        trs.map((tr) => ({
          count: Number(tr.querySelector('td .muted')!.textContent!.replace(/\D/g, '')),
          cells: [...tr.querySelectorAll('td.cell')].map((td) => Number(td.textContent)),
        })),
      );
    const options = await panel.getByTestId('class-accuracy-run').locator('option').allTextContents();
    expect(options).toEqual(['full · seed 0', 'random 10% · seed 0', 'rs2 10% · seed 0', 'herding 10% · seed 0']);
    const full = await read();
    expect(full).toHaveLength(10);
    for (const row of full) expect(row.cells.reduce((a, b) => a + b, 0)).toBe(row.count);
    // All 2,000 test examples, once each.
    expect(full.reduce((sum, row) => sum + row.count, 0)).toBe(2000);
    expect(await panel.getByTestId('class-mistakes').textContent()).toMatch(
      /^full, seed 0, on the whole test split after training\. (Most frequent mistakes: .+ read as .+ \(\d+\)|No test example)/,
    );
    await panel.getByTestId('class-accuracy-run').selectOption('random 10% · seed 0');
    expect(await panel.getByTestId('class-mistakes').textContent()).toMatch(/^random 10%, seed 0/);
    expect((await read()).map((row) => row.cells)).not.toEqual(full.map((row) => row.cells));
    expect(app.errors).toEqual([]);
  });

  test('hovering the chart shows each method with its time and accuracy', async () => {
    const over = page.locator('[data-testid="chart"] .u-over');
    // Earlier clicks (the table's headline) may have left the chart scrolled out of view.
    await over.scrollIntoViewIfNeeded();
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
    const tooltip = page.getByTestId('chart-tooltip');
    await tooltip.waitFor({ timeout: 5_000 });
    const lines = await tooltip.locator('div').allTextContents();
    expect(lines.map((line) => line.split(':')[0])).toEqual(['full', 'random 10%', 'rs2 10%', 'herding 10%']);
    for (const line of lines) expect(line).toMatch(/: \d+\.\d% at \d+\.\d+ s$/);
    await page.mouse.move(0, 0);
    await expect.poll(() => tooltip.count()).toBe(0);
  });

  test('the focused chart reads its values from the keyboard, point by point, and says them', async () => {
    const plot = page.getByTestId('chart-plot');
    const tooltip = page.getByTestId('chart-tooltip');
    const reading = page.getByTestId('chart-reading');
    await plot.focus();
    await page.keyboard.press('End');
    await tooltip.waitFor({ timeout: 5_000 });
    const last = await reading.textContent();
    expect(last!.split('; ').map((part) => part.split(':')[0])).toEqual([
      'full',
      'random 10%',
      'rs2 10%',
      'herding 10%',
    ]);
    for (const part of last!.split('; ')) expect(part).toMatch(/: \d+\.\d% at \d+\.\d+ s$/);
    expect(await tooltip.locator('div').allTextContents()).toEqual(last!.split('; '));
    // At the right end the tooltip opens leftward, on the plot.
    const [tip, frame] = await Promise.all([
      tooltip.boundingBox(),
      page.locator('[data-testid="chart"] .plot-frame').boundingBox(),
    ]);
    expect(tip!.x + tip!.width).toBeLessThanOrEqual(frame!.x + frame!.width);
    await page.keyboard.press('Home');
    await expect.poll(() => reading.textContent()).not.toBe(last);
    // Points a few ms apart read alike at this precision: step on until the reading moves.
    const first = await reading.textContent();
    let presses = 0;
    while ((await reading.textContent()) === first && presses < 40) {
      await page.keyboard.press('ArrowRight');
      presses++;
    }
    expect(await reading.textContent()).not.toBe(first);
    expect(await axeViolations(page, '[data-testid="chart"]')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => tooltip.count()).toBe(0);
    expect(await reading.textContent()).toBe('');
  });

  test('the chart has a text alternative, reachable from the keyboard, that lists every run', async () => {
    const summary = await page.getByTestId('chart-plot').getAttribute('aria-label');
    for (const label of ['full', 'random 10%', 'rs2 10%', 'herding 10%']) expect(summary).toContain(`${label} ends at`);
    const toggle = page.getByTestId('chart-data-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const rows = await page.getByTestId('chart-data-row').locator('th').allTextContents();
    expect([...new Set(rows)]).toEqual(['full', 'random 10%', 'rs2 10%', 'herding 10%']);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('chart-data-table').count()).toBe(0);
  });

  test('the target line moves by drag and by keys, and the legend and table follow', async () => {
    const handle = page.getByTestId('target-handle');
    const before = Number(await handle.getAttribute('aria-valuenow'));
    const timeCells = () => page.getByTestId('time-to-target').allTextContents();
    const timesBefore = await timeCells();

    // Drag the line itself down by 60 px: a lower target, reached sooner.
    const over = page.locator('[data-testid="chart"] .u-over');
    const overBox = (await over.boundingBox())!;
    const handleBox = (await handle.boundingBox())!;
    const lineY = handleBox.y + handleBox.height / 2;
    await page.mouse.move(overBox.x + overBox.width * 0.3, lineY);
    await page.mouse.down();
    await page.mouse.move(overBox.x + overBox.width * 0.3, lineY + 60, { steps: 5 });
    await page.mouse.up();
    const dragged = Number(await handle.getAttribute('aria-valuenow'));
    expect(dragged).toBeLessThan(before - 1);
    expect(await page.getByTestId('target-rule').textContent()).toMatch(
      new RegExp(`^Target ${dragged.toFixed(1)}%: set on the chart\\.`),
    );
    expect(await page.getByTestId('results-table').locator('thead').textContent()).toContain(
      `Time to ${dragged.toFixed(1)}%`,
    );
    const timesAfter = await timeCells();
    expect(timesAfter).not.toEqual(timesBefore);
    expect((await page.getByTestId('legend-crossing').allTextContents())[0]).toContain(
      `reaches ${dragged.toFixed(1)}%`,
    );

    // The keys move it too.
    await handle.focus();
    await page.keyboard.press('PageUp');
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBeCloseTo(dragged + 1, 5);

    // And the run's own target comes back.
    await page.getByTestId('target-reset').click();
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(before);
    expect(await timeCells()).toEqual(timesBefore);
  });

  test("a moons run draws each method's decision boundary", async () => {
    await page.getByTestId('dataset').selectOption('moons');
    await page.getByTestId('model').selectOption('mlp');
    await page.getByTestId('epochs').fill('3');
    await page.getByTestId('lr').fill('0.1');
    await page.getByTestId('method-herding').uncheck();
    await page.getByTestId('method-rs2').uncheck();
    expect(await runToEnd(page)).toMatch(/^Done: 2 runs/);
    const panel = page.getByTestId('boundaries');
    await panel.waitFor({ timeout: 10_000 });
    // A panel per run, side by side.
    const scatters = page.getByTestId('boundary-scatter');
    await scatters.first().waitFor({ timeout: 30_000 });
    expect(await panel.getByTestId('boundary-caption').allTextContents()).toEqual([
      'full · seed 0',
      'random 10% · seed 0',
    ]);
    const scatter = scatters.first();
    // The background is drawn: pixels far from any point carry a pale class colour, and more than one class shows.
    const colours = await scatter.evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d')!;
      const seen = new Set<string>();
      // Inside the plot's margin (8 of the panel's 240 px), in its corners and edges.
      for (const [fx, fy] of [
        [0.06, 0.06],
        [0.94, 0.06],
        [0.06, 0.94],
        [0.94, 0.94],
        [0.5, 0.06],
        [0.5, 0.94],
      ]) {
        const [r, g, b, a] = ctx.getImageData(Math.floor(canvas.width * fx), Math.floor(canvas.height * fy), 1, 1).data;
        if (a > 0) seen.add(`${r},${g},${b}`);
      }
      return [...seen];
    });
    expect(colours.length).toBeGreaterThanOrEqual(2);
    // Each panel is its own run's.
    expect(await scatter.getAttribute('aria-label')).toContain('full (seed 0)');
    expect(await scatters.nth(1).getAttribute('aria-label')).toContain('random 10% (seed 0)');
    expect(app.errors).toEqual([]);
  });

  test('a distilled set tested on another model and against its matched random gets their columns, and the picks name the model that made it', async () => {
    await page.getByTestId('method-dm').check();
    await page.getByTestId('evaluate-on-dm-mlp').check();
    await page.getByTestId('fair-evaluation').check();
    expect(await runToEnd(page)).toMatch(/^Done: 3 runs/);
    // Fair evaluation: the distilled row's gain over its matched random; the real-data rows have none.
    expect(await page.getByTestId('fair-gain').allTextContents()).toEqual([
      '–',
      '–',
      expect.stringMatching(/^[+-]\d+\.\d pts$/),
    ]);
    expect(await page.getByTestId('cross-arch-header').allTextContents()).toEqual(['Set on mlp (width 256, depth 1)']);
    const cells = await page
      .getByTestId('result-row')
      .evaluateAll((rows) =>
        rows.map((row) => [
          row.getAttribute('data-method'),
          row.querySelector('[data-testid="cross-arch"]')!.textContent,
        ]),
      );
    expect(cells.map(([method]) => method)).toEqual(['full', 'random', 'dm']);
    expect(cells[0][1]).toBe('–');
    expect(cells[2][1]).toMatch(/^\d+\.\d%$/);
    await page.getByTestId('picks-run').selectOption({ label: 'dm 10% · seed 0' });
    await expect
      .poll(() => page.getByTestId('picks').textContent())
      .toMatch(/dm 10% distilled \d+ synthetic examples with mlp \(width \d+, depth \d+\)/);
    expect(app.errors).toEqual([]);
  });

  test('a sweep of three budgets plots three points per method against the budget, and its link carries the sweep', async () => {
    // As the test before left the form: moons, full, random, dm on mlp with fair evaluation.
    await page.getByTestId('budget-mode').selectOption('ipc');
    await page.getByTestId('budget-value').fill('2, 5, 20');
    await expect
      .poll(() => page.locator('#budget-value-hint').textContent())
      .toMatch(/A sweep of 3 budgets: 7 runs, [\d,]+ training steps and [\d,]+ distillation iterations in all\./);
    expect(await runToEnd(page)).toMatch(/^Done: 7 runs/);
    const figure = page.getByTestId('sweep-figure');
    const pointsOf = (name: string) =>
      figure.getByTestId('sweep-accuracy').locator(`[data-testid="sweep-line"][data-name="${name}"] circle`).count();
    await expect.poll(() => pointsOf('random')).toBe(3);
    expect(await pointsOf('dm')).toBe(3);
    expect(await pointsOf('dm · matched random')).toBe(3);
    // Full data takes no budget: one run, drawn level across.
    expect(await figure.getByTestId('sweep-accuracy').getByTestId('sweep-reference').count()).toBe(1);
    expect(await figure.locator('svg').getAttribute('aria-label')).toBe(
      'Accuracy and time to target against the budget (log scale), budgets 2, 5 and 20 examples per class, for random, dm, dm · matched random.',
    );
    const header = await figure.getByTestId('sweep-table').locator('th').allTextContents();
    expect(header).toEqual(['method', '2/class', '5/class', '20/class']);
    // A row per method and budget in the table.
    const labels = await page
      .getByTestId('result-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-method')));
    expect(labels).toEqual(['full', 'random', 'dm', 'random', 'dm', 'random', 'dm']);
    // The link made for the run opens the same sweep.
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await expect.poll(() => page.getByTestId('budget-value').inputValue(), { timeout: 60_000 }).toBe('2, 5, 20');
    expect(await page.getByTestId('budget-mode').inputValue()).toBe('ipc');
    expect(app.errors).toEqual([]);
  });
});
