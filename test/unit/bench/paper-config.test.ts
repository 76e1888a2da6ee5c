import { describe, expect, it } from 'vitest';
import { requireConfig } from '../../../src/engine/config';
import { OpenDatasets } from '../../../src/engine/data/open-datasets';
import {
  distillSettings,
  expertsAt,
  PAPER_DATASETS,
  PAPER_IPCS,
  PAPER_METHODS,
  paperLabConfig,
  paperTorchCase,
  type PaperCase,
} from '../../../bench/paper-config';
import { paperSelection, paperTable } from '../../../bench/paper-bench';

const grid = (scale: number): PaperCase[] =>
  PAPER_DATASETS.flatMap((dataset) =>
    PAPER_IPCS.flatMap((ipc) => PAPER_METHODS.map((method) => ({ dataset, ipc, method, seed: 0, scale }))),
  );

describe('the papers-protocol bench', () => {
  it("builds a config the engine accepts for every case, at the papers' scale and cut short", () => {
    const datasets = new OpenDatasets();
    for (const scale of [1, 0.01])
      for (const c of grid(scale))
        expect(() => requireConfig(datasets, paperLabConfig(c)), JSON.stringify(c)).not.toThrow();
  });

  it("runs the papers' iterations, loops and evaluation at scale 1", () => {
    const dc10 = paperLabConfig({ dataset: 'mnist', ipc: 10, method: 'dc', seed: 0, scale: 1 });
    expect(dc10.methods).toEqual([
      { name: 'dc', iterations: 1000, realBatch: 256, lrImages: 0.1, lrNet: 0.01, outerLoop: 10, innerLoop: 50 },
    ]);
    expect(dc10.train).toMatchObject({ epochs: 300, batchSize: 256, lr: 0.01, schedule: 'step' });
    const dm1 = paperLabConfig({ dataset: 'fashion-mnist', ipc: 1, method: 'dm', seed: 2, scale: 1 });
    expect(dm1.methods).toEqual([
      { name: 'dm', iterations: 20000, realBatch: 256, lrImages: 1, augment: { name: 'dsa' } },
    ]);
    expect(dm1.train).toMatchObject({ epochs: 1000 });
    expect(dm1.model).toEqual({ name: 'convnet', width: 128, depth: 3 });
    expect(expertsAt(1)).toMatchObject({ experts: 100, expertEpochs: 50 });
  });

  it('cuts every distillation by the same share, never below one iteration or the smallest buffer', () => {
    expect(distillSettings('dm', 1, 0.01).iterations).toBe(200);
    expect(distillSettings('mtt', 1, 0.01)).toMatchObject({ iterations: 50, experts: 2, expertEpochs: 4 });
    expect(distillSettings('dc', 10, 0.0001).iterations).toBe(1);
    expect(distillSettings('random', 1, 0.01)).toEqual({});
  });

  it("hands PyTorch every trajectory setting its twin reads, with datm's latest start at the budget", () => {
    const read = ['syntheticSteps', 'expertSpan', 'maxStartEpoch', 'lrImages', 'studentLr', 'lrRate', 'experts'];
    const datm = paperTorchCase({ dataset: 'mnist', ipc: 10, method: 'datm', seed: 0, scale: 0.2 });
    const settings = datm.settings as Record<string, unknown>;
    for (const key of [...read, 'expertEpochs', 'expertBatch', 'expertLr', 'minStartEpoch', 'windowGrowth', 'lrLabels'])
      expect(settings[key], key).toBeTypeOf('number');
    expect(settings.latestStart).toHaveProperty('10');
    expect(datm.train).toMatchObject({ epochs: 1000, augment: 'dsa', schedule: 'step' });
  });

  it('refuses options it cannot run, naming the option', () => {
    expect(() => paperSelection({ scale: '0' })).toThrow(/--scale/);
    expect(() => paperSelection({ ipc: '50' })).toThrow(/--ipc: unknown 50/);
    expect(() => paperSelection({ methods: 'kip' })).toThrow(/--methods: unknown kip/);
    expect(() => paperSelection({ seeds: 'a' })).toThrow(/--seeds/);
  });

  it('tables the lines on file of the selected scale only, with their spread over seeds', () => {
    const line = (side: 'lab' | 'torch', seed: number, testAcc: number, scale = 0.01) => ({
      side,
      dataset: 'mnist' as const,
      ipc: 1,
      method: 'dm' as const,
      seed,
      scale,
      testAcc,
      distillSeconds: 100,
      trainSeconds: 50,
    });
    const selection = paperSelection({ datasets: 'mnist', ipc: '1', methods: 'dm', seeds: '0,1' });
    const table = paperTable(
      [line('lab', 0, 0.8), line('lab', 1, 0.82), line('torch', 0, 0.81), line('lab', 2, 0.1), line('lab', 0, 0.1, 1)],
      selection,
    );
    expect(table).toContain('dm 200 it., eval 1000 ep. +dsa');
    expect(table).toContain('81.0 ± 1.4 (2 seeds)');
    expect(table).toContain('81.0 (1 seed)');
    expect(table).toContain('89.7 ± 0.6');
  });
});
