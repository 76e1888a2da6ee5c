/**
 * `npm run bench`: one epoch of the same MLP and ConvNet on the same MNIST
 * pack, by the lab (Node: wasm, cpu, webgpu; Chromium's worker: wasm, webgl,
 * webgpu) and by PyTorch on the CPU, in one run on one machine. Prints a table
 * and writes bench/last-run.json.
 *
 *   npm run bench [-- --only mlp|convnet] [--skip-browser] [--all] [--repeat N]
 *
 * Every full-epoch measurement is taken N times (default 3) and the fastest
 * kept: on a shared machine the others are the ones something else slowed.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { BENCH_MODELS, CONVNET, EPOCH_STEPS, TRAIN, type BenchModel, type LabMeasurement } from './config';
import type { BackendName } from '../src/engine/experiment/types';
import { CHROMIUM_BACKENDS, isSoftwareGpu, NODE_BACKENDS, planFor, type LabCase, type Plan } from './plan';
import { openChromium, type ChromiumSession } from './browser-epoch';
import { describeMachine, formatMachine, formatTable, skippedRow, type Machine, type Row } from './report';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = '/usr/bin/python3';

interface Child {
  ok: boolean;
  stdout: string;
  /** The failure, in one line: the last line of stderr or the signal. */
  error: string;
}

function run(command: string, args: string[], timeoutS: number, env: NodeJS.ProcessEnv = process.env): Promise<Child> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, env, timeout: timeoutS * 1000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const last = stderr.trim().split('\n').pop() ?? '';
      const why = error?.killed ? `no result within ${timeoutS} s` : last || error?.message || '';
      resolve({ ok: !error, stdout, error: why });
    });
  });
}

interface Options {
  /** Also run the cases that take over ten minutes here. */
  all: boolean;
  /** Times each full-epoch measurement is taken; the fastest is kept. */
  repeats: number;
}

function bestOfNote(repeats: number): string {
  return repeats > 1 ? `best of ${repeats}` : '';
}

/** The PyTorch rows: each model at 1 thread and at all cores, each the fastest of `repeats` runs. */
async function torchRows(models: BenchModel[], cores: number, machine: Machine, repeats: number): Promise<Row[]> {
  const threads = [...new Set([1, cores])].join(',');
  const args = ['bench/torch_epoch.py', '--models', models.join(','), '--threads', threads, '--width', String(CONVNET.width), '--depth', String(CONVNET.depth)];
  args.push('--batch', String(TRAIN.batchSize), '--lr', String(TRAIN.lr), '--momentum', String(TRAIN.momentum));
  const best = new Map<string, Row>();
  for (let k = 0; k < repeats; k++) {
    const child = await run(PYTHON, args, 600, { ...process.env, OPENBLAS_NUM_THREADS: '1' });
    if (!child.ok) return models.map((m) => skippedRow('PyTorch CPU', m, `${PYTHON} bench/torch_epoch.py failed: ${child.error}`));
    for (const line of child.stdout.trim().split('\n')) {
      const r = JSON.parse(line) as { model: BenchModel; threads: number; seconds: number; steps: number; testAcc: number; torch: string; blas: string };
      machine.torch = r.torch;
      machine.blas = r.blas;
      const key = `${r.model}/${r.threads}`;
      const row = { where: 'PyTorch CPU', model: r.model, seconds: r.seconds, testAcc: r.testAcc, threads: String(r.threads), steps: r.steps, note: bestOfNote(repeats) };
      if (!best.has(key) || r.seconds < best.get(key)!.seconds!) best.set(key, row);
    }
  }
  return [...best.values()];
}

/** The fastest of `times` measurements (a failure only when all fail). */
async function bestOf(times: number, measure: () => Promise<LabMeasurement>): Promise<LabMeasurement> {
  let best: LabMeasurement | undefined;
  for (let k = 0; k < times; k++) {
    const m = await measure();
    if (!best || (m.ok && (!best.ok || m.trainMs / m.steps < best.trainMs / best.steps))) best = m;
  }
  return best!;
}

function labRow(c: LabCase, plan: Plan, m: LabMeasurement, repeats: number): Row {
  const where = `lab ${c.where === 'node' ? 'Node' : 'Chromium worker'} ${c.backend}`;
  if ('skip' in plan) return skippedRow(where, c.model, plan.skip);
  if (!m.ok) return skippedRow(where, c.model, m.reason);
  const capped = m.steps < EPOCH_STEPS;
  const gpu = m.adapter && (isSoftwareGpu(m.adapter) ? 'software GPU' : m.adapter);
  const notes = [capped ? `extrapolated from ${m.steps} step${m.steps > 1 ? 's' : ''}` : bestOfNote(repeats), gpu].filter(Boolean);
  return {
    where,
    model: c.model,
    seconds: ((m.trainMs / m.steps) * EPOCH_STEPS) / 1000,
    testAcc: capped ? null : m.testAcc,
    threads: m.threads !== null ? String(m.threads) : c.backend === 'cpu' ? '1' : 'gpu',
    steps: m.steps,
    note: notes.join('; '),
  };
}

/** Node's WebGPU adapter, asked in a child process (Dawn prints its warnings there, and stays loaded). */
async function nodeAdapter(): Promise<{ adapter: string } | { reason: string }> {
  const child = await run(process.execPath, ['--import', 'tsx', 'bench/lab-epoch.ts', '--adapter'], 60);
  return child.ok ? JSON.parse(child.stdout.trim().split('\n').pop()!) : { reason: child.error };
}

async function nodeRow(c: LabCase, gpu: { adapter: string } | { reason: string }, options: Options): Promise<Row> {
  if (c.backend === 'webgpu' && 'reason' in gpu) return skippedRow(`lab Node ${c.backend}`, c.model, gpu.reason);
  const plan = planFor(c, 'adapter' in gpu ? gpu.adapter : null, options.all);
  if ('skip' in plan) return labRow(c, plan, { ok: false, reason: plan.skip }, 1);
  const args = ['--import', 'tsx', 'bench/lab-epoch.ts', '--backend', c.backend, '--model', c.model];
  if (plan.steps !== 'epoch') args.push('--cap-steps', String(plan.steps));
  // Capped cases are the slow ones: they run once.
  const repeats = plan.steps === 'epoch' ? options.repeats : 1;
  const m = await bestOf(repeats, async () => {
    const child = await run(process.execPath, args, plan.timeoutS);
    return child.ok ? (JSON.parse(child.stdout.trim().split('\n').pop()!) as LabMeasurement) : { ok: false, reason: child.error };
  });
  return labRow(c, plan, m, repeats);
}

async function chromiumRows(models: BenchModel[], options: Options, machine: Machine, log: (row: Row) => void): Promise<Row[]> {
  let session: ChromiumSession;
  try {
    session = await openChromium();
  } catch (error) {
    const reason = `Chromium could not start (${(error as Error).message.split('\n')[0]})`;
    return CHROMIUM_BACKENDS.flatMap((b) => models.map((m) => skippedRow(`lab Chromium worker ${b}`, m, reason)));
  }
  machine.chromium = session.version;
  machine.gpus['Chromium webgl'] = session.adapters.webgl ?? 'none';
  machine.gpus['Chromium webgpu'] = session.adapters.webgpu ?? 'none';
  const rows: Row[] = [];
  // wasm runs at 1 thread and at the most tfjs-backend-wasm allows: half the logical cores (its C++ caps there).
  const mostThreads = Math.max(1, Math.floor(machine.cores / 2));
  const threadCounts = (backend: BackendName) => (backend === 'wasm' ? [...new Set([1, mostThreads])] : [undefined]);
  try {
    for (const backend of CHROMIUM_BACKENDS) {
      for (const model of models) {
        for (const threads of threadCounts(backend)) {
          const c: LabCase = { where: 'chromium', backend, model, threads };
          const adapter = backend === 'webgl' || backend === 'webgpu' ? session.adapters[backend] : null;
          const plan = planFor(c, adapter, options.all);
          const repeats = 'skip' in plan || plan.steps !== 'epoch' ? 1 : options.repeats;
          const m =
            'skip' in plan
              ? { ok: false as const, reason: plan.skip }
              : await bestOf(repeats, () => session.measure(model, backend, plan.steps === 'epoch' ? undefined : plan.steps, plan.timeoutS * 1000, threads));
          rows.push(labRow(c, plan, m, repeats));
          log(rows[rows.length - 1]);
        }
      }
    }
  } finally {
    await session.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, 'skip-browser': { type: 'boolean' }, all: { type: 'boolean' }, repeat: { type: 'string' } },
  });
  if (values.only !== undefined && !BENCH_MODELS.includes(values.only as BenchModel)) throw new Error(`--only takes ${BENCH_MODELS.join(' or ')}`);
  const models = values.only ? [values.only as BenchModel] : [...BENCH_MODELS];
  const repeats = Number(values.repeat ?? 3);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error('--repeat takes a whole number of at least 1');
  const options: Options = { all: values.all ?? false, repeats };
  const machine = await describeMachine();
  const log = (row: Row) => process.stderr.write(`  ${row.where} ${row.model}: ${row.seconds === null ? row.note : `${row.seconds.toFixed(2)} s/epoch`}\n`);

  process.stderr.write('PyTorch...\n');
  const rows = await torchRows(models, machine.cores, machine, repeats);
  rows.forEach(log);

  process.stderr.write('lab in Node...\n');
  const adapter = await nodeAdapter();
  machine.gpus['Node webgpu'] = 'adapter' in adapter ? adapter.adapter : adapter.reason;
  for (const backend of NODE_BACKENDS) {
    for (const model of models) {
      rows.push(await nodeRow({ where: 'node', backend, model }, adapter, options));
      log(rows[rows.length - 1]);
    }
  }

  if (values['skip-browser']) {
    for (const backend of CHROMIUM_BACKENDS) for (const m of models) rows.push(skippedRow(`lab Chromium worker ${backend}`, m, '--skip-browser'));
  } else {
    process.stderr.write('lab in Chromium (building the app first)...\n');
    rows.push(...(await chromiumRows(models, options, machine, log)));
  }

  machine.loadAfter = os.loadavg()[0];
  const out = fileURLToPath(new URL('last-run.json', import.meta.url));
  await writeFile(out, `${JSON.stringify({ machine, settings: { ...TRAIN, convnet: CONVNET, epochSteps: EPOCH_STEPS }, rows }, null, 2)}\n`);
  process.stdout.write(`\n${formatMachine(machine)}\n\n${formatTable(rows, machine.cores)}\n\nwritten to ${out}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
