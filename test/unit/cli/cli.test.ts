import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { knownWith } from '../../../src/engine/known';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { datasetFileJson, datasetFileText } from '../../../src/core/formats/dataset-file';
import { readShareLink } from '../../../src/core/share/share-link';
import { OpenDatasets } from '../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
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
    const names = [
      'full',
      'random',
      'rs2',
      'full-short',
      'herding',
      'kcenter',
      'kmeans',
      'facility',
      'el2n',
      'grand',
      'forgetting',
      'least-confidence',
      'margin',
      'entropy',
    ];
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

  test("lists a config's own settings off the schema, marking those the page's form shows", async () => {
    const { code, stdout } = await cli('settings');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^train\.lr \*\s+-\s+number >0\.\.10\s+The step size at the start/m);
    expect(stdout).toMatch(/^train\.evalPoints\s+20\s+whole number 1\.\.200\s+At most how many times/m);
    expect(stdout).toMatch(/^repeats\s+1\s+whole number 1\.\.10\s+How many times each run is timed/m);
    expect(stdout).toMatch(/^train\.schedule\s+-\s+.*cosine.*step.*How the learning rate changes/m);
    // Every setting says what it does.
    const rows = stdout
      .split('\n')
      .filter((line) => /^(train|budget)\.|^(seeds|backend|targetAcc|repeats|wasmThreads)\b/.test(line));
    expect(rows.length).toBe(15);
    for (const row of rows) expect(row).toMatch(/\s{2}[A-Z"][^\n]+$/);
  });

  test('runs a config and writes the results JSON', async () => {
    const file = await configFile(config);
    const out = file.replace('config.json', 'results.json');
    const { code, stdout, stderr } = await cli('run', file, '--out', out, '--backend', 'wasm');
    expect(code).toBe(0);
    expect(stdout).toMatch(/rs2 20%/);
    // Two epochs of a fifth of moons is a handful of steps: said before the run, with a fix.
    expect(stderr).toMatch(
      /^warning: The methods train for only \d+ steps \(2 epochs of \d+ batches of \d+ examples\): too few to learn from\. Try \d+ epochs\.$/m,
    );
    const results = JSON.parse(await readFile(out, 'utf8'));
    expect(results.runs).toHaveLength(2);
    expect(results.runs[0]).toMatchObject({ method: 'full', label: 'full', seed: 0, backend: 'wasm' });
    expect(Object.keys(results.runs[0].points[0]).sort()).toEqual(['samples', 'step', 'testAcc', 'testLoss', 'timeMs']);
    expect(results.summary[1]).toMatchObject({ method: 'rs2', label: 'rs2 20%' });
    expect(results.summary[1]).toHaveProperty('finalTestAccMean');
    expect(results.summary[1]).toHaveProperty('finalTestAccStd');
    expect(results.summary[1]).toHaveProperty('timeToTargetMs');
    // The wall time is reported beside the runs' clocks, split so that it adds up.
    const { wall } = results;
    expect(wall.totalMs).toBeCloseTo(wall.trainingMs + wall.evaluationMs + wall.setupMs, 6);
    expect(stdout).toMatch(
      /^wall \d+\.\d s: training \d+\.\d s \(the runs' clocks\), evaluation \d+\.\d s, set-up \d+\.\d s \(data /m,
    );
    expect(results.evaluation).toEqual({ sample: expect.any(Number), of: expect.any(Number) });
    expect(stdout).toMatch(/curve point/);
  });

  test("--fair-evaluation trains distilled runs' matched controls, and a distilled set's other models get columns", async () => {
    const file = await configFile({
      ...config,
      budget: { ipc: 2 },
      methods: [{ name: 'random' }, { name: 'dm', iterations: 3, evaluateOn: [{ name: 'mlp', width: 8 }] }],
    });
    const { code, stdout } = await cli('run', file, '--fair-evaluation');
    expect(code).toBe(0);
    const [header, random, dm] = stdout.split('\n').slice(1, 4);
    expect(header).toMatch(/set on mlp \(width 8, depth 1\) +gain over matched random +gain kept with hard labels$/);
    expect(random).toMatch(/– +– +–$/);
    expect(dm).toMatch(/\d+\.\d% +[+-]\d+\.\d pts +–$/);
  });

  test('refuses an unknown method before training, naming it, with a non-zero exit', async () => {
    const file = await configFile({ ...config, methods: [{ name: 'full' }, { name: 'coreset-magic' }] });
    const { code, stderr, stdout } = await cli('run', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /methods\[1\]\.name: unknown method "coreset-magic"; allowed: full, random, rs2, full-short/,
    );
    expect(stdout).toBe('');
  });

  test('writes a distilled run as a dataset file, and runs a config on it with --dataset-file', async () => {
    const file = await configFile({ ...config, methods: [{ name: 'random' }, { name: 'dm', iterations: 5 }] });
    const results = file.replace('config.json', 'results.json');
    const set = file.replace('config.json', 'set.json');
    expect((await cli('run', file, '--out', results, '--backend', 'wasm')).code).toBe(0);

    const none = await cli('dataset-file', results, '--out', set, '--run', '0');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/results\.json has no distilled run 0; its distilled runs: 1 \(dm 20%, seed 0\)/);
    const written = await cli('dataset-file', results, '--out', set);
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/240 examples of run 1 \(dm 20%, seed 0\) written to .*set\.json/);
    const saved = JSON.parse(await readFile(set, 'utf8'));
    expect(saved).toMatchObject({
      format: 'lab-dataset',
      name: 'dm 20% of Moons (seed 0)',
      testFrom: 'moons',
      count: 240,
    });

    // The config's dataset gives way to the file's examples, tested on the moons' held-out points.
    const trained = await cli(
      'run',
      await configFile({ ...config, dataset: 'mnist', model: { name: 'mlp' }, methods: [{ name: 'full' }] }),
      '--dataset-file',
      set,
      '--backend',
      'wasm',
    );
    expect(trained.code).toBe(0);
    expect(trained.stderr).toMatch(
      /dataset file .*set\.json: "dm 20% of Moons \(seed 0\)", 240 examples, tested on moons/,
    );
    expect(trained.stderr).toMatch(/dataset file-[0-9a-f]{16}: 240 train \/ 400 test/);
    expect(trained.stdout).toMatch(/^full\s+\d+\.\d+ ± 0\.00%.*\s16$/m);
  });

  test('refuses a bad dataset file with its reason, before training', async () => {
    const file = await configFile(config);
    const bad = file.replace('config.json', 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        format: 'lab-dataset',
        version: 1,
        name: 'x',
        classes: ['a', 'b'],
        input: { kind: 'vector', length: 2 },
        testFrom: 'moons',
        count: 1,
        values: { dtype: 'float32', byteOrder: 'little-endian', encoding: 'base64', data: 'AAAAAA==' },
        labels: [0],
      }),
    );
    const refused = await cli('run', file, '--dataset-file', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /bad\.json: values\.data holds 1 values, but count x size of one example = 1 x 2 = 2\n$/,
    );
    expect(refused.stdout).toBe('');
    const missing = await cli('run', file, '--dataset-file', file.replace('config.json', 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json/);
  });

  test('trains on a dataset file whose distillation ran away, saying so first', async () => {
    const file = await configFile(config);
    const set = file.replace('config.json', 'ran-away.json');
    const json = datasetFileJson({
      name: 'dm 1/class of Moons (seed 0)',
      classes: ['upper moon', 'lower moon'],
      input: { kind: 'vector', length: 2 },
      testFrom: 'moons',
      labels: [0, 1],
      values: [0, 0.5, 0.5, -0.25],
      source: {
        dataset: 'moons',
        method: 'dm',
        loss: [
          [0, 3.3],
          [290, 2e32],
        ],
      },
    });
    await writeFile(set, datasetFileText(json));
    const trained = await cli('run', file, '--dataset-file', set, '--backend', 'wasm');
    expect(trained.code).toBe(0);
    expect(trained.stderr).toMatch(
      /\nwarning: .*ran-away\.json: its distillation loss rose from 3\.30 to 2\.00e\+32 by iteration 290: the distillation diverged; a model trained on its examples may learn nothing\.\n/,
    );
  });

  test('explains a file that is not JSON and an unknown command', async () => {
    const bad = await cli('run', await configFile('{ not json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot read .*config\.json/);
    const unknown = await cli('train');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "train"/);
  });

  test('url prints a share link that run --url runs (CSV out too); a tampered link is refused before training', async () => {
    const file = await configFile(config);
    const made = await cli('url', file, '--base', 'https://lab.example/app/');
    expect(made.code).toBe(0);
    const link = made.stdout.trim();
    expect(link).toMatch(/^https:\/\/lab\.example\/app\/#lab=1\.[A-Za-z0-9_-]+\.[0-9a-f]{8}$/);
    const dir = await mkdtemp(join(tmpdir(), 'lab-cli-'));
    const ran = await cli(
      'run',
      '--url',
      link,
      '--csv',
      join(dir, 'summary.csv'),
      '--curves-csv',
      join(dir, 'curves.csv'),
    );
    expect(ran.code).toBe(0);
    expect((await readFile(join(dir, 'summary.csv'), 'utf8')).split('\n')[0]).toMatch(
      /^row,method,runs,final_acc_mean/,
    );
    expect((await readFile(join(dir, 'curves.csv'), 'utf8')).split('\n')[0]).toBe(
      'row,method,seed,step,samples,time_s,test_acc,test_loss,train_loss',
    );
    expect(ran.stdout).toMatch(/^full\s/m);
    expect(ran.stdout).toMatch(/^rs2 20%/m);
    const tampered = await cli('run', '--url', link.slice(0, -1) + (link.endsWith('0') ? '1' : '0'));
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toMatch(/the link was changed or damaged/);
    const lesson = await cli('url', file, '--hide', 'model,train');
    expect(lesson.code).toBe(0);
    const reading = readShareLink(lesson.stdout.trim(), knownWith(bundled));
    expect(reading.ok && reading.classroom).toEqual({ hide: ['model', 'train'] });
    const told = await cli('url', file, '--title', 'RS2 or coresets?', '--story', 'Watch the green curve.');
    const toldReading = readShareLink(told.stdout.trim(), knownWith(bundled));
    expect(toldReading.ok && toldReading.classroom).toEqual({
      hide: [],
      title: 'RS2 or coresets?',
      story: 'Watch the green curve.',
    });
    const tooLong = await cli('url', file, '--title', 'x'.repeat(121));
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/--title is 121 characters; a lesson's link carries at most 120/);
    const badHide = await cli('url', file, '--hide', 'model,<b>');
    expect(badHide.code).toBe(2);
    expect(badHide.stderr).toMatch(
      /--hide names controls dataset, model, budget, train, methods, seeds, backend, target; not <b>/,
    );
    const badBase = await cli('url', file, '--base', 'lab.example');
    expect(badBase.code).toBe(2);
    expect(badBase.stderr).toMatch(/--base must be a full address/);
  });

  test('checks the output paths before training, naming each flag, path and reason', async () => {
    const file = await configFile(config);
    const dir = dirname(file);
    const { code, stdout, stderr } = await cli(
      'run',
      file,
      '--out',
      join(dir, 'nope', 'results.json'),
      '--csv',
      dir,
      '--curves-csv',
      join(file, 'curves.csv'),
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        `--out ${join(dir, 'nope', 'results.json')} cannot be written: the folder ${join(dir, 'nope')} does not exist`,
        `--csv ${dir} cannot be written: it is a folder`,
        `--curves-csv ${join(file, 'curves.csv')} cannot be written: a part of the path is a file, not a folder`,
        '',
      ].join('\n'),
    );
    expect(stdout).toBe('');
    const dataset = await cli('dataset-file', file, '--out', join(dir, 'nope', 'set.json'));
    expect(dataset.code).toBe(2);
    expect(dataset.stderr).toMatch(/^--out .*set\.json cannot be written: the folder .*nope does not exist\n$/);
  });

  // /dev/full takes the check (it is writable) and fails every write (the disk is full).
  test.runIf(existsSync('/dev/full'))(
    'keeps the results in the temporary folder when a write fails after training, and says where',
    async () => {
      const file = await configFile(config);
      const csv = join(dirname(file), 'summary.csv');
      const { code, stdout, stderr } = await cli('run', file, '--out', '/dev/full', '--csv', csv);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^rs2 20%/m);
      const kept =
        /^results could not be written to \/dev\/full \(the disk is full\); kept in (.+results\.json)$/m.exec(
          stderr,
        )?.[1];
      expect(kept).toBeDefined();
      expect(JSON.parse(await readFile(kept!, 'utf8')).runs).toHaveLength(2);
      // The other output still went where it was asked.
      expect(stderr).toContain(`summary (CSV) written to ${csv}`);
      expect((await readFile(csv, 'utf8')).split('\n')[0]).toMatch(/^row,method/);
      await rm(dirname(kept!), { recursive: true });
    },
  );

  test('url takes only an http(s) --base', async () => {
    const file = await configFile(config);
    for (const base of ['javascript:alert(1)//', 'data:text/html,<b>x</b>', 'file:///etc/', 'ftp://lab.example/']) {
      const refused = await cli('url', file, '--base', base);
      expect(refused.code, base).toBe(2);
      expect(refused.stderr, base).toMatch(
        /^--base must be an http:\/\/ or https:\/\/ address such as http:\/\/localhost:5173\/; "\w+:" addresses are refused\n/,
      );
      expect(refused.stdout, base).toBe('');
    }
    const made = await cli('url', file, '--base', 'http://lab.example/');
    expect(made.stdout).toMatch(/^http:\/\/lab\.example\/#lab=1\./);
  });

  test('a diverging run is reported as diverged, with its step and what to lower', async () => {
    const file = await configFile({
      ...config,
      dataset: 'mnist',
      model: { name: 'mlp' },
      train: { epochs: 1, batchSize: 64, lr: 10 },
      methods: [{ name: 'random' }],
    });
    const { code, stdout } = await cli('run', file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^random 20%\s+diverged at step \d+\s+diverged\s+-\s+-\s+-/m);
    expect(stdout).toMatch(/^random 20%, seed 0: the training diverged by step \d+: .*; lower the learning rate$/m);
  });
});
