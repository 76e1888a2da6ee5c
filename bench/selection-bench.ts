/**
 * `npm run bench -- --only selection`: seconds per class-balanced selection
 * of 10% of Fashion-MNIST by herding and k-center greedy, on raw pixels and
 * on a fixed embedding, by the engine on wasm (1 thread) and by PyTorch on
 * the CPU (1 thread), on the same feature files; and whether both pick the
 * same examples.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { agreement } from './agreement';
import { jsonLines, PYTHON, runChild, TORCH_ENV } from './child';
import { formatMachine, textTable, type Machine } from './report';
import { FEATURE_SPACES, SELECT_ALGORITHMS, SELECTION, type SelectionTiming } from './select-config';

const TIMEOUT_S = 600;

type Side = SelectionTiming['side'];
type TorchTiming = SelectionTiming & { torch: string; blas: string; threads: number };

async function measureSide(side: Side, machine: Machine): Promise<SelectionTiming[]> {
  const child =
    side === 'lab'
      ? await runChild(process.execPath, ['--import', 'tsx', 'bench/lab-select.ts', '--measure'], TIMEOUT_S)
      : await runChild(PYTHON, ['bench/torch_select.py', '--threads', '1'], TIMEOUT_S, TORCH_ENV);
  if (!child.ok) throw new Error(`the ${side} selection failed: ${child.error}`);
  const timings = jsonLines<SelectionTiming>(child.stdout);
  if (side === 'torch') {
    const [first] = timings as TorchTiming[];
    machine.torch = first?.torch;
    machine.blas = first?.blas;
  }
  return timings;
}

/** Each side once per round, alternating; the fastest run of each case is kept. */
async function measureInRounds(repeats: number, machine: Machine): Promise<Map<string, SelectionTiming>> {
  const best = new Map<string, SelectionTiming>();
  for (let round = 1; round <= repeats; round++) {
    process.stderr.write(`round ${round} of ${repeats}\n`);
    for (const side of ['lab', 'torch'] as const) {
      for (const timing of await measureSide(side, machine)) {
        process.stderr.write(`  ${side} ${timing.space} ${timing.algorithm}: ${timing.seconds.toFixed(2)} s\n`);
        const key = `${side}|${timing.space}|${timing.algorithm}`;
        const kept = best.get(key);
        if (!kept || timing.seconds < kept.seconds) best.set(key, timing);
      }
    }
  }
  return best;
}

export async function selectionBench(repeats: number, machine: Machine): Promise<void> {
  process.stderr.write('writing the feature files (lab, wasm)...\n');
  const prepared = await runChild(process.execPath, ['--import', 'tsx', 'bench/lab-select.ts', '--prepare'], TIMEOUT_S);
  if (!prepared.ok) throw new Error(`preparing the features failed: ${prepared.error}`);
  const best = await measureInRounds(repeats, machine);

  const rows = FEATURE_SPACES.flatMap((space) =>
    SELECT_ALGORITHMS.map((algorithm) => {
      const lab = best.get(`lab|${space}|${algorithm}`)!;
      const torch = best.get(`torch|${space}|${algorithm}`)!;
      return {
        space,
        algorithm,
        picks: lab.picks.length,
        labSeconds: lab.seconds,
        torchSeconds: torch.seconds,
        ratio: lab.seconds / torch.seconds,
        ...agreement(lab.picks, torch.picks),
      };
    }),
  );
  machine.loadAfter = os.loadavg()[0];
  const out = fileURLToPath(new URL('last-selection.json', import.meta.url));
  await writeFile(out, `${JSON.stringify({ machine, workload: SELECTION, repeats, rows }, null, 2)}\n`);

  const header = [
    'features',
    'algorithm',
    'picks',
    'lab s',
    'PyTorch s',
    'lab/PyTorch',
    'same examples',
    'same order until',
  ];
  const body = rows.map((r) => [
    r.space === 'raw' ? 'raw pixels (784)' : `MLP embedding (${SELECTION.embedding.width})`,
    r.algorithm,
    String(r.picks),
    r.labSeconds.toFixed(2),
    r.torchSeconds.toFixed(2),
    `${r.ratio.toFixed(2)}x`,
    `${r.shared}/${r.picks}`,
    r.samePrefix === r.picks ? 'all' : `pick ${r.samePrefix}`,
  ]);
  const note = `lab: the engine's geometry.ts on wasm, 1 thread; PyTorch: bench/torch_select.py, 1 thread; ${repeats > 1 ? `best of ${repeats}` : 'one run'} each`;
  process.stdout.write(`\n${formatMachine(machine)}\n\n${textTable(header, body)}\n${note}\n\nwritten to ${out}\n`);
}
