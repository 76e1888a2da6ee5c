/** The bench's output: one row per measurement, the machine it ran on, and the printed table. */
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { EPOCH_STEPS, type BenchModel } from './config';

export interface Row {
  /** e.g. "lab Node wasm", "lab Chromium worker webgl", "PyTorch CPU". */
  where: string;
  model: BenchModel;
  /** Seconds per epoch (extrapolated when `steps` < a full epoch); null when skipped. */
  seconds: number | null;
  /** Test accuracy after the epoch; null when capped or skipped. */
  testAcc: number | null;
  /** Threads the computation used, "gpu" for webgl/webgpu, "-" when skipped. */
  threads: string;
  /** Training steps actually timed. */
  steps: number;
  /** Extrapolation, adapter, or why the row was skipped. */
  note: string;
}

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  /** 1-minute load average before and after: other work on the machine skews every number. */
  loadBefore: number;
  loadAfter?: number;
  node: string;
  tfjs: string;
  /** The lab's own kernel replacements in the tree (src/engine/runtime/kernels). */
  labKernels: string[];
  chromium?: string;
  /** The GPU adapter behind each GPU backend, or why there is none. */
  gpus: Record<string, string>;
  torch?: string;
  blas?: string;
  /** The lab's code measured: the commit, and whether the engine or its kernels differ from it. */
  engine: string;
}

/** The commit, plus "with uncommitted engine changes" when src/engine or wasm/ differ from it. */
function engineVersion(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: new URL('..', import.meta.url), encoding: 'utf8' }).trim();
  try {
    const dirty = git('status', '--porcelain', '--', 'src/engine', 'wasm') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted engine changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export async function describeMachine(): Promise<Machine> {
  const tfjs = JSON.parse(
    await readFile(new URL('../node_modules/@tensorflow/tfjs/package.json', import.meta.url), 'utf8'),
  ) as {
    version: string;
  };
  const kernels = await readdir(new URL('../src/engine/runtime/kernels/', import.meta.url));
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadBefore: os.loadavg()[0],
    node: process.version,
    tfjs: tfjs.version,
    labKernels: kernels
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.generated.ts'))
      .map((f) => f.replace(/\.ts$/, '')),
    gpus: {},
    engine: engineVersion(),
  };
}

export function skippedRow(where: string, model: BenchModel, reason: string): Row {
  return { where, model, seconds: null, testAcc: null, threads: '-', steps: 0, note: `skipped: ${reason}` };
}

/** Lab seconds over PyTorch's, for the same model at the given thread count. */
function ratio(row: Row, rows: Row[], threads: string): string {
  const torch = rows.find((r) => r.where === 'PyTorch CPU' && r.model === row.model && r.threads === threads);
  if (row.seconds === null || !torch?.seconds || row.where === 'PyTorch CPU') return '';
  return `${(row.seconds / torch.seconds).toFixed(1)}x`;
}

export function formatTable(rows: Row[], cores: number): string {
  const allThreads = String(cores);
  const header = [
    'where',
    'model',
    's/epoch',
    'test acc',
    'threads',
    'lab/PyTorch 1 thr',
    `lab/PyTorch ${allThreads} thr`,
    'note',
  ];
  const body = rows.map((r) => [
    r.where,
    r.model,
    r.seconds === null ? '-' : `${r.seconds.toFixed(2)}${r.steps < EPOCH_STEPS ? '*' : ''}`,
    r.testAcc === null ? '-' : `${(r.testAcc * 100).toFixed(2)}%`,
    r.threads,
    ratio(r, rows, '1'),
    cores > 1 ? ratio(r, rows, allThreads) : '',
    r.note,
  ]);
  return `${textTable(header, body)}\n* extrapolated to ${EPOCH_STEPS} steps from the steps timed (see note)`;
}

/** Columns padded to their widest cell, a rule under the header. */
export function textTable(header: string[], body: string[][]): string {
  const table = [header, ...body];
  const widths = header.map((_, c) => Math.max(...table.map((line) => line[c].length)));
  const lines = table.map((line) =>
    line
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

export function formatMachine(m: Machine): string {
  return [
    `date ${m.date}`,
    `cpu ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; load average ${m.loadBefore.toFixed(2)} before, ${m.loadAfter?.toFixed(2) ?? '?'} after`,
    `lab ${m.engine}; node ${m.node}, tfjs ${m.tfjs}, lab kernels: ${m.labKernels.join(', ') || 'none'}`,
    `chromium ${m.chromium ?? '-'}`,
    ...Object.entries(m.gpus).map(([where, gpu]) => `${where}: ${gpu}`),
    `torch ${m.torch ?? '-'}, BLAS ${m.blas ?? '-'}`,
  ].join('\n');
}
