/**
 * `npm run bench -- --only wall`: what a user waits on against what the runs'
 * clocks show. Runs the page's default comparison and spam (text model, 10%,
 * 5 epochs) through the CLI, each in a process of its own, and compares the
 * wall time of the whole command with the sum of the runs' training clocks
 * (overhead + training; evaluation excluded). Target: at most 1.3x.
 *
 * The wall time is the CLI process's, from spawn to exit: Node start, data
 * loading, backend, warm-up, training and evaluation, nothing left out. Where
 * the results carry `wall` (the split the engine reports), it is printed too.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './child';
import { formatMachine, textTable, type Machine } from './report';
import { defaultConfig } from '../src/engine/config';
import type { ExperimentResult } from '../src/engine/experiment/types';

/** At most this many times the runs' clocks. */
export const WALL_TARGET = 1.3;

export const WALL_CASES: { name: string; config: unknown }[] = [
  { name: 'default (MNIST, MLP, full / random / rs2 10%, 5 epochs)', config: defaultConfig() },
  {
    name: 'spam (text model, full / random / rs2 10%, 5 epochs)',
    config: { ...defaultConfig(), dataset: 'spam', model: { name: 'text' } },
  },
];

export interface WallRow {
  name: string;
  backend: string;
  wallS: number;
  /** Sum over runs of overhead + training (the runs' clocks). */
  clocksS: number;
  evalS: number;
  /** The engine's own split, where the results carry it. */
  split?: { totalS: number; setupS: number; trainingS: number; evaluationS: number };
  ratio: number;
}

async function measure(name: string, config: unknown, dir: string): Promise<WallRow | string> {
  const file = join(dir, 'config.json');
  const out = join(dir, 'results.json');
  await writeFile(file, JSON.stringify(config));
  const started = performance.now();
  const child = await runChild(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', file, '--out', out], 900);
  const wallS = (performance.now() - started) / 1000;
  if (!child.ok) return `${name}: the CLI failed: ${child.error}`;
  const result = JSON.parse(await readFile(out, 'utf8')) as ExperimentResult;
  const clocksS = result.runs.reduce((s, r) => s + r.overheadMs + r.trainMs, 0) / 1000;
  const evalS = result.runs.reduce((s, r) => s + r.evalMs, 0) / 1000;
  const wall = (result as { wall?: { totalMs: number; setupMs: number; trainingMs: number; evaluationMs: number } }).wall;
  const split = wall && { totalS: wall.totalMs / 1000, setupS: wall.setupMs / 1000, trainingS: wall.trainingMs / 1000, evaluationS: wall.evaluationMs / 1000 };
  return { name, backend: result.backend, wallS, clocksS, evalS, split, ratio: wallS / clocksS };
}

export async function wallBench(machine: Machine): Promise<void> {
  const dir = await mkdtemp(join(os.tmpdir(), 'lab-wall-'));
  const rows: WallRow[] = [];
  try {
    for (const { name, config } of WALL_CASES) {
      process.stderr.write(`${name}...\n`);
      const row = await measure(name, config, dir);
      if (typeof row === 'string') process.stderr.write(`${row}\n`);
      else rows.push(row);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  machine.loadAfter = os.loadavg()[0];
  const s = (x: number) => x.toFixed(1);
  const table = textTable(
    ['comparison', 'backend', 'wall s', 'runs\' clocks s', 'evaluation s', 'engine split (set-up / training / evaluation) s', 'wall / clocks', `target <= ${WALL_TARGET}x`],
    rows.map((r) => [
      r.name,
      r.backend,
      s(r.wallS),
      s(r.clocksS),
      s(r.evalS),
      r.split ? `${s(r.split.setupS)} / ${s(r.split.trainingS)} / ${s(r.split.evaluationS)} (of ${s(r.split.totalS)})` : 'not reported',
      `${r.ratio.toFixed(2)}x`,
      r.ratio <= WALL_TARGET ? 'met' : 'missed',
    ]),
  );
  const out = fileURLToPath(new URL('last-wall.json', import.meta.url));
  await writeFile(out, `${JSON.stringify({ machine, target: WALL_TARGET, rows }, null, 2)}\n`);
  process.stdout.write(`\n${formatMachine(machine)}\n\n${table}\n\nwritten to ${out}\n`);
}
