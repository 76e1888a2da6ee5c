/**
 * `npm run bench -- --only distill`: seconds per distillation iteration of
 * distribution matching (dm), gradient matching (dc) and trajectory
 * matching (mtt, datm) on MNIST, at 1 and 10 images per class, ConvNet and MLP,
 * by the engine on wasm (1 thread) and by the same iteration in PyTorch (1
 * thread; with glibc's malloc as it comes and keeping freed memory), in one
 * run.
 *
 * `npm run bench -- --only distill-accuracy`: test accuracy after
 * distillation at 1 image per class (ConvNet), lab and PyTorch, next to
 * random real images and the published numbers.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_MODELS, type BenchModel } from './config';
import { jsonLines, PYTHON, runChild, TORCH_ENV, TORCH_KEPT_MEMORY_ENV } from './child';
import {
  AUTHORS_ITERATIONS,
  DISTILL_ACCURACY,
  DISTILL_IPCS,
  DISTILL_METHODS,
  DISTILL_PARAMS,
  DISTILL_TIMING,
  distillAccuracyTorchArgs,
  distillTorchArgs,
  isTrajectory,
  type DistillMethod,
  type DistillTiming,
} from './distill-config';
import { CORESET_TRAIN } from './coreset-config';
import {
  PUBLISHED_DISTILL_MNIST,
  PUBLISHED_DISTILL_SOURCE,
  PUBLISHED_MNIST,
  PUBLISHED_TRAJECTORY_NOTE,
  PUBLISHED_SOURCE,
} from './published';
import { formatMachine, textTable, type Machine } from './report';

const TIMEOUT_S = 600;
const ACCURACY_TIMEOUT_S = 1800;

type Side = DistillTiming['side'];
type TorchLine = { torch?: string; blas?: string };

/** `fallback`: per trajectory method, the budgets (IPC) the lab timed at fewer steps than its default, and those steps. */
type Fallback = Partial<Record<DistillMethod, Record<number, number>>>;

async function measureSide(
  side: Side,
  model: BenchModel,
  machine: Machine,
  fallback: Fallback = {},
): Promise<DistillTiming[]> {
  const extra = Object.keys(fallback).length > 0 ? ['--fallback-steps', JSON.stringify(fallback)] : [];
  const child =
    side === 'lab'
      ? await runChild(
          process.execPath,
          ['--import', 'tsx', 'bench/lab-distill.ts', '--measure', '--model', model],
          TIMEOUT_S,
        )
      : await runChild(
          PYTHON,
          [
            'bench/torch_distill.py',
            '--measure',
            ...distillTorchArgs(model, DISTILL_METHODS, DISTILL_IPCS, DISTILL_TIMING.iterations[model]),
            ...extra,
          ],
          TIMEOUT_S,
          side === 'torch' ? TORCH_ENV : TORCH_KEPT_MEMORY_ENV,
        );
  if (!child.ok) throw new Error(`the ${side} ${model} distillation failed: ${child.error}`);
  // The script calls itself torch either way; NaN (JSON's null) marks a refused case.
  const timings = jsonLines<DistillTiming & TorchLine>(child.stdout).map((t) => ({
    ...t,
    side,
    secondsPerIteration: t.secondsPerIteration ?? NaN,
  }));
  if (side !== 'lab') [machine.torch, machine.blas] = [timings[0]?.torch, timings[0]?.blas];
  return timings;
}

type Case = Pick<DistillTiming, 'side' | 'model' | 'method' | 'ipc' | 'syntheticSteps'>;
const key = (t: Case) => `${t.side}|${t.model}|${t.method}|${t.ipc}|${t.syntheticSteps ?? ''}`;
const seconds = (t: DistillTiming | undefined) =>
  t === undefined ? '-' : t.refused !== undefined ? 'refused' : t.secondsPerIteration.toFixed(3);

/** Each side and model once per round, the sides alternating; the fastest run of each case is kept. */
export async function distillBench(repeats: number, machine: Machine): Promise<void> {
  const best = new Map<string, DistillTiming>();
  const keep = (t: DistillTiming) => {
    const kept = best.get(key(t));
    if (
      !kept ||
      kept.refused !== undefined ||
      (t.refused === undefined && t.secondsPerIteration < kept.secondsPerIteration)
    )
      best.set(key(t), t);
  };
  // The unrolled steps each trajectory case was timed at, by model, method and budget.
  const stepsSeen = new Map<string, Set<number>>();
  for (let round = 1; round <= repeats; round++) {
    process.stderr.write(`round ${round} of ${repeats}\n`);
    for (const model of BENCH_MODELS) {
      const fallback: Fallback = {};
      for (const side of ['lab', 'torch', 'torch-kept'] as const) {
        const timings = await measureSide(side, model, machine, fallback);
        for (const t of timings) {
          const steps = t.syntheticSteps === undefined ? '' : ` (${t.syntheticSteps} steps)`;
          const took =
            t.refused !== undefined
              ? `refused: ${t.refused}`
              : `${(t.secondsPerIteration * 1000).toFixed(1)} ms/iteration`;
          process.stderr.write(`  ${side} ${model} ${t.method}${steps} ${t.ipc}/class: ${took}\n`);
          keep(t);
          if (t.syntheticSteps !== undefined) {
            const seen = stepsSeen.get(`${model}|${t.method}|${t.ipc}`) ?? new Set<number>();
            stepsSeen.set(`${model}|${t.method}|${t.ipc}`, seen.add(t.syntheticSteps));
          }
          // The steps at which the lab timed a method instead of its refused default: PyTorch times those too.
          if (
            side === 'lab' &&
            isTrajectory(t.method) &&
            t.refused === undefined &&
            t.syntheticSteps !== DISTILL_PARAMS[t.method].syntheticSteps
          ) {
            fallback[t.method] = { ...fallback[t.method], [t.ipc]: t.syntheticSteps! };
          }
        }
      }
    }
  }
  machine.loadAfter = os.loadavg()[0];
  const rows = [...BENCH_MODELS].reverse().flatMap((model) =>
    DISTILL_METHODS.flatMap((method) =>
      DISTILL_IPCS.flatMap((ipc) => {
        const variants: (number | undefined)[] = isTrajectory(method)
          ? [...(stepsSeen.get(`${model}|${method}|${ipc}`) ?? [])].sort((a, b) => b - a)
          : [undefined];
        return variants.map((syntheticSteps) => {
          const lab = best.get(key({ side: 'lab', model, method, ipc, syntheticSteps }));
          const torch = best.get(key({ side: 'torch', model, method, ipc, syntheticSteps }));
          const kept = best.get(key({ side: 'torch-kept', model, method, ipc, syntheticSteps }));
          const ratio = (other: DistillTiming | undefined) =>
            lab && other && lab.refused === undefined ? lab.secondsPerIteration / other.secondsPerIteration : NaN;
          return {
            model,
            method,
            ipc,
            syntheticSteps,
            iterations: (lab ?? torch ?? kept)!.iterations,
            labSeconds: lab?.secondsPerIteration ?? NaN,
            labRefused: lab?.refused,
            torchSeconds: torch?.secondsPerIteration ?? NaN,
            ratio: ratio(torch),
            torchKeptSeconds: kept?.secondsPerIteration ?? NaN,
            ratioKept: ratio(kept),
            lab,
            torch,
            kept,
          };
        });
      }),
    ),
  );
  const out = fileURLToPath(new URL('last-distill.json', import.meta.url));
  const json = rows.map(({ lab: _lab, torch: _torch, kept: _kept, ...row }) => row);
  await writeFile(
    out,
    `${JSON.stringify({ machine, params: DISTILL_PARAMS, timing: DISTILL_TIMING, repeats, rows: json }, null, 2)}\n`,
  );

  const header = [
    'model',
    'method',
    'IPC',
    'iterations timed',
    'lab s/it',
    'PyTorch s/it',
    'lab/PyTorch',
    'PyTorch s/it, memory kept',
    'lab/that',
    'lab step check, s',
  ];
  const times = (ratio: number) => (Number.isNaN(ratio) ? '-' : `${ratio.toFixed(2)}x`);
  const body = rows.map((r) => [
    r.model,
    r.syntheticSteps === undefined ? r.method : `${r.method} (${r.syntheticSteps} steps)`,
    String(r.ipc),
    String(r.iterations),
    seconds(r.lab),
    seconds(r.torch),
    times(r.ratio),
    seconds(r.kept),
    times(r.ratioKept),
    r.lab?.stepCheckSeconds === undefined ? '-' : r.lab.stepCheckSeconds.toFixed(3),
  ]);
  const { realBatch, dc, mtt, datm } = DISTILL_PARAMS;
  const { experts, expertEpochs } = DISTILL_TIMING.experts;
  const refusals = [
    ...new Set(rows.flatMap((r) => (r.labRefused ? [`${r.method} ${r.model} ${r.ipc}/class: ${r.labRefused}`] : []))),
  ];
  const notes = [
    `real batch ${realBatch} per class; dc outer loop ${dc.outerLoop}, inner loop ${dc.innerLoop} (no inner step runs after the last outer one)`,
    `mtt with the engine's defaults: ${mtt.syntheticSteps} unrolled student steps on the whole synthetic set, expert span ${mtt.expertSpan} epoch(s), images lr ${mtt.lrImages}, student rate from ${mtt.studentLr} (lr ${mtt.lrRate})`,
    `datm with the engine's defaults: as mtt (${datm.syntheticSteps} steps, span ${datm.expertSpan}), plus soft labels from the experts' logits (lr ${datm.lrLabels}, momentum 0.9), a '${datm.startWindow}' start window growing over ${datm.windowGrowth} of the iterations, no update above loss ${datm.lossThreshold}`,
    `their time excludes the experts (${experts} expert x ${expertEpochs} epoch(s), lr ${mtt.expertLr}, batch ${mtt.expertBatch}, trained off the clock on both sides)`,
    ...refusals.map((r) => `lab refused ${r}; timed at ${DISTILL_TIMING.fallbackSteps} steps on both sides instead`),
    `lab: runExperiment on wasm (1 thread): after a ${DISTILL_TIMING.warmUpIterations}-iteration warm-up run, a run of ${DISTILL_TIMING.warmUpIterations} iterations and one of ${DISTILL_TIMING.warmUpIterations} + "iterations timed"; s/it is their overhead.distill's difference over the extra iterations (steady iterations), and "step check" what the lab's first iteration adds checking its step sizes (stable-rate.ts; PyTorch has no such check); PyTorch: bench/torch_distill.py, 1 thread, after ${DISTILL_TIMING.warmUpIterations} warm-up iterations`,
    `PyTorch, memory kept: the same script with glibc's malloc keeping freed memory (MALLOC_MMAP_THRESHOLD_=${TORCH_KEPT_MEMORY_ENV.MALLOC_MMAP_THRESHOLD_}, MALLOC_TRIM_THRESHOLD_=${TORCH_KEPT_MEMORY_ENV.MALLOC_TRIM_THRESHOLD_}, MALLOC_TOP_PAD_=${TORCH_KEPT_MEMORY_ENV.MALLOC_TOP_PAD_}); by default it maps large activations afresh each time`,
    `${repeats > 1 ? `best of ${repeats}` : 'one run'} each`,
  ];
  process.stdout.write(
    `\n${formatMachine(machine)}\n\n${textTable(header, body)}\n${notes.join('\n')}\n\nwritten to ${out}\n`,
  );
}

interface AccuracyLine {
  side: Side;
  method: string;
  seed: number;
  testAcc: number;
  distillSeconds: number;
  /** mtt: the expert buffer's training, apart from the distillation. */
  expertSeconds?: number;
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
    runChild(
      process.execPath,
      ['--import', 'tsx', 'bench/lab-distill.ts', '--accuracy'],
      ACCURACY_TIMEOUT_S,
      process.env,
      true,
    ),
    // No time is compared here: PyTorch keeps its freed memory, which makes its experts about 2x faster.
    runChild(
      PYTHON,
      ['bench/torch_distill.py', '--accuracy', ...distillAccuracyTorchArgs()],
      ACCURACY_TIMEOUT_S,
      TORCH_KEPT_MEMORY_ENV,
      true,
    ),
  ]);
  if (!lab.ok) throw new Error(`lab failed: ${lab.error}`);
  if (!torch.ok) throw new Error(`PyTorch failed: ${torch.error}`);
  const torchLines = jsonLines<AccuracyLine & TorchLine>(torch.stdout);
  [machine.torch, machine.blas] = [torchLines[0]?.torch, torchLines[0]?.blas];
  const lines = [...jsonLines<AccuracyLine>(lab.stdout), ...torchLines];
  const minutes = (performance.now() - started) / 60000;
  machine.loadAfter = os.loadavg()[0];

  const { model, ipc, methods, iterations, mttExperts, epochs, seeds } = DISTILL_ACCURACY;
  const of = (side: Side, method: string) => lines.filter((l) => l.side === side && l.method === method);
  const header = [
    'method',
    'IPC',
    'model',
    'lab %',
    'PyTorch %',
    'published %',
    'distil s (lab / PyTorch)',
    'experts s (lab / PyTorch)',
  ];
  const meanSeconds = (ls: AccuracyLine[], pick: (l: AccuracyLine) => number | undefined) => {
    const values = ls.map(pick).filter((x): x is number => x !== undefined);
    return values.length ? (values.reduce((a, b) => a + b, 0) / values.length).toFixed(0) : '-';
  };
  const both = (m: string, pick: (l: AccuracyLine) => number | undefined) =>
    `${meanSeconds(of('lab', m), pick)} / ${meanSeconds(of('torch', m), pick)}`;
  const published = (m: DistillMethod) => {
    if (isTrajectory(m)) return PUBLISHED_TRAJECTORY_NOTE[m];
    const p = PUBLISHED_DISTILL_MNIST[m][ipc];
    return `${p.mean} ± ${p.std}`;
  };
  const { mtt } = DISTILL_PARAMS;
  const steps = (m: DistillMethod) => (isTrajectory(m) ? `, ${DISTILL_PARAMS[m].syntheticSteps} steps` : '');
  const body = [
    [
      'random',
      String(ipc),
      model,
      meanStd(of('lab', 'random').map((l) => l.testAcc)),
      '(coreset bench)',
      `${PUBLISHED_MNIST.random[ipc].mean} ± ${PUBLISHED_MNIST.random[ipc].std}`,
      '',
      '',
    ],
    ...methods.map((m) => [
      `${m} (${iterations[m]} it.${steps(m)})`,
      String(ipc),
      model,
      meanStd(of('lab', m).map((l) => l.testAcc)),
      meanStd(of('torch', m).map((l) => l.testAcc)),
      published(m),
      both(m, (l) => l.distillSeconds),
      isTrajectory(m) ? both(m, (l) => l.expertSeconds) : '',
    ]),
  ];
  const { batchSize, lr, momentum, weightDecay } = CORESET_TRAIN;
  const notes = [
    `MNIST pack (8,000 train / 2,000 test); distillation as in --only distill (real batch ${DISTILL_PARAMS.realBatch} per class), from real images; then ${epochs} epochs on the distilled set, SGD lr ${lr} cosine per step, momentum ${momentum}, weight decay ${weightDecay}, batch ${batchSize}; seeds ${seeds.join(', ')}`,
    `scaled down: ${methods.map((m) => `${m} ${iterations[m]} iterations (the authors' code: ${AUTHORS_ITERATIONS[m].toLocaleString('en-US')})`).join(', ')}; mtt with the engine's defaults: ${mtt.syntheticSteps} unrolled steps, span ${mtt.expertSpan} epoch(s), starts up to epoch ${mtt.maxStartEpoch}, images lr ${mtt.lrImages}, student rate from ${mtt.studentLr} (lr ${mtt.lrRate}), buffer ${mttExperts.experts} experts x ${mttExperts.expertEpochs} epochs (batch ${mtt.expertBatch}, lr ${mtt.expertLr}) per seed (the authors: 20 steps, 100 x 50 on CIFAR-10)`,
    `published: ${PUBLISHED_DISTILL_SOURCE}; random: ${PUBLISHED_SOURCE}`,
    `both sides ran at once, 1 thread each (PyTorch keeping its freed memory, as in --only distill's last columns): ${minutes.toFixed(1)} minutes; the seconds are for reference only`,
  ];
  const out = fileURLToPath(new URL('last-distill-accuracy.json', import.meta.url));
  await writeFile(
    out,
    `${JSON.stringify({ machine, accuracy: DISTILL_ACCURACY, params: DISTILL_PARAMS, train: CORESET_TRAIN, lines }, null, 2)}\n`,
  );
  process.stdout.write(
    `\n${formatMachine(machine)}\n\n${textTable(header, body)}\n${notes.join('\n')}\n\nwritten to ${out}\n`,
  );
}
