/**
 * `npm run bench -- --only cifar [--archive cifar-10-binary.tar.gz] [--scale S]`:
 * CIFAR-10 at 1 image per class, random real images against dm, on the
 * papers' ConvNet and DM's protocol (bench/paper-config.ts; `--scale` cuts
 * its 20,000 iterations alike), run through the lab's CLI with the archive
 * as `--dataset-file`, beside DM's published numbers; and the time the
 * archive takes to read and to ZCA-whiten. Without `--archive` it writes a
 * synthetic archive of the published layout (random pixels): the times
 * hold, the accuracies mean nothing, and the table says so.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ExperimentResult } from '../src/core/results/types';
import { DEFAULT_SPLIT, uploadEntry } from '../src/engine/data/upload/build-upload';
import { readArchive } from '../src/engine/data/upload/read-upload';
import { nodePackSource } from '../src/engine/data/node-source';
import { PYTHON, runChild } from './child';
import { paperLabConfig } from './paper-config';
import { formatMachine, textTable, type Machine } from './report';

const TIMEOUT_S = 12 * 3600;

/** CIFAR-10 at 1 image per class, ConvNet-3: DC's Table 1 (random real) and DM's Table 1. */
const PUBLISHED_CIFAR10_IPC1 = { random: '14.4 ± 2.0 (DC)', dm: '26.0 ± 0.8 (DM)' };

async function labRun(config: Record<string, unknown>, archive: string, dir: string, name: string) {
  const file = path.join(dir, `${name}.json`);
  const out = path.join(dir, `${name}-results.json`);
  await writeFile(file, JSON.stringify(config));
  const child = await runChild(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'run', file, '--dataset-file', archive, '--out', out],
    TIMEOUT_S,
    process.env,
    true,
  );
  if (!child.ok) throw new Error(`lab ${name} failed: ${child.error}`);
  return JSON.parse(await readFile(out, 'utf8')) as ExperimentResult;
}

export async function cifarBench(machine: Machine, options: { archive?: string; scale: number }): Promise<void> {
  if (!(options.scale > 0 && options.scale <= 1))
    throw new Error('--scale takes a share of DM’s run, above 0 and at most 1');
  const started = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lab-cifar-'));
  let archive = options.archive;
  if (archive === undefined) {
    archive = path.join(dir, 'synthetic-cifar-10-binary.tar.gz');
    const made = await runChild(PYTHON, ['bench/synthetic_cifar.py', archive], 600);
    if (!made.ok) throw new Error(`could not write the synthetic archive: ${made.error}`);
  }
  const synthetic = options.archive === undefined;
  // The CLI reads the archive before its comparison's clock starts: timed here, as the CLI reads it.
  const readStarted = performance.now();
  const upload = await readArchive(path.basename(archive), new Uint8Array(await readFile(archive)));
  const dataset = await uploadEntry(upload, DEFAULT_SPLIT).load(nodePackSource, {});
  const readMs = performance.now() - readStarted;
  const results = Object.fromEntries(
    await Promise.all(
      (['random', 'dm'] as const).map(async (method) => {
        const config = paperLabConfig({ dataset: 'mnist', ipc: 1, method, seed: 0, scale: options.scale });
        return [method, await labRun(config, archive, dir, method)] as const;
      }),
    ),
  ) as Record<'random' | 'dm', ExperimentResult>;
  // Read as the runs read it, then whitened: what ZCA adds to the set-up. One epoch of random: nothing else to wait for.
  const plain = paperLabConfig({ dataset: 'mnist', ipc: 1, method: 'random', seed: 0, scale: options.scale });
  const short = { ...plain, train: { ...(plain.train as object), epochs: 1 }, methods: [{ name: 'random' }] };
  const [read, whitened] = [
    await labRun(short, archive, dir, 'read'),
    await labRun({ ...short, data: { zca: true } }, archive, dir, 'zca'),
  ];
  machine.loadAfter = os.loadavg()[0];
  const dm = results.dm.runs[0];
  const iterations = Number(dm.settings.iterations);
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const accuracy = (r: ExperimentResult) => (synthetic ? '(random pixels)' : (r.runs[0].finalTestAcc * 100).toFixed(1));
  console.log(
    [
      `CIFAR-10, 1 image per class, ConvNet-3 (128), DM's protocol at scale ${options.scale} (dm ${iterations} iterations; evaluation ${results.dm.config.train.epochs} epochs with DSA's augmentation); ${formatMachine(machine)}`,
      synthetic
        ? 'No archive given: a synthetic archive of the published layout (random pixels and labels); the times hold, the accuracies mean nothing.'
        : `Archive: ${path.basename(archive)}`,
      textTable(
        ['method', 'lab %', 'published %', 'distil s', 's per iteration', 'train s'],
        (['random', 'dm'] as const).map((method) => {
          const run = results[method].runs[0];
          return [
            method,
            accuracy(results[method]),
            PUBLISHED_CIFAR10_IPC1[method],
            method === 'dm' ? seconds(run.overhead.distill ?? 0) : '',
            method === 'dm' ? ((run.overhead.distill ?? 0) / 1000 / iterations).toFixed(2) : '',
            seconds(run.trainMs),
          ];
        }),
      ),
      `reading the archive into a dataset (${dataset.train.count.toLocaleString('en-US')} + ${dataset.test.count.toLocaleString('en-US')} images): ${seconds(readMs)} s; ZCA whitening it (the covariance, W and its inverse, both splits): ${seconds(whitened.wall.setup.dataMs - read.wall.setup.dataMs)} s more; a run's warm-up (40 steps of batch ${results.dm.config.train.batchSize}): ${seconds(read.wall.setup.warmUpMs)} s`,
      `dm and random ran at the same time, one core each; the read and ZCA runs after them, alone; ${((performance.now() - started) / 60000).toFixed(1)} min in all.`,
    ].join('\n'),
  );
}
