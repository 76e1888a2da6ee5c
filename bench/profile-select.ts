/**
 * Where a greedy selection step's time goes on wasm: runs the engine's
 * herding or kCenterGreedy on one class of the selection bench's features
 * under tf.profile and sums kernel time by kernel. The rest of the wall
 * time is tfjs dispatch (tensor bookkeeping, tidy) in JavaScript.
 *
 *   npx tsx bench/profile-select.ts [--space raw|embedding] [--algorithm herding|kcenter] [--picks 300]
 * (run `npx tsx bench/lab-select.ts --prepare` first)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/engine/backend';
import { herding, kCenterGreedy } from '../src/engine/methods/coreset/geometry';
import { SELECTION_CACHE, type FeatureFile } from './select-config';

tf.env().set('PROD', true);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { space: { type: 'string', default: 'raw' }, algorithm: { type: 'string', default: 'herding' }, picks: { type: 'string', default: '300' } } });
  await initBackend({ prefer: 'wasm', only: true });
  const file = JSON.parse(await readFile(join(SELECTION_CACHE, `${values.space}.json`), 'utf8')) as FeatureFile;
  const bytes = await readFile(join(SELECTION_CACHE, `${values.space}.f32`));
  const all = tf.tensor2d(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), [file.count, file.dim]);
  const [group] = file.groups;
  const rows = tf.gather(all, tf.tensor1d(group.members, 'int32')) as tf.Tensor2D;
  const picks = Number(values.picks);
  const run = () => (values.algorithm === 'herding' ? herding(rows, picks) : kCenterGreedy(rows, picks, group.first));
  await run(); // warm-up

  const started = performance.now();
  await run();
  const wallMs = performance.now() - started;
  const profile = await tf.profile(async () => {
    await run();
  });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of profile.kernels) {
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += k.kernelTimeMs as number;
    entry.calls++;
    byKernel.set(k.name, entry);
  }
  const kernelMs = [...byKernel.values()].reduce((a, b) => a + b.ms, 0);
  const lines = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([name, { ms, calls }]) => `  ${name.padEnd(16)} ${(ms / picks).toFixed(3)} ms/pick  (${(calls / picks).toFixed(1)} calls/pick)`);
  process.stdout.write(
    `${values.algorithm} on ${values.space} [${group.members.length} x ${file.dim}], ${picks} picks: ${(wallMs / picks).toFixed(3)} ms/pick wall (unprofiled), ` +
      `kernels ${(kernelMs / picks).toFixed(3)} ms/pick\n${lines.join('\n')}\n`,
  );
  tf.dispose([rows, all]);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
