/**
 * Lab side of the coreset accuracy bench: for one model, one experiment per
 * budget (every method and seed) through the product's own path,
 * runExperiment on wasm. Prints one JSON line (a CoresetRun) per run.
 *
 *   npx tsx bench/lab-coreset.ts --model mlp|convnet
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { requireConfig } from '../src/engine/config';
import { runExperiment } from '../src/engine/experiment/run';
import { nodePackSource } from '../src/engine/data/node-source';
import { OpenDatasets } from '../src/engine/data/open-datasets';
import type { Dataset } from '../src/core/data/dataset';
import { BENCH_MODELS, type BenchModel } from './config';
import { CORESET_IPCS, coresetLabConfig, type CoresetMethod, type CoresetRun } from './coreset-config';

tf.env().set('PROD', true);

/** The datasets the bench runs: the bundled ones. */
const datasets = new OpenDatasets();

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' } } });
  const model = values.model as BenchModel;
  if (!BENCH_MODELS.includes(model)) throw new Error(`usage: lab-coreset.ts --model ${BENCH_MODELS.join('|')}`);
  // The dataset is loaded once and shared by the experiments.
  const loaded = new Map<string, Promise<Dataset>>();
  for (const ipc of CORESET_IPCS) {
    const config = requireConfig(datasets, coresetLabConfig(model, ipc));
    const result = await runExperiment(config, {
      datasets,
      source: nodePackSource,
      loaded,
      onEvent: (event) => {
        if (event.type === 'run-end')
          process.stderr.write(
            `  lab ${model} ${event.run.label} seed ${event.run.seed}: ${(event.run.finalTestAcc * 100).toFixed(1)}%\n`,
          );
      },
    });
    for (const run of result.runs) {
      const line: CoresetRun = {
        side: 'lab',
        model,
        method: run.method as CoresetMethod,
        ipc,
        seed: run.seed,
        testAcc: run.finalTestAcc,
        picks: run.selection?.indices ?? [],
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
