/** The chart and result exports: file names by the dataset's name, the charts' title line, the PNG's layout. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { buildChartData } from '../../../../src/ui/results/chart-data';
import { chartSvg } from '../../../../src/ui/results/chart-svg';
import { budgetText, chartTitle, exportFileName } from '../../../../src/ui/results/export-files';
import { chartPng } from '../../../../src/ui/results/export-png';
import type { ShownResults } from '../../../../src/ui/history/history-data';

const startedAt = new Date(2025, 4, 12, 14, 3).getTime();
const upload = 'upload-d6d876bd7dad7d06';
const shown = (dataset: string) =>
  ({ result: { config: { dataset } }, startedAt }) as unknown as Pick<ShownResults, 'result' | 'startedAt'>;

describe('export file names', () => {
  test("an upload's files carry its name, not its hash", () => {
    // It read "lab-upload-d6d876bd7dad7d06-2025-05-12-1403-summary.csv".
    expect(exportFileName(shown(upload), 'summary.csv', 'My digits.csv')).toBe(
      'lab-my-digits-csv-2025-05-12-1403-summary.csv',
    );
    expect(exportFileName(shown('file-0123abcd'), 'chart.png', 'Distilled digits')).toBe(
      'lab-distilled-digits-2025-05-12-1403-chart.png',
    );
    // A bundled dataset keeps its id, as configs name it.
    expect(exportFileName(shown('moons'), 'chart.png', 'Two moons')).toBe('lab-moons-2025-05-12-1403-chart.png');
    // Without a name in the catalog (or one with nothing safe in a file name), the id.
    expect(exportFileName(shown(upload), 'chart.svg')).toBe(`lab-${upload}-2025-05-12-1403-chart.svg`);
    expect(exportFileName(shown(upload), 'results.json', '???')).toBe(`lab-${upload}-2025-05-12-1403-results.json`);
  });
});

describe('the charts title line', () => {
  const config = { dataset: upload, model: { name: 'mlp' }, budget: { fraction: 0.1 } };
  test('names the dataset, the model and the budget', () => {
    expect(chartTitle(config, 'My digits')).toBe('My digits · model mlp · budget 10% of the training set');
    expect(chartTitle({ ...config, budget: { ipc: 20 } })).toBe(`${upload} · model mlp · budget 20 examples per class`);
    expect(budgetText({ fraction: 0.07 })).toBe('7% of the training set');
    expect(budgetText({ ipc: 1 })).toBe('1 example per class');
  });

  test('the SVG opens with it, escaped, above the plot', () => {
    const point = (step: number, timeMs: number, testAcc: number) => ({
      step,
      timeMs,
      samples: step,
      testAcc,
      testLoss: 1,
    });
    const chart = buildChartData(
      [{ runIndex: 0, label: 'full', seed: 0, points: [point(0, 0, 0.1), point(10, 1000, 0.8)] }],
      'time',
    );
    const svg = chartSvg(chart, 'time', null, 'A < B · model mlp · budget 10% of the training set');
    expect(svg).toContain('>A &lt; B · model mlp · budget 10% of the training set</text>');
    expect(svg).toContain('<g transform="translate(0 26)">');
    expect(chartSvg(chart, 'time', null)).not.toContain('<g transform');
  });
});

describe('the chart as PNG', () => {
  afterEach(() => vi.unstubAllGlobals());

  test('draws the title above the plot and the legend under it', async () => {
    const calls: string[] = [];
    const ctx = new Proxy(
      {},
      {
        get:
          (_target, key) =>
          (...args: unknown[]) =>
            calls.push(`${String(key)} ${args.map(String).join(' ')}`),
        set: () => true,
      },
    );
    const canvas = {
      width: 0,
      height: 0,
      getContext: () => ctx,
      toBlob: (done: (blob: Blob | null) => void) => done(new Blob(['png'])),
    };
    vi.stubGlobal('document', { createElement: () => canvas });
    const plot = { width: 600, height: 320, clientWidth: 600 } as HTMLCanvasElement;
    await chartPng(
      plot,
      [{ label: 'full', colour: '#000' }],
      0.75,
      'Two moons · model mlp · budget 10% of the training set',
    );
    expect(calls.some((c) => c.startsWith('fillText Two moons · model mlp · budget 10% of the training set'))).toBe(
      true,
    );
    // The plot sits under the 28 px title line.
    expect(calls).toContain('drawImage [object Object] 0 28');
    expect(canvas.height).toBe(28 + 320 + 2 * 20 + 2 * 12);
  });
});
