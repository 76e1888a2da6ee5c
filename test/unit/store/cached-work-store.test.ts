/**
 * Cached work that lasts: with a store behind the experiment's cache (the
 * page keeps one in IndexedDB), a later experiment (after a reload, with a
 * fresh cache) finds the expert buffer with the cost it took, and charges or
 * reuses it instead of training it again. A store that fails never breaks
 * a run.
 */
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { initBackend } from '../../../src/engine/runtime/backend';
import { requireConfig } from '../../../src/engine/config';
import { nodePackSource } from '../../../src/engine/data/node-source';
import { runExperiment } from '../../../src/engine/experiment/run';
import type { ArtifactStore, Cached } from '../../../src/core/artifact-store';
import { approximateBytes, evictionOrder } from '../../../src/store/artifact-store';
import { OpenDatasets } from '../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The store interface in memory, cloning as IndexedDB does. */
class MemoryStore implements ArtifactStore {
  readonly entries = new Map<string, Cached>();
  gets = 0;
  puts = 0;

  async get(key: string) {
    this.gets++;
    const found = this.entries.get(key);
    return found && structuredClone(found);
  }

  async put(key: string, entry: Cached) {
    this.puts++;
    this.entries.set(key, structuredClone(entry));
  }
}

const mttConfig = (bufferCost: 'charged' | 'reused') =>
  requireConfig(bundled, {
    version: 1,
    dataset: 'blobs',
    model: { name: 'mlp', width: 16 },
    budget: { ipc: 2 },
    train: { epochs: 2, batchSize: 8, lr: 0.1, evalPoints: 1 },
    methods: [{ name: 'mtt', iterations: 3, experts: 1, expertEpochs: 2, expertSpan: 1, maxStartEpoch: 1, bufferCost }],
    seeds: [0],
    backend: 'wasm',
  });

describe('cached work in a lasting store', () => {
  test('a later experiment, with a fresh cache, takes the expert buffer from the store at the cost it took', async () => {
    const store = new MemoryStore();
    const first = (await runExperiment(mttConfig('charged'), { datasets: bundled, source: nodePackSource, store }))
      .runs[0];
    expect(first.overhead.experts).toBeGreaterThan(0);
    expect(store.puts).toBe(1);
    const [[key, saved]] = [...store.entries];
    // Keyed as the experiment's cache is, with the store's format and the backend the cost was measured on.
    const [format, backend, inner] = JSON.parse(key);
    expect([format, backend]).toEqual([1, 'wasm']);
    expect(JSON.parse(inner)).toContain('experts');
    expect(JSON.parse(inner)).toContain('blobs');
    expect(Math.abs(saved.ms - first.overhead.experts!)).toBeLessThan(50);
    expect(Array.isArray(saved.value)).toBe(true);

    // As after a reload: a new experiment, its own fresh cache, the same store.
    const reused = (await runExperiment(mttConfig('reused'), { datasets: bundled, source: nodePackSource, store }))
      .runs[0];
    expect(reused.reused.experts).toBe(saved.ms);
    expect(reused.overhead.experts).toBeUndefined();
    const charged = (await runExperiment(mttConfig('charged'), { datasets: bundled, source: nodePackSource, store }))
      .runs[0];
    expect(charged.overhead.experts).toBe(saved.ms);
    expect(store.puts).toBe(1);
    // The same experts, so the same distilled set as the run that trained them.
    expect(charged.synthetic!.values).toEqual(first.synthetic!.values);
    expect(reused.synthetic!.values).toEqual(first.synthetic!.values);

    // What the store holds is what the run uses: a recorded cost no training could match shows as it is.
    store.entries.set(key, { ...saved, ms: 123_456 });
    const tampered = (await runExperiment(mttConfig('reused'), { datasets: bundled, source: nodePackSource, store }))
      .runs[0];
    expect(tampered.reused.experts).toBe(123_456);
  });

  test('a store that cannot read or write (a full quota) is noted, and the run trains its experts and goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    const failing: ArtifactStore = {
      get: () => Promise.reject(new Error('IndexedDB is not available')),
      put: () => Promise.reject(quota),
    };
    const run = (
      await runExperiment(mttConfig('charged'), { datasets: bundled, source: nodePackSource, store: failing })
    ).runs[0];
    expect(run.overhead.experts).toBeGreaterThan(0);
    expect(run.finalTestAcc).toBeGreaterThan(0);
    // The write's failure arrives after the run's own work: wait a turn for it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const notes = warn.mock.calls.map((call) => String(call[0]));
    expect(
      notes.some((n) =>
        /could not read the lasting store \(IndexedDB is not available\); the run goes on without it/.test(n),
      ),
    ).toBe(true);
    expect(notes.some((n) => /could not write the lasting store \(The quota has been exceeded\.\)/.test(n))).toBe(true);

    const throwing: ArtifactStore = {
      get: async () => undefined,
      put: () => {
        throw quota;
      },
    };
    const again = (
      await runExperiment(mttConfig('reused'), { datasets: bundled, source: nodePackSource, store: throwing })
    ).runs[0];
    expect(again.reused.experts).toBeGreaterThan(0);
  });

  test('the IndexedDB store weighs entries and drops the least recently used past its limit', () => {
    expect(approximateBytes([[new Float32Array(10), new Float32Array(5)], [new Float32Array(1)]])).toBe(64 + 3 * 16);
    const usage = (bytes: number, usedAt: number) => ({ bytes, usedAt });
    const entries = [
      { key: 'old', usage: usage(40, 1) },
      { key: 'new', usage: usage(40, 3) },
      { key: 'middle', usage: usage(40, 2) },
    ];
    expect(evictionOrder(entries, 120)).toEqual([]);
    expect(evictionOrder(entries, 100)).toEqual(['old']);
    expect(evictionOrder(entries, 40)).toEqual(['old', 'middle']);
  });
});
