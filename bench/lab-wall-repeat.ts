/**
 * Node side of the wall bench's second measurement: a comparison run twice in
 * one process, as the page's worker runs a user's second click (the dataset
 * already prepared, the backend up). Prints the second run's ExperimentResult
 * as one JSON line.
 *
 *   npx tsx bench/lab-wall-repeat.ts CONFIG.json
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { requireConfig } from '../src/engine/config';
import { runExperiment } from '../src/engine/experiment/run';
import { nodePackSource } from '../src/engine/data/node-source';
import { OpenDatasets } from '../src/engine/data/open-datasets';
import type { Dataset } from '../src/core/data/dataset';

tf.env().set('PROD', true);

/** The datasets the bench runs: the bundled ones. */
const datasets = new OpenDatasets();

async function main(): Promise<void> {
  const config = requireConfig(datasets, JSON.parse(await readFile(process.argv[2], 'utf8')));
  const loaded = new Map<string, Promise<Dataset>>();
  await runExperiment(config, { datasets, source: nodePackSource, loaded });
  const again = await runExperiment(config, { datasets, source: nodePackSource, loaded });
  process.stdout.write(`${JSON.stringify(again)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
