/**
 * `npm run bench -- --only sweep`: a budget sweep as a researcher runs it
 * (the lab's CLI on a config with `budgets` and fair evaluation on, wasm),
 * beside its PyTorch twins on the same recipe (bench/torch_coreset.py for
 * random and herding, bench/torch_distill.py for dm and mtt; their matched
 * random is the random row at the same budget). Accuracy only: the sides
 * run at the same time, one core each.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ExperimentResult, RunResult } from '../src/core/results/types';
import { jsonLines, PYTHON, runChild, TORCH_KEPT_MEMORY_ENV } from './child';
import { formatMachine, textTable, type Machine } from './report';
import { SWEEP, sweepCoresetTorchArgs, sweepDistillTorchArgs, sweepLabConfig } from './sweep-config';

const TIMEOUT_S = 4 * 3600;

interface TorchLine {
  method: string;
  ipc: number;
  seed: number;
  testAcc: number;
  distillSeconds?: number;
  torch?: string;
  blas?: string;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) =>
  xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));
const percent = (xs: number[]) =>
  xs.length === 0 ? '-' : `${(mean(xs) * 100).toFixed(1)} ± ${(std(xs) * 100).toFixed(1)}`;
const points = (xs: number[]) =>
  xs.length === 0 ? '-' : `${mean(xs) >= 0 ? '+' : ''}${(mean(xs) * 100).toFixed(1)} ± ${(std(xs) * 100).toFixed(1)}`;

async function labSide(): Promise<{ result: ExperimentResult; seconds: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lab-sweep-'));
  const config = path.join(dir, 'sweep.json');
  const out = path.join(dir, 'results.json');
  await writeFile(config, JSON.stringify(sweepLabConfig()));
  const started = performance.now();
  const child = await runChild(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'run', config, '--out', out],
    TIMEOUT_S,
    process.env,
    true,
  );
  if (!child.ok) throw new Error(`lab failed: ${child.error}`);
  process.stderr.write(child.stdout);
  return { result: JSON.parse(await readFile(out, 'utf8')), seconds: (performance.now() - started) / 1000 };
}

async function torchSide(): Promise<{ lines: TorchLine[]; seconds: number }> {
  const started = performance.now();
  const lines: TorchLine[] = [];
  for (const [script, args] of [
    ['bench/torch_coreset.py', sweepCoresetTorchArgs()],
    ['bench/torch_distill.py', sweepDistillTorchArgs()],
  ] as const) {
    const child = await runChild(PYTHON, [script, ...args], TIMEOUT_S, TORCH_KEPT_MEMORY_ENV, true);
    if (!child.ok) throw new Error(`PyTorch ${script} failed: ${child.error}`);
    lines.push(...jsonLines<TorchLine>(child.stdout));
  }
  return { lines, seconds: (performance.now() - started) / 1000 };
}

export async function sweepBench(machine: Machine): Promise<void> {
  const [lab, torch] = await Promise.all([labSide(), torchSide()]);
  [machine.torch, machine.blas] = [torch.lines[0]?.torch, torch.lines[0]?.blas];
  machine.loadAfter = os.loadavg()[0];
  const labRuns = (method: string, ipc: number): RunResult[] =>
    lab.result.runs.filter((r) => r.method === method && r.budget?.ipc === ipc && !r.diverged);
  const torchRuns = (method: string, ipc: number) => torch.lines.filter((l) => l.method === method && l.ipc === ipc);
  const bySeed = (lines: TorchLine[], seed: number) => lines.find((l) => l.seed === seed)?.testAcc;
  const body = SWEEP.ipcs.flatMap((ipc) =>
    [...SWEEP.real, ...SWEEP.distilled].map((method) => {
      const own = labRuns(method, ipc);
      const twin = torchRuns(method, ipc);
      const distilled = (SWEEP.distilled as readonly string[]).includes(method);
      // PyTorch's matched random: its random row at the same budget and seed (the same recipe, hard labels).
      const twinGains = twin.flatMap((l) => {
        const random = bySeed(torchRuns('random', ipc), l.seed);
        return random === undefined ? [] : [l.testAcc - random];
      });
      return [
        method,
        String(ipc),
        percent(own.map((r) => r.finalTestAcc)),
        percent(twin.map((l) => l.testAcc)),
        distilled ? points(own.flatMap((r) => (r.fair ? [r.finalTestAcc - r.fair.randomAcc] : []))) : '',
        distilled ? points(twinGains) : '',
        distilled
          ? `${mean(own.map((r) => (r.overhead.distill ?? 0) / 1000)).toFixed(0)} / ${mean(twin.map((l) => l.distillSeconds ?? 0)).toFixed(0)}`
          : '',
      ];
    }),
  );
  const { iterations, epochs, seeds, mttExperts } = SWEEP;
  console.log(
    [
      `MNIST budget sweep, MLP (256 x 1), lab (CLI, wasm, fair evaluation on) beside PyTorch on the same recipe; ${formatMachine(machine)}`,
      `Every budget trains ${epochs} epochs (SGD 0.01, momentum 0.9, wd 5e-4, batch 64, cosine); dm ${iterations.dm} iterations, mtt ${iterations.mtt} (${mttExperts.experts} experts x ${mttExperts.expertEpochs} epochs); seeds ${seeds.join(', ')}.`,
      'Accuracy is the same with fair evaluation off (its controls train after each run, off its clock; test/unit/engine/experiment/fair-evaluation.test.ts).',
      textTable(
        [
          'method',
          'IPC',
          'lab %',
          'PyTorch %',
          'lab gain over matched random (pts)',
          'PyTorch gain over its random (pts)',
          'distil s (lab / PyTorch)',
        ],
        body,
      ),
      `lab ${(lab.seconds / 60).toFixed(1)} min (the whole sweep, ${lab.result.runs.length} runs and their controls); PyTorch ${(torch.seconds / 60).toFixed(1)} min; run at the same time, one core each.`,
    ].join('\n'),
  );
}
