/**
 * `npm run bench -- --only paper [--scale S] [--datasets mnist,fashion-mnist]
 * [--ipc 1,10] [--methods random,dc,dsa,dm,mtt,datm] [--seeds 0,1]`: the
 * distillation papers' protocols (bench/paper-config.ts) run by the lab and
 * by its PyTorch twin, beside the published numbers.
 *
 * At `--scale 1` this is the papers' own run length: days on this
 * project's 2-core machines (a ConvNet-128 dm iteration on 2,560 real
 * images takes about 6 s on one core, and DM runs 20,000). So every case
 * is one line of bench/paper-runs.jsonl, appended as it finishes, on both
 * sides (one core each, at once); a later run skips the cases the file
 * holds, and the table is printed from the file (`--table`: only that).
 * Stop it at any time.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PYTHON, streamChild, TORCH_ENV } from './child';
import {
  caseKey,
  distillSettings,
  evaluationOf,
  PAPER_DATASETS,
  PAPER_IPCS,
  PAPER_ITERATIONS,
  PAPER_METHODS,
  PAPER_MODEL,
  PAPER_PUBLISHED,
  PAPER_TRAIN,
  paperTorchCase,
  type PaperCase,
  type PaperLine,
} from './paper-config';
import { formatMachine, textTable, type Machine } from './report';

export const PAPER_FILE = fileURLToPath(new URL('paper-runs.jsonl', import.meta.url));

export interface PaperSelection {
  scale: number;
  /** Print the table from the file, run nothing (while another run fills it, say). */
  tableOnly: boolean;
  datasets: string[];
  ipcs: number[];
  methods: string[];
  seeds: number[];
}

function listOf<T extends string | number>(name: string, value: string | undefined, allowed: readonly T[]): T[] {
  if (value === undefined) return [...allowed];
  const items = value.split(',').map((v) => (typeof allowed[0] === 'number' ? Number(v) : v) as T);
  const bad = items.filter((i) => !allowed.includes(i));
  if (bad.length > 0) throw new Error(`--${name}: unknown ${bad.join(', ')}; expected ${allowed.join(', ')}`);
  return items;
}

/** The bench's options as `npm run bench` received them. */
export function paperSelection(
  values: Partial<Record<'scale' | 'datasets' | 'ipc' | 'methods' | 'seeds', string>> & { table?: boolean },
): PaperSelection {
  const scale = Number(values.scale ?? 0.01);
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale takes a share of the papers’ run, above 0 and at most 1');
  const seeds = (values.seeds ?? '0').split(',').map(Number);
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error('--seeds takes whole numbers, e.g. 0,1');
  return {
    scale,
    tableOnly: values.table ?? false,
    datasets: listOf('datasets', values.datasets, PAPER_DATASETS),
    ipcs: listOf('ipc', values.ipc, PAPER_IPCS),
    methods: listOf('methods', values.methods, PAPER_METHODS),
    seeds,
  };
}

/** The cases in the order they run: a dataset's smaller budget first, every method of it, each seed. */
function casesOf(s: PaperSelection): PaperCase[] {
  return s.ipcs.flatMap((ipc) =>
    s.datasets.flatMap((dataset) =>
      s.methods.flatMap((method) =>
        s.seeds.map((seed) => ({ dataset, ipc, method, seed, scale: s.scale }) as PaperCase),
      ),
    ),
  );
}

async function linesOnFile(): Promise<PaperLine[]> {
  const text = await readFile(PAPER_FILE, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as PaperLine);
}

function meanStd(values: number[]): string {
  if (values.length === 0) return '-';
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length < 2 ? 0 : Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  if (values.length === 1) return `${(mean * 100).toFixed(1)} (1 seed)`;
  return `${(mean * 100).toFixed(1)} ± ${(std * 100).toFixed(1)} (${values.length} seeds)`;
}

function meanOf(values: (number | undefined)[]): string {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? (known.reduce((a, b) => a + b, 0) / known.length).toFixed(0) : '-';
}

/** The table of the selection's cases the file holds. */
export function paperTable(lines: PaperLine[], s: PaperSelection): string {
  const header = ['dataset', 'IPC', 'method', 'lab %', 'PyTorch %', 'published %', 'distil s', 'experts s', 'train s'];
  const body: string[][] = [];
  for (const ipc of s.ipcs)
    for (const dataset of s.datasets)
      for (const method of s.methods) {
        const c = { dataset, ipc, method } as PaperCase;
        const of = (side: string) =>
          lines.filter(
            (l) =>
              l.side === side &&
              l.dataset === dataset &&
              l.ipc === ipc &&
              l.method === method &&
              l.scale === s.scale &&
              s.seeds.includes(l.seed),
          );
        const [lab, torch] = [of('lab'), of('torch')];
        if (lab.length + torch.length === 0) continue;
        const both = (pick: (l: PaperLine) => number | undefined) =>
          `${meanOf(lab.map(pick))} / ${meanOf(torch.map(pick))}`;
        const iterations = distillSettings(c.method, ipc, s.scale).iterations;
        const { epochs, augment } = evaluationOf(c.method);
        body.push([
          dataset,
          String(ipc),
          `${method}${iterations ? ` ${iterations} it.` : ''}, eval ${epochs} ep.${augment === 'dsa' ? ' +dsa' : ''}`,
          meanStd(lab.map((l) => l.testAcc)),
          meanStd(torch.map((l) => l.testAcc)),
          PAPER_PUBLISHED[dataset as PaperCase['dataset']][method as PaperCase['method']]?.[ipc] ?? '-',
          both((l) => l.distillSeconds),
          method === 'mtt' || method === 'datm' ? both((l) => l.expertSeconds) : '',
          both((l) => l.trainSeconds),
        ]);
      }
  return textTable(header, body);
}

export async function paperBench(machine: Machine, s: PaperSelection): Promise<void> {
  const started = performance.now();
  const done = new Set((await linesOnFile()).map((l) => caseKey(l.side, l)));
  const cases = casesOf(s);
  const missing = (side: string) => cases.filter((c) => !done.has(caseKey(side, c)));
  const [lab, torch] = s.tableOnly ? [[], []] : [missing('lab'), missing('torch')];
  if (!s.tableOnly)
    process.stderr.write(
      `paper protocols at scale ${s.scale}: ${lab.length} lab and ${torch.length} PyTorch cases to run (${cases.length * 2 - lab.length - torch.length} on file)\n`,
    );
  const keep = (line: string) => appendFile(PAPER_FILE, `${line}\n`);
  const children = await Promise.all([
    lab.length === 0
      ? null
      : streamChild(
          process.execPath,
          ['--import', 'tsx', 'bench/lab-paper.ts', JSON.stringify(lab)],
          process.env,
          keep,
        ),
    torch.length === 0
      ? null
      : streamChild(PYTHON, ['bench/torch_paper.py', JSON.stringify(torch.map(paperTorchCase))], TORCH_ENV, keep),
  ]);
  const failed = children.filter((c) => c !== null && !c.ok).map((c) => c!.error);
  const iterations = Object.entries(PAPER_ITERATIONS)
    .map(([m, n]) => `${m} ${n.toLocaleString('en-US')}`)
    .join(', ');
  const notes = [
    `ConvNet ${PAPER_MODEL.width} filters x ${PAPER_MODEL.depth} blocks (instance norm, ReLU, average pooling); the lab's packs: 8,000 train / 2,000 test images (the papers: 60,000 / 10,000)`,
    `distillation at ${s.scale} of the papers' iterations (${iterations}), real batch 256 per class, from real images; experts: see paper-config.ts`,
    `evaluation: SGD lr ${PAPER_TRAIN.lr}, momentum ${PAPER_TRAIN.momentum}, weight decay ${PAPER_TRAIN.weightDecay}, batch ${PAPER_TRAIN.batchSize}, rate / 10 at half the epochs; % is mean ± std (seeds)`,
    'published: DC, DSA and DM Table 1 (ConvNet-128 on the full sets); MTT and DATM publish no MNIST or Fashion-MNIST result',
    `seconds: lab / PyTorch, both at once on one core each${s.tableOnly ? '' : `; this run took ${((performance.now() - started) / 60000).toFixed(1)} minutes`}`,
  ];
  const lines = await linesOnFile();
  process.stdout.write(`\n${formatMachine(machine)}\n\n${paperTable(lines, s)}\n${notes.join('\n')}\n`);
  if (failed.length > 0) throw new Error(`a side stopped early: ${failed.join('; ')}`);
}
