/**
 * Node side of the bench: one epoch through the product's own path
 * (runExperiment: backend probe, warm-up and evaluation outside the clock),
 * on one backend, in a process of its own so backends never share state.
 * Prints one JSON line, a LabMeasurement.
 *
 *   npx tsx bench/lab-epoch.ts --backend wasm --model convnet [--cap-steps 5]
 *   npx tsx bench/lab-epoch.ts --adapter     (the WebGPU adapter Node sees, or why none)
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { requireConfig } from '../src/engine/config';
import { BACKENDS } from '../src/core/settings/config';
import { getDataset, runExperiment } from '../src/engine/experiment/run';
import { nodePackSource } from '../src/engine/data/node-source';
import { OpenDatasets } from '../src/engine/data/open-datasets';
import type { Dataset } from '../src/core/data/dataset';
import type { BackendName } from '../src/core/results/types';
import { enableNodeWebGpu } from '../src/cli/node-webgpu';
import { BENCH_MODELS, labConfig, withFewTestExamples, type BenchModel, type LabMeasurement } from './config';

tf.env().set('PROD', true);

/** The datasets the bench runs: the bundled ones. */
const datasets = new OpenDatasets();

const NO_ADAPTER =
  'Dawn found no WebGPU adapter (no GPU Vulkan driver; VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json would select a software one)';

/** Installs Node's WebGPU (Dawn) and names its adapter. */
async function webGpuAdapter(): Promise<{ adapter: string } | { reason: string }> {
  const missing = await enableNodeWebGpu();
  if (missing) return { reason: missing };
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  const info = (await gpu?.requestAdapter())?.info;
  if (!info) return { reason: NO_ADAPTER };
  return {
    adapter:
      [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unnamed adapter',
  };
}

async function measure(model: BenchModel, backend: BackendName, capSteps?: number): Promise<LabMeasurement> {
  let adapter: string | undefined;
  if (backend === 'webgpu') {
    const gpu = await webGpuAdapter();
    if ('reason' in gpu) return { ok: false, reason: gpu.reason };
    adapter = gpu.adapter;
  }
  const config = requireConfig(datasets, labConfig(model, backend, capSteps));
  // Loaded once into the engine's dataset cache; a capped run then evaluates on a few examples only.
  const loaded = new Map<string, Promise<Dataset>>();
  const dataset = await getDataset(config, { datasets, source: nodePackSource, loaded });
  if (capSteps !== undefined)
    for (const key of loaded.keys()) loaded.set(key, Promise.resolve(withFewTestExamples(dataset)));

  let result: Awaited<ReturnType<typeof runExperiment>>;
  try {
    result = await runExperiment(config, { datasets, source: nodePackSource, loaded });
  } catch (error) {
    // initBackend explains why no backend could train the model (e.g. a missing kernel).
    return { ok: false, reason: (error as Error).message.replace(/^no backend could run this model: /, '') };
  }
  const [run] = result.runs;
  return {
    ok: true,
    backend: result.backend,
    steps: run.steps,
    trainMs: run.trainMs,
    testAcc: capSteps === undefined ? run.finalTestAcc : null,
    threads: result.threads,
    adapter,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string' },
      model: { type: 'string' },
      'cap-steps': { type: 'string' },
      adapter: { type: 'boolean' },
    },
  });
  if (values.adapter) {
    process.stdout.write(`${JSON.stringify(await webGpuAdapter())}\n`);
    return;
  }
  const backend = values.backend as BackendName;
  const model = values.model as BenchModel;
  if (!BACKENDS.includes(backend) || !BENCH_MODELS.includes(model)) {
    throw new Error(
      `usage: lab-epoch.ts --backend ${BACKENDS.join('|')} --model ${BENCH_MODELS.join('|')} [--cap-steps N]`,
    );
  }
  const capSteps = values['cap-steps'] === undefined ? undefined : Number(values['cap-steps']);
  process.stdout.write(`${JSON.stringify(await measure(model, backend, capSteps))}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
