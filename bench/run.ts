/**
 * `npm run bench`: one epoch of the same MLP and ConvNet on the same MNIST
 * pack, by the lab (Node: wasm, cpu, webgpu; Chromium's worker: wasm, webgl,
 * webgpu) and by PyTorch on the CPU, in one run on one machine. Prints a table
 * and writes bench/last-run.json.
 *
 *   npm run bench [-- --only mlp|convnet] [--skip-browser] [--all] [--repeat N]
 *
 * Two more benches run only when named (see bench/README.md):
 *   npm run bench -- --only selection [--repeat N]   herding / k-center selection time (selection-bench.ts)
 *   npm run bench -- --only coreset-accuracy         coreset accuracy on MNIST (coreset-bench.ts)
 *   npm run bench -- --only distill [--repeat N]     dm / dc / mtt seconds per distillation iteration (distill-bench.ts)
 *   npm run bench -- --only distill-accuracy         accuracy after dm / mtt / dc at 1 image per class (distill-bench.ts)
 *   npm run bench -- --only wall                     wall time of two comparisons against their runs' clocks (wall-bench.ts)
 *   npm run bench -- --only augment [--smoke]        mixup / CutMix cost per step and accuracy on Fashion-MNIST (augment-bench.ts)
 *   npm run bench -- --only sweep                    an MNIST budget sweep (IPC 1/10/50) with fair evaluation, lab CLI beside PyTorch (sweep-bench.ts)
 *   npm run bench -- --only cifar [--archive A] [--scale S]   CIFAR-10 IPC 1 random vs dm (DM's protocol) and the archive's read and ZCA time (cifar-bench.ts)
 *   npm run bench -- --only paper [--scale S] [--datasets D] [--ipc 1,10] [--methods M] [--seeds 0,1] [--table]
 *                                                    the distillation papers' protocols, resumable (paper-bench.ts)
 *   npm run bench -- --only repeat [--repeat N] [--root DIR] [--skip-browser]
 *                                                    the same comparison run N times (default 5): speed-ups' spread (repeat-bench.ts)
 *
 * Every full-epoch measurement is taken once in each of N rounds (default 3)
 * and its fastest run kept: on a shared machine the slower runs are the ones
 * something else slowed, and rounds spread each measurement over the whole
 * bench, so that a busy spell does not fall on one side of a ratio.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { BENCH_MODELS, CONVNET, EPOCH_STEPS, TRAIN, type BenchModel, type LabMeasurement } from './config';
import { CHROMIUM_BACKENDS, isSoftwareGpu, NODE_BACKENDS, planFor, type LabCase, type Plan } from './plan';
import { openChromium, type ChromiumSession } from './browser-epoch';
import { describeMachine, formatMachine, formatTable, skippedRow, type Machine, type Row } from './report';
import { PYTHON, runChild as run, TORCH_ENV } from './child';
import { selectionBench } from './selection-bench';
import { coresetBench } from './coreset-bench';
import { distillAccuracyBench, distillBench } from './distill-bench';
import { wallBench } from './wall-bench';
import { repeatBench } from './repeat-bench';
import { augmentBench } from './augment-bench';
import { paperBench, paperSelection } from './paper-bench';
import { sweepBench } from './sweep-bench';
import { cifarBench } from './cifar-bench';

/** What --only names: one model of the epoch bench, or one of the benches that run only when named. */
const SUITES = [
  ...BENCH_MODELS,
  'selection',
  'coreset-accuracy',
  'distill',
  'distill-accuracy',
  'wall',
  'augment',
  'repeat',
  'paper',
  'sweep',
  'cifar',
] as const;
type Suite = (typeof SUITES)[number];

/** Something the bench measures: the rows of one run, and whether later rounds take it again. */
interface Measurement {
  run(): Promise<Row[]>;
  /** Full-epoch measurements repeat; capped and skipped ones run once (they are the slow ones). */
  repeatable: boolean;
}

/** PyTorch: each model at 1 thread and at all cores, in one process. */
function torchMeasurement(models: BenchModel[], cores: number, machine: Machine): Measurement {
  const threads = [...new Set([1, cores])].join(',');
  const args = [
    'bench/torch_epoch.py',
    '--models',
    models.join(','),
    '--threads',
    threads,
    '--width',
    String(CONVNET.width),
    '--depth',
    String(CONVNET.depth),
  ];
  args.push('--batch', String(TRAIN.batchSize), '--lr', String(TRAIN.lr), '--momentum', String(TRAIN.momentum));
  return {
    repeatable: true,
    async run() {
      const child = await run(PYTHON, args, 600, TORCH_ENV);
      if (!child.ok)
        return models.map((m) => skippedRow('PyTorch CPU', m, `${PYTHON} bench/torch_epoch.py failed: ${child.error}`));
      return child.stdout
        .trim()
        .split('\n')
        .map((line) => {
          const r = JSON.parse(line) as {
            model: BenchModel;
            threads: number;
            seconds: number;
            steps: number;
            testAcc: number;
            torch: string;
            blas: string;
          };
          machine.torch = r.torch;
          machine.blas = r.blas;
          return {
            where: 'PyTorch CPU',
            model: r.model,
            seconds: r.seconds,
            testAcc: r.testAcc,
            threads: String(r.threads),
            steps: r.steps,
            note: '',
          };
        });
    },
  };
}

function labRow(c: LabCase, plan: Plan, m: LabMeasurement): Row {
  const where = `lab ${c.where === 'node' ? 'Node' : 'Chromium worker'} ${c.backend}`;
  if ('skip' in plan) return skippedRow(where, c.model, plan.skip);
  if (!m.ok) return skippedRow(where, c.model, m.reason);
  const capped = m.steps < EPOCH_STEPS;
  const gpu = m.adapter && (isSoftwareGpu(m.adapter) ? 'software GPU' : m.adapter);
  const notes = [capped ? `extrapolated from ${m.steps} step${m.steps > 1 ? 's' : ''}` : '', gpu].filter(Boolean);
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

/** `all`: also run the cases that take over ten minutes here. */
function nodeMeasurement(c: LabCase, gpu: { adapter: string } | { reason: string }, all: boolean): Measurement {
  if (c.backend === 'webgpu' && 'reason' in gpu) return once(skippedRow(`lab Node ${c.backend}`, c.model, gpu.reason));
  const plan = planFor(c, 'adapter' in gpu ? gpu.adapter : null, all);
  if ('skip' in plan) return once(labRow(c, plan, { ok: false, reason: plan.skip }));
  const args = ['--import', 'tsx', 'bench/lab-epoch.ts', '--backend', c.backend, '--model', c.model];
  if (plan.steps !== 'epoch') args.push('--cap-steps', String(plan.steps));
  return {
    repeatable: plan.steps === 'epoch',
    async run() {
      const child = await run(process.execPath, args, plan.timeoutS);
      const m: LabMeasurement = child.ok
        ? JSON.parse(child.stdout.trim().split('\n').pop()!)
        : { ok: false, reason: child.error };
      return [labRow(c, plan, m)];
    },
  };
}

function chromiumMeasurement(c: LabCase, session: ChromiumSession, all: boolean): Measurement {
  const adapter = c.backend === 'webgl' || c.backend === 'webgpu' ? session.adapters[c.backend] : null;
  const plan = planFor(c, adapter, all);
  if ('skip' in plan) return once(labRow(c, plan, { ok: false, reason: plan.skip }));
  const capSteps = plan.steps === 'epoch' ? undefined : plan.steps;
  return {
    repeatable: plan.steps === 'epoch',
    run: async () => [
      labRow(c, plan, await session.measure(c.model, c.backend, capSteps, plan.timeoutS * 1000, c.threads)),
    ],
  };
}

function once(row: Row): Measurement {
  return { repeatable: false, run: async () => [row] };
}

/** The Chromium cases: wasm at 1 thread and at the most tfjs-backend-wasm allows (half the logical cores; its C++ caps there). */
function chromiumCases(models: BenchModel[], cores: number): LabCase[] {
  const mostThreads = Math.max(1, Math.floor(cores / 2));
  return CHROMIUM_BACKENDS.flatMap((backend) =>
    models.flatMap((model) =>
      (backend === 'wasm' ? [...new Set([1, mostThreads])] : [undefined]).map(
        (threads): LabCase => ({ where: 'chromium', backend, model, threads }),
      ),
    ),
  );
}

async function openSession(machine: Machine): Promise<ChromiumSession | string> {
  try {
    const session = await openChromium();
    machine.chromium = session.version;
    machine.gpus['Chromium webgl'] = session.adapters.webgl ?? 'none';
    machine.gpus['Chromium webgpu'] = session.adapters.webgpu ?? 'none';
    return session;
  } catch (error) {
    return `Chromium could not start (${(error as Error).message.split('\n')[0]})`;
  }
}

/**
 * Runs every measurement once per round, rounds one after another, so that a
 * busy spell on the machine hits all of them rather than one; keeps each
 * row's fastest run.
 */
async function measureInRounds(measurements: Measurement[], repeats: number, log: (row: Row) => void): Promise<Row[]> {
  const best = new Map<string, Row>();
  for (let round = 1; round <= repeats; round++) {
    process.stderr.write(`round ${round} of ${repeats}\n`);
    for (const measurement of measurements) {
      if (round > 1 && !measurement.repeatable) continue;
      for (const row of await measurement.run()) {
        log(row);
        const key = `${row.where}|${row.model}|${row.threads}`;
        const kept = best.get(key);
        const faster = row.seconds !== null && (kept?.seconds == null || row.seconds < kept.seconds);
        if (!kept || faster)
          best.set(key, {
            ...row,
            note: [row.note, measurement.repeatable && repeats > 1 ? `best of ${repeats}` : '']
              .filter(Boolean)
              .join('; '),
          });
      }
    }
  }
  return [...best.values()];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'skip-browser': { type: 'boolean' },
      all: { type: 'boolean' },
      repeat: { type: 'string' },
      smoke: { type: 'boolean' },
      root: { type: 'string' },
      scale: { type: 'string' },
      datasets: { type: 'string' },
      ipc: { type: 'string' },
      methods: { type: 'string' },
      seeds: { type: 'string' },
      table: { type: 'boolean' },
      archive: { type: 'string' },
    },
  });
  if (values.smoke && values.only !== 'augment') throw new Error('--smoke applies to --only augment');
  if (values.only !== undefined && !SUITES.includes(values.only as Suite))
    throw new Error(`--only takes ${SUITES.join(', ')}`);
  const repeats = Number(values.repeat ?? 3);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error('--repeat takes a whole number of at least 1');
  const machine = await describeMachine();
  if (values.only === 'selection') return selectionBench(repeats, machine);
  if (values.only === 'coreset-accuracy') return coresetBench([...BENCH_MODELS], machine);
  if (values.only === 'distill') return distillBench(repeats, machine);
  if (values.only === 'distill-accuracy') return distillAccuracyBench(machine);
  if (values.only === 'wall') return wallBench(machine);
  if (values.only === 'paper') return paperBench(machine, paperSelection(values));
  if (values.only === 'sweep') return sweepBench(machine);
  if (values.only === 'cifar')
    return cifarBench(machine, { archive: values.archive, scale: Number(values.scale ?? 0.01) });
  if (values.only === 'augment') return augmentBench(machine, values.smoke ?? false);
  if (values.only === 'repeat')
    return repeatBench(machine, {
      times: Number(values.repeat ?? 5),
      root: values.root,
      browser: !values['skip-browser'],
    });
  if (values.root !== undefined) throw new Error('--root applies to --only repeat');
  const models = values.only ? [values.only as BenchModel] : [...BENCH_MODELS];
  const all = values.all ?? false;
  const log = (row: Row) =>
    process.stderr.write(
      `  ${row.where} ${row.model}: ${row.seconds === null ? row.note : `${row.seconds.toFixed(2)} s/epoch`}\n`,
    );

  const measurements = [torchMeasurement(models, machine.cores, machine)];
  const adapter = await nodeAdapter();
  machine.gpus['Node webgpu'] = 'adapter' in adapter ? adapter.adapter : adapter.reason;
  for (const backend of NODE_BACKENDS)
    for (const model of models) measurements.push(nodeMeasurement({ where: 'node', backend, model }, adapter, all));

  let session: ChromiumSession | string = '--skip-browser';
  if (!values['skip-browser']) {
    process.stderr.write('building the app for Chromium...\n');
    session = await openSession(machine);
  }
  for (const c of chromiumCases(models, machine.cores)) {
    const where = `lab Chromium worker ${c.backend}`;
    measurements.push(
      typeof session === 'string' ? once(skippedRow(where, c.model, session)) : chromiumMeasurement(c, session, all),
    );
  }

  let rows: Row[];
  try {
    rows = await measureInRounds(measurements, repeats, log);
  } finally {
    if (typeof session !== 'string') await session.close();
  }

  machine.loadAfter = os.loadavg()[0];
  const out = fileURLToPath(new URL('last-run.json', import.meta.url));
  await writeFile(
    out,
    `${JSON.stringify({ machine, settings: { ...TRAIN, convnet: CONVNET, epochSteps: EPOCH_STEPS }, rows }, null, 2)}\n`,
  );
  process.stdout.write(`\n${formatMachine(machine)}\n\n${formatTable(rows, machine.cores)}\n\nwritten to ${out}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
