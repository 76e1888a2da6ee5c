/**
 * `npm run bench -- --only augment`: what mixup and CutMix cost per
 * training step of the ConvNet on wasm, as a share of the step (target:
 * under 10%), and the accuracy they reach on Fashion-MNIST with a 10%
 * random subset and with all the data, lab and PyTorch with the same recipe
 * in one run. `--smoke` runs every part at its smallest (a few steps, 640
 * images) to check the path; its numbers mean nothing.
 *
 * The two timings run one after the other, alone on the machine; the
 * accuracy runs side by side (one core each), since no time is compared.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { jsonLines, PYTHON, runChild, TORCH_KEPT_MEMORY_ENV } from './child';
import {
  ALPHA,
  AUGMENT_PLAN,
  AUGMENT_TRAIN,
  AUGMENTS,
  SMOKE_PLAN,
  TIMING_BATCHES,
  TIMING_EXAMPLES,
  augmentTorchArgs,
  type Augment,
  type AugmentPlan,
  type AugmentRun,
  type AugmentTiming,
  type MissingAugment,
} from './augment-config';
import { formatMachine, textTable, type Machine } from './report';

const TIMING_TIMEOUT_S = 600;
const ACCURACY_TIMEOUT_S = 2400;
/** The issue's target for mixup and CutMix on the ConvNet, on wasm. */
const TARGET_SHARE = 0.1;

type Part = 'timing' | 'accuracy';
type Line = AugmentTiming | AugmentRun | MissingAugment;

/**
 * One side's part in a child process. PyTorch keeps the memory it frees
 * (TORCH_KEPT_MEMORY_ENV): the lab's wasm memory only grows, and by default
 * PyTorch 1.13 maps every ConvNet activation afresh, which inflates its
 * step (about 4x here) and so shrinks the augmentation's share.
 */
async function runSide(
  side: 'lab' | 'torch',
  part: Part,
  plan: AugmentPlan,
  smoke: boolean,
  machine: Machine,
): Promise<Line[]> {
  const timeout = part === 'timing' ? TIMING_TIMEOUT_S : ACCURACY_TIMEOUT_S;
  const child =
    side === 'lab'
      ? await runChild(
          process.execPath,
          ['--import', 'tsx', 'bench/lab-augment.ts', `--${part}`, ...(smoke ? ['--smoke'] : [])],
          timeout,
          process.env,
          true,
        )
      : await runChild(
          PYTHON,
          ['bench/torch_augment.py', ...augmentTorchArgs(plan, part)],
          timeout,
          TORCH_KEPT_MEMORY_ENV,
          true,
        );
  if (!child.ok) throw new Error(`the ${side} ${part} failed: ${child.error}`);
  const lines = jsonLines<Line & { torch?: string; blas?: string }>(child.stdout);
  if (side === 'torch') [machine.torch, machine.blas] = [lines[0]?.torch, lines[0]?.blas];
  return lines;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function timingTable(timings: AugmentTiming[], missing: MissingAugment[]): string {
  const header = [
    'side',
    'augmentation',
    'ms/step',
    'added ms/step',
    'share of step',
    'mix call ms',
    `target < ${percent(TARGET_SHARE)}`,
  ];
  const body = (['lab', 'torch'] as const).flatMap((side) => {
    const where = side === 'lab' ? 'lab wasm, 1 thread' : 'PyTorch, 1 thread';
    const plain = timings.find((t) => t.side === side && t.augment === 'none');
    return AUGMENTS.map((augment) => {
      const gap = side === 'lab' ? missing.find((m) => m.missing === augment) : undefined;
      const t = timings.find((r) => r.side === side && r.augment === augment);
      if (gap || !t || !plain)
        return [where, augment, '-', '-', '-', '-', gap ? `skipped: ${gap.reason}` : 'skipped: no result'];
      const share = augment === 'none' ? null : (t.stepMs - plain.stepMs) / t.stepMs;
      const target = side === 'lab' && share !== null ? (share < TARGET_SHARE ? 'met' : 'missed') : '';
      return [
        where,
        augment,
        t.stepMs.toFixed(1),
        share === null ? '' : (t.stepMs - plain.stepMs).toFixed(1),
        share === null ? '' : percent(share),
        share === null ? '' : t.mixMs.toFixed(2),
        target,
      ];
    });
  });
  return textTable(header, body);
}

/** Mean over seeds in percent, with the sample std where there are several. */
function meanOf(accuracies: number[]): { text: string; mean: number | null } {
  if (accuracies.length === 0) return { text: '-', mean: null };
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  if (accuracies.length < 2) return { text: (mean * 100).toFixed(1), mean };
  const std = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / (accuracies.length - 1));
  return { text: `${(mean * 100).toFixed(1)} ± ${(std * 100).toFixed(1)}`, mean };
}

function accuracyTable(plan: AugmentPlan, runs: AugmentRun[]): string {
  const header = ['data', 'epochs (steps)', 'augmentation', 'lab %', 'lab vs plain', 'PyTorch %', 'PyTorch vs plain'];
  const cell = (side: AugmentRun['side'], budget: string, augment: Augment) =>
    meanOf(runs.filter((r) => r.side === side && r.budget === budget && r.augment === augment).map((r) => r.testAcc));
  const versus = (own: number | null, plain: number | null) =>
    own === null || plain === null ? '' : `${own >= plain ? '+' : ''}${((own - plain) * 100).toFixed(1)}`;
  const body = plan.accuracy.budgets.flatMap(({ name, epochs }) => {
    const steps =
      runs.find((r) => r.budget === name && r.side === 'lab')?.steps ?? runs.find((r) => r.budget === name)?.steps;
    return AUGMENTS.map((augment) => {
      const [lab, torch] = [cell('lab', name, augment), cell('torch', name, augment)];
      const plain = augment === 'none' ? null : [cell('lab', name, 'none').mean, cell('torch', name, 'none').mean];
      return [
        name,
        `${epochs} (${steps ?? '?'})`,
        augment,
        lab.text,
        plain ? versus(lab.mean, plain[0]) : '',
        torch.text,
        plain ? versus(torch.mean, plain[1]) : '',
      ];
    });
  });
  return textTable(header, body);
}

export async function augmentBench(machine: Machine, smoke: boolean): Promise<void> {
  const plan = smoke ? SMOKE_PLAN : AUGMENT_PLAN;
  const started = performance.now();
  process.stderr.write(`timing${smoke ? ' (smoke)' : ''}: the lab, then PyTorch...\n`);
  const timingLines = [
    ...(await runSide('lab', 'timing', plan, smoke, machine)),
    ...(await runSide('torch', 'timing', plan, smoke, machine)),
  ];
  const timingMinutes = (performance.now() - started) / 60000;
  process.stderr.write('accuracy: lab and PyTorch side by side...\n');
  const sides = await Promise.all(
    (['lab', 'torch'] as const).map((side) => runSide(side, 'accuracy', plan, smoke, machine)),
  );
  const minutes = (performance.now() - started) / 60000;
  machine.loadAfter = os.loadavg()[0];

  const all = [...timingLines, ...sides.flat()];
  const timings = all.filter((l): l is AugmentTiming => 'stepMs' in l);
  const runs = all.filter((l): l is AugmentRun => 'testAcc' in l);
  // Both children of the lab report what the engine lacks; once is enough.
  const missing = [
    ...new Map(all.filter((l): l is MissingAugment => 'missing' in l).map((m) => [m.missing, m])).values(),
  ];

  const { batchSize, lr, momentum, weightDecay } = AUGMENT_TRAIN;
  const { epochs, rounds, mixCalls } = plan.timing;
  const capped =
    plan.accuracy.trainCap === null
      ? 'all 60,000 training / 10,000 test images'
      : `the first ${plan.accuracy.trainCap} training / ${plan.accuracy.testCap} test images`;
  const notes = [
    ...missing.map((m) => `lab ${m.missing} not run: ${m.reason}`),
    ...(smoke ? ['SMOKE RUN: every part at its smallest, to check the path; the numbers mean nothing'] : []),
    `ConvNet (width 32, depth 3), Fashion-MNIST; SGD lr ${lr} cosine per step, momentum ${momentum}, weight decay ${weightDecay}, batch ${batchSize}; mixup and CutMix with α = ${ALPHA}, every batch mixed`,
    `time: ${epochs * TIMING_BATCHES} steps per run (${epochs} epoch${epochs > 1 ? 's' : ''} of a fixed class-balanced subset of ${TIMING_EXAMPLES} images: the same batches for each augmentation), median over ${rounds} round${rounds > 1 ? 's' : ''} after an untimed one (the order rotated each round; each lab experiment's first run, the slowest, is an extra plain one and not timed); share = added / the augmented step; mix call: the augmentation's own call on one batch, median of ${mixCalls}`,
    `accuracy on ${capped}; ${plan.accuracy.budgets.map((b) => `${b.name}: ${b.epochs} epoch${b.epochs > 1 ? 's' : ''}`).join(', ')}${smoke ? '' : ' (full data capped at 2 epochs to fit the bench: early training, not convergence)'}; seeds ${plan.accuracy.seeds.join(', ')}; lab: 10% is the random method (class-balanced), full the full method`,
    "PyTorch with the memory it frees kept (like the lab's wasm memory; see bench/README.md)",
    `timing ${timingMinutes.toFixed(1)} minutes alone; accuracy side by side, 1 thread each; ${minutes.toFixed(1)} minutes in all`,
  ];
  const out = fileURLToPath(new URL('last-augment.json', import.meta.url));
  await writeFile(
    out,
    `${JSON.stringify({ machine, smoke, train: AUGMENT_TRAIN, alpha: ALPHA, plan, missing, timings, runs }, null, 2)}\n`,
  );
  process.stdout.write(
    `\n${formatMachine(machine)}\n\n${timingTable(timings, missing)}\n\n${accuracyTable(plan, runs)}\n${notes.join('\n')}\n\nwritten to ${out}\n`,
  );
}
