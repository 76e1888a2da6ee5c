/**
 * `npm run bench -- --only distill`: seconds per distillation iteration of
 * distribution matching (dm) and gradient matching (dc) on MNIST, at 1 and
 * 10 images per class, ConvNet and MLP, by the engine on wasm (1 thread)
 * and by the same iteration in PyTorch (1 thread), in one run.
 *
 * `npm run bench -- --only distill-accuracy`: test accuracy after
 * distillation at 1 image per class (ConvNet), lab and PyTorch, next to
 * random real images and the published numbers.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_MODELS, type BenchModel } from './config';
import { jsonLines, PYTHON, runChild, TORCH_ENV } from './child';
import {
  DISTILL_ACCURACY,
  DISTILL_IPCS,
  DISTILL_METHODS,
  DISTILL_PARAMS,
  DISTILL_TIMING,
  distillAccuracyTorchArgs,
  distillTorchArgs,
  type DistillTiming,
} from './distill-config';
import { CORESET_TRAIN } from './coreset-config';
import { PUBLISHED_DISTILL_MNIST, PUBLISHED_DISTILL_SOURCE, PUBLISHED_MNIST, PUBLISHED_SOURCE } from './published';
import { formatMachine, textTable, type Machine } from './report';

const TIMEOUT_S = 600;
const ACCURACY_TIMEOUT_S = 1800;

type Side = DistillTiming['side'];
type TorchLine = { torch?: string; blas?: string };

async function measureSide(side: Side, model: BenchModel, machine: Machine): Promise<DistillTiming[]> {
  const child =
    side === 'lab'
      ? await runChild(process.execPath, ['--import', 'tsx', 'bench/lab-distill.ts', '--measure', '--model', model], TIMEOUT_S)
      : await runChild(PYTHON, ['bench/torch_distill.py', '--measure', ...distillTorchArgs(model, DISTILL_METHODS, DISTILL_IPCS, DISTILL_TIMING.iterations[model])], TIMEOUT_S, TORCH_ENV);
  if (!child.ok) throw new Error(`the ${side} ${model} distillation failed: ${child.error}`);
  const timings = jsonLines<DistillTiming & TorchLine>(child.stdout);
  if (side === 'torch') [machine.torch, machine.blas] = [timings[0]?.torch, timings[0]?.blas];
  return timings;
}

const key = (t: Pick<DistillTiming, 'side' | 'model' | 'method' | 'ipc'>) => `${t.side}|${t.model}|${t.method}|${t.ipc}`;

/** Each side and model once per round, the sides alternating; the fastest run of each case is kept. */
export async function distillBench(repeats: number, machine: Machine): Promise<void> {
  const best = new Map<string, DistillTiming>();
  for (let round = 1; round <= repeats; round++) {
    process.stderr.write(`round ${round} of ${repeats}\n`);
    for (const model of BENCH_MODELS) {
      for (const side of ['lab', 'torch'] as const) {
        for (const t of await measureSide(side, model, machine)) {
          process.stderr.write(`  ${side} ${model} ${t.method} ${t.ipc}/class: ${(t.secondsPerIteration * 1000).toFixed(1)} ms/iteration\n`);
          const kept = best.get(key(t));
          if (!kept || t.secondsPerIteration < kept.secondsPerIteration) best.set(key(t), t);
        }
      }
    }
  }
  machine.loadAfter = os.loadavg()[0];
  const rows = [...BENCH_MODELS].reverse().flatMap((model) =>
    DISTILL_METHODS.flatMap((method) =>
      DISTILL_IPCS.map((ipc) => {
        const lab = best.get(key({ side: 'lab', model, method, ipc }))!;
        const torch = best.get(key({ side: 'torch', model, method, ipc }))!;
        return { model, method, ipc, iterations: lab.iterations, labSeconds: lab.secondsPerIteration, torchSeconds: torch.secondsPerIteration, ratio: lab.secondsPerIteration / torch.secondsPerIteration };
      }),
    ),
  );
  const out = fileURLToPath(new URL('last-distill.json', import.meta.url));
  await writeFile(out, `${JSON.stringify({ machine, params: DISTILL_PARAMS, timing: DISTILL_TIMING, repeats, rows }, null, 2)}\n`);

  const header = ['model', 'method', 'IPC', 'iterations timed', 'lab s/it', 'PyTorch s/it', 'lab/PyTorch'];
  const body = rows.map((r) => [r.model, r.method, String(r.ipc), String(r.iterations), r.labSeconds.toFixed(3), r.torchSeconds.toFixed(3), `${r.ratio.toFixed(2)}x`]);
  const { realBatch, dc } = DISTILL_PARAMS;
  const notes = [
    `real batch ${realBatch} per class; dc outer loop ${dc.outerLoop}, inner loop ${dc.innerLoop} (no inner step runs after the last outer one)`,
    `lab: runExperiment on wasm (1 thread), overhead.distill / iterations after a ${DISTILL_TIMING.warmUpIterations}-iteration warm-up run; PyTorch: bench/torch_distill.py, 1 thread, after ${DISTILL_TIMING.warmUpIterations} warm-up iterations`,
    `${repeats > 1 ? `best of ${repeats}` : 'one run'} each`,
  ];
  process.stdout.write(`\n${formatMachine(machine)}\n\n${textTable(header, body)}\n${notes.join('\n')}\n\nwritten to ${out}\n`);
}

interface AccuracyLine {
  side: Side;
  method: string;
  seed: number;
  testAcc: number;
  distillSeconds: number;
}

function meanStd(values: number[]): string {
  if (values.length === 0) return '-';
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length < 2 ? 0 : Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return `${(mean * 100).toFixed(1)} ± ${(std * 100).toFixed(1)}`;
}

/** Lab and PyTorch side by side (one core each): accuracy only, no time is compared. */
export async function distillAccuracyBench(machine: Machine): Promise<void> {
  const started = performance.now();
  const [lab, torch] = await Promise.all([
    runChild(process.execPath, ['--import', 'tsx', 'bench/lab-distill.ts', '--accuracy'], ACCURACY_TIMEOUT_S, process.env, true),
    runChild(PYTHON, ['bench/torch_distill.py', '--accuracy', ...distillAccuracyTorchArgs()], ACCURACY_TIMEOUT_S, TORCH_ENV, true),
  ]);
  if (!lab.ok) throw new Error(`lab failed: ${lab.error}`);
  if (!torch.ok) throw new Error(`PyTorch failed: ${torch.error}`);
  const torchLines = jsonLines<AccuracyLine & TorchLine>(torch.stdout);
  [machine.torch, machine.blas] = [torchLines[0]?.torch, torchLines[0]?.blas];
  const lines = [...jsonLines<AccuracyLine>(lab.stdout), ...torchLines];
  const minutes = (performance.now() - started) / 60000;
  machine.loadAfter = os.loadavg()[0];

  const { model, ipc, methods, iterations, epochs, seeds } = DISTILL_ACCURACY;
  const of = (side: Side, method: string) => lines.filter((l) => l.side === side && l.method === method);
  const header = ['method', 'IPC', 'model', 'lab %', 'PyTorch %', 'published %', 'distil s (lab / PyTorch)'];
  const seconds = (ls: AccuracyLine[]) => (ls.length ? (ls.reduce((a, l) => a + l.distillSeconds, 0) / ls.length).toFixed(0) : '-');
  const body = [
    ['random', String(ipc), model, meanStd(of('lab', 'random').map((l) => l.testAcc)), '(coreset bench)', `${PUBLISHED_MNIST.random[ipc].mean} ± ${PUBLISHED_MNIST.random[ipc].std}`, ''],
    ...methods.map((m) => {
      const published = PUBLISHED_DISTILL_MNIST[m][ipc];
      return [`${m} (${iterations[m]} it.)`, String(ipc), model, meanStd(of('lab', m).map((l) => l.testAcc)), meanStd(of('torch', m).map((l) => l.testAcc)), `${published.mean} ± ${published.std}`, `${seconds(of('lab', m))} / ${seconds(of('torch', m))}`];
    }),
  ];
  const { batchSize, lr, momentum, weightDecay } = CORESET_TRAIN;
  const notes = [
    `MNIST pack (8,000 train / 2,000 test); distillation as in --only distill (real batch ${DISTILL_PARAMS.realBatch} per class), from real images; then ${epochs} epochs on the distilled set, SGD lr ${lr} cosine per step, momentum ${momentum}, weight decay ${weightDecay}, batch ${batchSize}; seeds ${seeds.join(', ')}`,
    `published: ${PUBLISHED_DISTILL_SOURCE}; random: ${PUBLISHED_SOURCE}`,
    `both sides ran at once, 1 thread each: ${minutes.toFixed(1)} minutes`,
  ];
  const out = fileURLToPath(new URL('last-distill-accuracy.json', import.meta.url));
  await writeFile(out, `${JSON.stringify({ machine, accuracy: DISTILL_ACCURACY, params: DISTILL_PARAMS, train: CORESET_TRAIN, lines }, null, 2)}\n`);
  process.stdout.write(`\n${formatMachine(machine)}\n\n${textTable(header, body)}\n${notes.join('\n')}\n\nwritten to ${out}\n`);
}
