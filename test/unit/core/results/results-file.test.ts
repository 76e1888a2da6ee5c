import { describe, expect, test } from 'vitest';
import { readResultsFile } from '../../../../src/core/results/results-file';
import { jsonText } from '../../../../src/core/formats/json-text';
import { summarize } from '../../../../src/core/results/summary';
import { defaultConfig, requireConfig } from '../../../../src/engine/config';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { knownWith } from '../../../../src/engine/known';

const known = knownWith(new OpenDatasets());

const run = (seed: number, finalTestAcc: number) => ({
  method: 'random',
  label: 'random 10%',
  settings: {},
  seed,
  backend: 'wasm',
  points: [
    { timeMs: 0, step: 0, samples: 0, testAcc: 0.1, testLoss: 2.3 },
    { timeMs: 900, step: 50, samples: 3200, testAcc: finalTestAcc, testLoss: 0.4 },
  ],
  overheadMs: 12,
  overhead: { select: 12 },
  reused: {},
  trainMs: 888,
  evalMs: 40,
  finalTestAcc,
  steps: 50,
  examplesPerRound: 800,
  confusion: {
    classes: ['a', 'b'],
    counts: [
      [5, 1],
      [2, 4],
    ],
  },
  // Not read from files: shown only where the run was made.
  selection: { indices: [1, 2, 3], rounds: 1 },
});

const file = (patch: Record<string, unknown> = {}) =>
  JSON.stringify({
    version: 1,
    config: defaultConfig(),
    runs: [run(0, 0.8), run(1, 0.82)],
    summary: 'ignored',
    ...patch,
  });

const problemOf = (text: string) => {
  const read = readResultsFile(text, known);
  expect(read.ok).toBe(false);
  return read.ok ? '' : read.problem;
};

describe('a results file read back', () => {
  test("keeps the config and each run's numbers, drops what it does not read, and marks a whole result done", () => {
    const read = readResultsFile(file(), known);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.file.status).toBe('done');
    expect(read.file.config).toEqual(defaultConfig());
    expect(read.file.runs.map((r) => r.finalTestAcc)).toEqual([0.8, 0.82]);
    expect(read.file.runs[0].confusion).toEqual({
      classes: ['a', 'b'],
      counts: [
        [5, 1],
        [2, 4],
      ],
    });
    expect(read.file.runs[0]).not.toHaveProperty('selection');
  });

  test("keeps a cut-short experiment's status", () => {
    const read = readResultsFile(file({ status: 'interrupted' }), known);
    expect(read.ok && read.file.status).toBe('interrupted');
  });

  test("lets through a dataset this lab has not open (a colleague's upload) when the config fits some kind of data", () => {
    const read = readResultsFile(file({ config: { ...defaultConfig(), dataset: 'upload-0123456789abcdef' } }), known);
    expect(read.ok && read.file.config.dataset).toBe('upload-0123456789abcdef');
  });

  test('refuses what is not a results file, saying where it is wrong', () => {
    expect(problemOf('{"runs": [')).toMatch(/^This is not a results file the lab can read: it is not JSON/);
    for (const notOne of ['[1, 2]', '"runs"', 'null', '{"config": {}}'])
      expect(problemOf(notOne)).toMatch(/: it has no "config" and "runs"/);
    expect(problemOf(file({ status: 'exploded' }))).toMatch(/: results\.status: /);
    expect(problemOf(file({ runs: [] }))).toMatch(/it holds no finished run/);
    expect(problemOf(file({ config: { ...defaultConfig(), seeds: [-1] } }))).toMatch(
      /its config is not one the lab can run \(seeds\[0\]/,
    );
    expect(problemOf(file({ config: { ...defaultConfig(), methods: [{ name: 'rm -rf' }] } }))).toMatch(
      /its config is not one the lab can run \(methods\[0\]\.name/,
    );
    const bad = run(0, 0.8);
    bad.points[1].testAcc = 7;
    expect(problemOf(file({ runs: [bad] }))).toMatch(/runs\[0\]\.points\[1\]\.testAcc: /);
    expect(problemOf(file({ runs: [{ ...run(0, 0.8), backend: 'quantum' }] }))).toMatch(/runs\[0\]\.backend: /);
    expect(problemOf(file({ runs: [{ ...run(0, 0.8), points: [] }] }))).toMatch(/runs\[0\]\.points: /);
    expect(
      problemOf(file({ runs: [{ ...run(0, 0.8), confusion: { classes: ['a', 'b'], counts: [[1, 2, 3]] } }] })),
    ).toMatch(/runs\[0\]\.confusion: the confusion counts must be one row and one column per class/);
    expect(problemOf(file({ runs: [{ ...run(0, 0.8), seed: '0' }] }))).toMatch(/runs\[0\]\.seed: /);
  });

  test("reads what the engine writes (the CLI's --out), a sweep's too, its table drawn again the same", async () => {
    const datasets = new OpenDatasets();
    const config = requireConfig(datasets, {
      version: 1,
      dataset: 'blobs',
      model: { name: 'mlp', width: 16 },
      budgets: [{ ipc: 2 }, { ipc: 5 }],
      train: { epochs: 3, batchSize: 16, lr: 0.05, evalPoints: 2 },
      methods: [
        { name: 'full' },
        { name: 'herding' },
        { name: 'dm', iterations: 5, evaluateOn: [{ name: 'mlp', width: 8 }] },
      ],
      seeds: [0, 1],
      backend: 'cpu',
    });
    const result = await runExperiment(config, { datasets, source: nodePackSource });
    const read = readResultsFile(jsonText(result), knownWith(datasets));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.file.runs).toHaveLength(10);
    expect(read.file.config.budgets).toEqual([{ ipc: 2 }, { ipc: 5 }]);
    expect(read.file.runs.every((run) => run.confusion?.classes.length === 4)).toBe(true);
    expect(read.file.runs.filter((run) => run.crossArch).map((run) => run.crossArch![0].label)).toEqual(
      new Array(4).fill('mlp (width 8, depth 1)'),
    );
    expect(read.file.runs.map((run) => run.budget?.ipc)).toEqual(result.runs.map((run) => run.budget?.ipc));
    expect(summarize(read.file.runs, config.targetAcc).summary).toEqual(result.summary);
  });

  test('refuses a file larger than any results file before parsing it', () => {
    expect(problemOf(' '.repeat(64 * 2 ** 20 + 1))).toMatch(/larger than 64 MB/);
  });
});
