/** The user's store: datasets, the last settings and experiments survive; a cut-off experiment shows as interrupted; a full quota damages nothing. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { defaultConfig } from '../../src/engine/config';
import { labStore, StoreError, type StoredDataset } from '../../src/store/lab-store';
import type { RunResult } from '../../src/engine/experiment/types';

let databases = 0;
/** A fresh database per test; a second store on the same name is what a reload opens. */
const freshName = () => `lab-test-${databases++}`;

const run = (label: string) => ({ label, method: 'random', seed: 0, points: [], finalTestAcc: 0.5 }) as unknown as RunResult;

const dataset = (id: string, data: unknown): StoredDataset => ({ id, name: id, kind: 'image', examples: 4, classes: 2, addedAt: Date.now(), bytes: 16, data });

afterEach(() => vi.restoreAllMocks());

describe('the lab store', () => {
  test('datasets, the last settings and finished experiments are there after a reload', async () => {
    const name = freshName();
    const store = labStore(name);
    await store.saveDataset(dataset('upload-a', { pixels: new Uint8Array([1, 2, 3]) }));
    const config = defaultConfig();
    await store.saveLastConfig(config);
    const id = await store.startExperiment(config);
    await store.addRun(id, run('full'));
    await store.endExperiment(id, { status: 'done' });

    const reloaded = labStore(name);
    const [kept] = await reloaded.datasets();
    expect(kept.id).toBe('upload-a');
    expect((kept.data as { pixels: Uint8Array }).pixels).toEqual(new Uint8Array([1, 2, 3]));
    expect(await reloaded.lastConfig()).toEqual(config);
    const [experiment] = await reloaded.experiments();
    expect(experiment).toMatchObject({ id, status: 'done', runs: [{ label: 'full' }] });
    await reloaded.deleteDataset('upload-a');
    await reloaded.deleteExperiment(id);
    expect(await reloaded.datasets()).toEqual([]);
    expect(await reloaded.experiments()).toEqual([]);
  });

  test('an experiment cut off by a reload shows as interrupted, with the runs it finished', async () => {
    const name = freshName();
    const store = labStore(name);
    const id = await store.startExperiment(defaultConfig());
    await store.addRun(id, run('full'));
    // The page that runs it still sees it running.
    expect((await store.experiments())[0].status).toBe('running');
    const [afterReload] = await labStore(name).experiments();
    expect(afterReload).toMatchObject({ id, status: 'interrupted', runs: [{ label: 'full' }] });
    // And stays so in storage.
    expect((await labStore(name).experiments())[0].status).toBe('interrupted');
  });

  test('a full quota refuses the write with a message and keeps what was stored', async () => {
    const store = labStore(freshName());
    await store.saveDataset(dataset('upload-a', [1]));
    const id = await store.startExperiment(defaultConfig());
    await store.addRun(id, run('full'));
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    await expect(store.saveDataset(dataset('upload-b', [2]))).rejects.toThrow(StoreError);
    await expect(store.addRun(id, run('random'))).rejects.toThrow(/storage for this page is full, so the run "random" was not saved/);
    vi.restoreAllMocks();
    expect((await store.datasets()).map((d) => d.id)).toEqual(['upload-a']);
    expect((await store.experiments())[0].runs.map((r) => r.label)).toEqual(['full']);
  });
});
