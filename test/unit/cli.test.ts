import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

const config = {
  version: 1,
  dataset: 'moons',
  model: { name: 'mlp', width: 16 },
  budget: { fraction: 0.2 },
  train: { epochs: 2, batchSize: 32, lr: 0.1, evalPoints: 3 },
  methods: [{ name: 'full' }, { name: 'rs2' }],
  seeds: [0],
};

async function configFile(content: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lab-cli-'));
  const file = join(dir, 'config.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('lab CLI', () => {
  test('lists the methods with family and description', async () => {
    const { code, stdout } = await cli('methods');
    expect(code).toBe(0);
    const names = ['full', 'random', 'rs2', 'full-short', 'herding', 'kcenter', 'kmeans', 'facility', 'el2n', 'grand', 'forgetting', 'least-confidence', 'margin', 'entropy'];
    for (const name of names) expect(stdout).toMatch(new RegExp(`^${name}\\s+\\w+\\s+\\S`, 'm'));
  });

  test("shows one method's settings with defaults, allowed values and meaning", async () => {
    const { code, stdout } = await cli('methods', 'el2n');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^pretrainEpochs\s+1\s+whole number 0\.\.100\s+Epochs of full-data training/m);
    expect(stdout).toMatch(/^rounds\s+"static"\s+static \| resample \| reselect/m);
    const unknown = await cli('methods', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown method "nope"/);
  });

  test('runs a config and writes the results JSON', async () => {
    const file = await configFile(config);
    const out = file.replace('config.json', 'results.json');
    const { code, stdout } = await cli('run', file, '--out', out, '--backend', 'wasm');
    expect(code).toBe(0);
    expect(stdout).toMatch(/rs2 20%/);
    const results = JSON.parse(await readFile(out, 'utf8'));
    expect(results.runs).toHaveLength(2);
    expect(results.runs[0]).toMatchObject({ method: 'full', label: 'full', seed: 0, backend: 'wasm' });
    expect(Object.keys(results.runs[0].points[0]).sort()).toEqual(['samples', 'step', 'testAcc', 'testLoss', 'timeMs']);
    expect(results.summary[1]).toMatchObject({ method: 'rs2', label: 'rs2 20%' });
    expect(results.summary[1]).toHaveProperty('finalTestAccMean');
    expect(results.summary[1]).toHaveProperty('finalTestAccStd');
    expect(results.summary[1]).toHaveProperty('timeToTargetMs');
  });

  test('refuses an unknown method before training, naming it, with a non-zero exit', async () => {
    const file = await configFile({ ...config, methods: [{ name: 'full' }, { name: 'coreset-magic' }] });
    const { code, stderr, stdout } = await cli('run', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/methods\[1\]\.name: unknown method "coreset-magic"; allowed: full, random, rs2, full-short/);
    expect(stdout).toBe('');
  });

  test('explains a file that is not JSON and an unknown command', async () => {
    const bad = await cli('run', await configFile('{ not json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot read .*config\.json/);
    const unknown = await cli('train');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "train"/);
  });
});
