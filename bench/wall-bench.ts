/**
 * `npm run bench -- --only wall`: what a user waits on against what the runs'
 * clocks show. Runs the page's default comparison and spam (text model, 10%,
 * 5 epochs) and compares the time waited with the sum of the runs' training
 * clocks (overhead + training; evaluation excluded). Target: at most 1.3x.
 *
 * Each comparison is measured twice over:
 * - through the CLI in a process of its own: the process's wall time, from
 *   spawn to exit (Node start included), and the engine's own total
 *   (`result.wall`: data, backend, warm-up, training, evaluation);
 * - as the page's next click: run twice in one process (dataset prepared,
 *   backend up, as the page's worker keeps them), the second run's total.
 * The target is judged on the engine's totals, which are what the page waits
 * on; the process's start is Node's and tsx's, not the lab's.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonLines, runChild } from './child';
import { formatMachine, textTable, type Machine } from './report';
import { defaultConfig } from '../src/engine/config';
import type { ExperimentResult } from '../src/core/results/types';

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
  /** How it was measured: a new CLI process, or the page's next click. */
  measured: 'CLI, new process' | 'next click, same process';
  backend: string;
  /** The new process's spawn-to-exit time, where it is one. */
  processS?: number;
  /** Sum over runs of overhead + training (the runs' clocks). */
  clocksS: number;
  evalS: number;
  /** The engine's own split. */
  split: { totalS: number; setupS: number; trainingS: number; evaluationS: number };
  /** The engine's total over the runs' clocks. */
  ratio: number;
}

function row(name: string, measured: WallRow['measured'], result: ExperimentResult, processS?: number): WallRow {
  const clocksS = result.runs.reduce((s, r) => s + r.overheadMs + r.trainMs, 0) / 1000;
  const evalS = result.runs.reduce((s, r) => s + r.evalMs, 0) / 1000;
  const { wall } = result;
  const split = {
    totalS: wall.totalMs / 1000,
    setupS: wall.setupMs / 1000,
    trainingS: wall.trainingMs / 1000,
    evaluationS: wall.evaluationMs / 1000,
  };
  return { name, measured, backend: result.backend, processS, clocksS, evalS, split, ratio: split.totalS / clocksS };
}

async function measure(name: string, config: unknown, dir: string): Promise<WallRow[] | string> {
  const file = join(dir, 'config.json');
  const out = join(dir, 'results.json');
  await writeFile(file, JSON.stringify(config));
  const started = performance.now();
  const cli = await runChild(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', file, '--out', out], 900);
  const processS = (performance.now() - started) / 1000;
  if (!cli.ok) return `${name}: the CLI failed: ${cli.error}`;
  const cold = JSON.parse(await readFile(out, 'utf8')) as ExperimentResult;
  const repeat = await runChild(process.execPath, ['--import', 'tsx', 'bench/lab-wall-repeat.ts', file], 900);
  if (!repeat.ok) return `${name}: the repeated run failed: ${repeat.error}`;
  const [again] = jsonLines<ExperimentResult>(repeat.stdout);
  return [row(name, 'CLI, new process', cold, processS), row(name, 'next click, same process', again)];
}

export async function wallBench(machine: Machine): Promise<void> {
  const dir = await mkdtemp(join(os.tmpdir(), 'lab-wall-'));
  const rows: WallRow[] = [];
  try {
    for (const { name, config } of WALL_CASES) {
      process.stderr.write(`${name}...\n`);
      const measured = await measure(name, config, dir);
      if (typeof measured === 'string') process.stderr.write(`${measured}\n`);
      else rows.push(...measured);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  machine.loadAfter = os.loadavg()[0];
  const s = (x: number) => x.toFixed(1);
  const table = textTable(
    [
      'comparison',
      'measured',
      'backend',
      'process s',
      'engine s (set-up / training / evaluation)',
      "runs' clocks s",
      'engine / clocks',
      `target <= ${WALL_TARGET}x`,
    ],
    rows.map((r) => [
      r.name,
      r.measured,
      r.backend,
      r.processS === undefined ? '-' : s(r.processS),
      `${s(r.split.totalS)} (${s(r.split.setupS)} / ${s(r.split.trainingS)} / ${s(r.split.evaluationS)})`,
      s(r.clocksS),
      `${r.ratio.toFixed(2)}x`,
      r.ratio <= WALL_TARGET ? 'met' : 'missed',
    ]),
  );
  const out = fileURLToPath(new URL('last-wall.json', import.meta.url));
  await writeFile(out, `${JSON.stringify({ machine, target: WALL_TARGET, rows }, null, 2)}\n`);
  process.stdout.write(`\n${formatMachine(machine)}\n\n${table}\n\nwritten to ${out}\n`);
}
