import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { requireConfig } from '../../../src/engine/config';
import { runExperiment } from '../../../src/engine/experiment/run';
import { nodePackSource } from '../../../src/engine/data/node-source';
import { enableNodeWebGpu } from '../../../src/cli/node-webgpu';
import { OpenDatasets } from '../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

// Without a GPU, Dawn runs on the software Vulkan driver that Debian's Chromium ships.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

describe.runIf(existsSync(SWIFTSHADER))('WebGPU in Node (Dawn on a software Vulkan driver)', () => {
  test('trains on webgpu when asked by name, and the automatic choice passes over the software adapter', async () => {
    process.env.VK_ICD_FILENAMES ??= SWIFTSHADER;
    expect(await enableNodeWebGpu()).toBeNull();
    const config = (backend?: 'webgpu') =>
      requireConfig(bundled, {
        version: 1,
        dataset: 'blobs',
        model: { name: 'mlp', width: 16 },
        budget: { fraction: 0.05 },
        train: { epochs: 2, batchSize: 32, lr: 0.1, evalPoints: 2 },
        methods: [{ name: 'rs2' }],
        seeds: [0],
        ...(backend ? { backend } : {}),
      });
    const forced = await runExperiment(config('webgpu'), { datasets: bundled, source: nodePackSource });
    expect(forced.backend).toBe('webgpu');
    expect(forced.runs[0].finalTestAcc).toBeGreaterThan(0.5);

    const skipped: string[] = [];
    const auto = await runExperiment(config(), {
      datasets: bundled,
      source: nodePackSource,
      onEvent: (e) => e.type === 'backend' && skipped.push(...e.skipped.map((s) => `${s.backend}: ${s.reason}`)),
    });
    expect(auto.backend).toBe('wasm');
    expect(skipped[0]).toMatch(/^webgpu: software adapter .*swiftshader/);
  });

  test('SaliencyMix trains on webgpu: its box is placed on the backend, with nothing read back (Dawn has no synchronous read)', async () => {
    process.env.VK_ICD_FILENAMES ??= SWIFTSHADER;
    expect(await enableNodeWebGpu()).toBeNull();
    const result = await runExperiment(
      requireConfig(bundled, {
        version: 1,
        dataset: 'mnist',
        model: { name: 'mlp', width: 32 },
        budget: { fraction: 0.02 },
        train: { epochs: 2, batchSize: 16, lr: 0.1, evalPoints: 2 },
        methods: [{ name: 'random', augment: { name: 'saliencymix' } }],
        seeds: [0],
        backend: 'webgpu',
      }),
      { datasets: bundled, source: nodePackSource },
    );
    expect(result.backend).toBe('webgpu');
    expect(result.runs[0].label).toBe('random 2% + saliencymix');
    console.log(`saliencymix on webgpu: ${(result.runs[0].finalTestAcc * 100).toFixed(1)}%`);
    expect(result.runs[0].finalTestAcc).toBeGreaterThan(0.3);
  });
});
