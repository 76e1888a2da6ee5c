/**
 * `npm run bench -- --only repeat [--repeat N] [--root DIR] [--skip-browser]`:
 * does the same click give the same speed-up? Runs the page's default
 * comparison and the Fashion-MNIST RS2 preset N times (default 5) from the
 * CLI, each in a process of its own, and N times in Chromium, clicked again
 * and again in one page, all on wasm; prints each row's wall-clock speed-up
 * against full data as min / median / max and max/min, and its steps
 * speed-up the same way (which must not move).
 *
 * `--root DIR` runs the CLI and builds the page of another checkout of the
 * lab (e.g. a worktree of an earlier commit, with node_modules linked) on
 * the same machine, so that a change is measured before and after in one
 * session. A lab without steps to target gives '-' for them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './child';
import { formatMachine, textTable, type Machine } from './report';
import { defaultConfig } from '../src/engine/config';
import type { LabConfig } from '../src/core/settings/config';
import { presets } from '../src/engine/presets';
import type { ExperimentResult } from '../src/core/results/types';
import { clickRuns, speedupsOf, type Speedups } from './repeat-page';

/**
 * A comparison as the bench runs it: on wasm, the backend every machine has,
 * so that the CLI and the page time the same kernels; without `repeats`,
 * which a lab from before it would refuse (each click is one timing).
 */
function asClicked({ repeats: _, ...config }: LabConfig): Record<string, unknown> {
  return { ...config, backend: 'wasm' };
}

export const REPEAT_CASES: { name: string; config: Record<string, unknown> }[] = [
  { name: 'default (MNIST, MLP, 10%)', config: asClicked(defaultConfig()) },
  {
    name: 'RS2 against coresets (Fashion-MNIST, MLP, 10%, target 80%)',
    config: asClicked(presets().find((p) => p.id === 'rs2-vs-coresets')!.state.config),
  },
];

/** "min / median / max (max/min)" of the values, or "-" where some click had none. */
export function spreadText(values: (number | null)[]): string {
  if (values.length === 0 || values.some((v) => v === null)) return '-';
  const sorted = (values as number[]).slice().sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const min = sorted[0];
  const max = sorted.at(-1)!;
  return `${min.toFixed(2)} / ${median.toFixed(2)} / ${max.toFixed(2)} (${min > 0 ? (max / min).toFixed(2) : '-'})`;
}

async function cliRuns(root: string, config: unknown, times: number, dir: string): Promise<Speedups[]> {
  const file = join(dir, 'config.json');
  const out = join(dir, 'results.json');
  await writeFile(file, JSON.stringify(config));
  const clicks: Speedups[] = [];
  for (let i = 0; i < times; i++) {
    const cli = await runChild(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'run', file, '--out', out],
      900,
    );
    if (!cli.ok) throw new Error(`the CLI in ${root} failed: ${cli.error}`);
    clicks.push(speedupsOf(JSON.parse(await readFile(out, 'utf8')) as ExperimentResult));
  }
  return clicks;
}

interface RepeatRow {
  comparison: string;
  where: string;
  label: string;
  time: string;
  steps: string;
}

function rowsOf(comparison: string, where: string, clicks: Speedups[]): RepeatRow[] {
  const labels = [...(clicks[0]?.keys() ?? [])].filter((label) => label !== 'full');
  return labels.map((label) => ({
    comparison,
    where,
    label,
    time: spreadText(clicks.map((click) => click.get(label)?.time ?? null)),
    steps: spreadText(clicks.map((click) => click.get(label)?.steps ?? null)),
  }));
}

export async function repeatBench(
  machine: Machine,
  options: { times: number; root?: string; browser: boolean },
): Promise<void> {
  const root = options.root ?? fileURLToPath(new URL('..', import.meta.url));
  const dir = await mkdtemp(join(os.tmpdir(), 'lab-repeat-'));
  const rows: RepeatRow[] = [];
  try {
    for (const { name, config } of REPEAT_CASES) {
      process.stderr.write(`${name}: ${options.times} CLI runs (${root})...\n`);
      rows.push(
        ...rowsOf(name, `CLI (${options.root ? root : 'this tree'})`, await cliRuns(root, config, options.times, dir)),
      );
      if (options.browser) {
        process.stderr.write(`${name}: ${options.times} clicks in Chromium...\n`);
        rows.push(
          ...rowsOf(
            name,
            `Chromium page (${options.root ? root : 'this tree'})`,
            await clickRuns(root, config, options.times),
          ),
        );
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  machine.loadAfter = os.loadavg()[0];
  const table = textTable(
    [
      'comparison',
      'where',
      'row',
      'speed-up, wall clock: min / median / max (max/min)',
      'speed-up, steps: min / median / max (max/min)',
    ],
    rows.map((r) => [r.comparison, r.where, r.label, r.time, r.steps]),
  );
  const out = fileURLToPath(new URL('last-repeat.json', import.meta.url));
  await writeFile(out, `${JSON.stringify({ machine, times: options.times, root, rows }, null, 2)}\n`);
  process.stdout.write(`\n${formatMachine(machine)}\n\n${table}\n\nwritten to ${out}\n`);
}
