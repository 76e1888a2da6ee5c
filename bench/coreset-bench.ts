/**
 * `npm run bench -- --only coreset-accuracy`: test accuracy of random,
 * herding, k-center and forgetting subsets of MNIST at 1, 10 and 50 images
 * per class, MLP and ConvNet, trained by the lab (runExperiment on wasm) and
 * by PyTorch with the same recipe and the same selection algorithms, next to
 * the published numbers. Accuracy only: the two sides run at the same time
 * (one core each), since no time is compared.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { agreement } from './agreement';
import type { BenchModel } from './config';
import { jsonLines, PYTHON, runChild, TORCH_ENV } from './child';
import {
  CORESET_IPCS,
  CORESET_METHODS,
  CORESET_PLAN,
  CORESET_TRAIN,
  coresetTorchArgs,
  type CoresetRun,
} from './coreset-config';
import { PUBLISHED_MNIST, PUBLISHED_SOURCE } from './published';
import { formatMachine, textTable, type Machine } from './report';

const TIMEOUT_S = 1800;

/** Mean and sample std (as the lab's summary), in percent. */
function meanStd(accuracies: number[]): string {
  if (accuracies.length === 0) return '-';
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  const std =
    accuracies.length < 2
      ? 0
      : Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / (accuracies.length - 1));
  return `${(mean * 100).toFixed(1)} ± ${(std * 100).toFixed(1)}`;
}

async function runSide(side: 'lab' | 'torch', model: BenchModel, machine: Machine): Promise<CoresetRun[]> {
  const child =
    side === 'lab'
      ? await runChild(
          process.execPath,
          ['--import', 'tsx', 'bench/lab-coreset.ts', '--model', model],
          TIMEOUT_S,
          process.env,
          true,
        )
      : await runChild(PYTHON, ['bench/torch_coreset.py', ...coresetTorchArgs(model)], TIMEOUT_S, TORCH_ENV, true);
  if (!child.ok) throw new Error(`${side} ${model} failed: ${child.error}`);
  const runs = jsonLines<CoresetRun & { torch?: string; blas?: string }>(child.stdout);
  if (side === 'torch') [machine.torch, machine.blas] = [runs[0]?.torch, runs[0]?.blas];
  return runs;
}

/** Herding and k-center are deterministic (raw pixels, central start): both sides should pick the same examples. */
function sharedPicks(runs: CoresetRun[], model: BenchModel, method: string, ipc: number): string {
  if (method !== 'herding' && method !== 'kcenter') return '';
  const [lab, torch] = (['lab', 'torch'] as const).map((side) =>
    runs.find((r) => r.side === side && r.model === model && r.method === method && r.ipc === ipc && r.seed === 0),
  );
  if (!lab || !torch) return '';
  return `${agreement(lab.picks, torch.picks).shared}/${lab.picks.length}`;
}

export async function coresetBench(models: BenchModel[], machine: Machine): Promise<void> {
  const runs: CoresetRun[] = [];
  const started = performance.now();
  for (const model of models) {
    process.stderr.write(`${model}: lab and PyTorch side by side...\n`);
    const sides = await Promise.all([runSide('lab', model, machine), runSide('torch', model, machine)]);
    runs.push(...sides.flat());
  }
  const minutes = (performance.now() - started) / 60000;
  machine.loadAfter = os.loadavg()[0];

  const accuracies = (side: string, model: BenchModel, method: string, ipc: number) =>
    runs
      .filter((r) => r.side === side && r.model === model && r.method === method && r.ipc === ipc)
      .map((r) => r.testAcc);
  const header = ['method', 'IPC', 'model', 'lab %', 'PyTorch %', 'published %', 'same picks'];
  const body = CORESET_METHODS.flatMap((method) =>
    CORESET_IPCS.flatMap((ipc) =>
      models.map((model) => {
        const published = PUBLISHED_MNIST[method][ipc];
        return [
          method,
          String(ipc),
          model,
          meanStd(accuracies('lab', model, method, ipc)),
          meanStd(accuracies('torch', model, method, ipc)),
          `${published.mean} ± ${published.std}`,
          sharedPicks(runs, model, method, ipc),
        ];
      }),
    ),
  );
  const recipe = models.map((model) => {
    const { epochs, seeds } = CORESET_PLAN[model];
    return `${model}: epochs ${CORESET_IPCS.map((ipc) => `${epochs[ipc]} at IPC ${ipc}`).join(', ')}; seeds ${seeds.join(', ')}`;
  });
  const { batchSize, lr, momentum, weightDecay, pretrainEpochs } = CORESET_TRAIN;
  const notes = [
    `MNIST pack (8,000 train / 2,000 test); SGD lr ${lr} cosine per step, momentum ${momentum}, weight decay ${weightDecay}, batch ${batchSize}; forgetting pre-trains ${pretrainEpochs} epochs`,
    ...recipe,
    `published: ${PUBLISHED_SOURCE}`,
    'same picks: examples both sides chose (seed 0; herding and k-center do not depend on the seed)',
    `both sides ran at once, 1 thread each: ${minutes.toFixed(1)} minutes`,
  ];
  const out = fileURLToPath(new URL('last-coreset.json', import.meta.url));
  await writeFile(
    out,
    `${JSON.stringify({ machine, train: CORESET_TRAIN, plan: CORESET_PLAN, runs: runs.map(({ picks, ...r }) => ({ ...r, picked: picks.length })) }, null, 2)}\n`,
  );
  process.stdout.write(
    `\n${formatMachine(machine)}\n\n${textTable(header, body)}\n${notes.join('\n')}\n\nwritten to ${out}\n`,
  );
}
