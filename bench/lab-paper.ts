/**
 * Lab side of `npm run bench -- --only paper`: each case (bench/paper-config.ts)
 * through the product's own path, runExperiment on wasm with 1 thread, in
 * turn; one JSON line (a PaperLine) per finished case on stdout.
 *
 *   npx tsx bench/lab-paper.ts '[{"dataset":"mnist","ipc":1,"method":"dm","seed":0,"scale":0.01}]'
 *
 * The datasets are read once, and the trajectory methods' expert buffer is
 * trained once per seed and settings (mtt and datm share it, as the papers'
 * buffer is shared); each case is charged the buffer's time either way.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../src/core/data/dataset';
import { requireConfig } from '../src/engine/config';
import { runExperiment } from '../src/engine/experiment/run';
import { nodePackSource } from '../src/engine/data/node-source';
import { OpenDatasets } from '../src/engine/data/open-datasets';
import { paperLabConfig, type PaperCase, type PaperLine } from './paper-config';

tf.env().set('PROD', true);

async function main(): Promise<void> {
  const cases = JSON.parse(process.argv[2] ?? '[]') as PaperCase[];
  const datasets = new OpenDatasets();
  const loaded = new Map<string, Promise<Dataset>>();
  const artifacts = new Map<string, unknown>();
  for (const c of cases) {
    const started = performance.now();
    const config = requireConfig(datasets, { ...paperLabConfig(c), wasmThreads: 1 });
    const result = await runExperiment(config, { datasets, source: nodePackSource, loaded, artifacts });
    const run = result.runs[0];
    const line: PaperLine = {
      side: 'lab',
      ...c,
      testAcc: run.finalTestAcc,
      distillSeconds: (run.overhead.distill ?? 0) / 1000,
      ...(run.overhead.experts === undefined ? {} : { expertSeconds: run.overhead.experts / 1000 }),
      trainSeconds: run.trainMs / 1000,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    process.stderr.write(
      `  lab ${c.dataset} ${c.method} ${c.ipc}/class seed ${c.seed}: ${(line.testAcc * 100).toFixed(1)}% (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
