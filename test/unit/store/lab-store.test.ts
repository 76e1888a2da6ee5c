/**
 * The user's store: datasets, the last settings and experiments survive; a
 * cut-off experiment shows as interrupted; a full quota damages nothing;
 * each experiment has a listing that follows it, also for experiments kept
 * before listings existed.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { defaultConfig } from '../../../src/engine/config';
import {
  labStore,
  listingOf,
  StoreError,
  type LabStore,
  type StoredDataset,
  type StoredExperiment,
} from '../../../src/store/lab-store';
import type { RunResult } from '../../../src/core/results/types';

let databases = 0;
/** A fresh database per test; a second store on the same name is what a reload opens. */
const freshName = () => `lab-test-${databases++}`;

const run = (label: string, finalTestAcc = 0.5) =>
  ({
    label,
    method: 'random',
    seed: 0,
    settings: {},
    points: [{ step: 10, timeMs: 100, samples: 100, testAcc: finalTestAcc, testLoss: 1 }],
    overheadMs: 0,
    overhead: {},
    reused: {},
    trainMs: 100,
    evalMs: 0,
    finalTestAcc,
    steps: 10,
    examplesPerRound: 10,
  }) as unknown as RunResult;

/** Every experiment's whole record, newest first, as History's Open reads them. */
const records = async (store: LabStore) =>
  Promise.all((await store.listings()).map(async (listing) => (await store.experiment(listing.id))!));

const dataset = (id: string, data: unknown): StoredDataset => ({
  id,
  name: id,
  kind: 'image',
  examples: 4,
  classes: 2,
  addedAt: Date.now(),
  bytes: 16,
  data,
});

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
    const [experiment] = await records(reloaded);
    expect(experiment).toMatchObject({ id, status: 'done', runs: [{ label: 'full' }] });
    expect(await reloaded.listings()).toEqual([listingOf(experiment)]);
    await reloaded.deleteDataset('upload-a');
    await reloaded.deleteExperiment(id);
    expect(await reloaded.datasets()).toEqual([]);
    expect(await reloaded.listings()).toEqual([]);
    expect(await reloaded.experiment(id)).toBeUndefined();
  });

  test('an experiment cut off by a reload shows as interrupted, with the runs it finished', async () => {
    const name = freshName();
    const store = labStore(name);
    const id = await store.startExperiment(defaultConfig());
    await store.addRun(id, run('full'));
    // The page that runs it still sees it running.
    expect((await store.listings())[0].status).toBe('running');
    const [afterReload] = await labStore(name).listings();
    expect(afterReload).toMatchObject({ id, status: 'interrupted', runCount: 1 });
    // And stays so in storage, record and listing alike.
    expect((await records(labStore(name)))[0]).toMatchObject({ id, status: 'interrupted', runs: [{ label: 'full' }] });
    expect((await labStore(name).listings())[0].status).toBe('interrupted');
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
    await expect(store.addRun(id, run('random'))).rejects.toThrow(
      /storage for this page is full, so the run "random" was not saved/,
    );
    vi.restoreAllMocks();
    expect((await store.datasets()).map((d) => d.id)).toEqual(['upload-a']);
    expect((await records(store))[0].runs.map((r) => r.label)).toEqual(['full']);
    expect((await store.listings())[0].runCount).toBe(1);
  });

  test("a listing says what History shows: status, runs finished, the best row; it follows its experiment's writes", async () => {
    const store = labStore(freshName());
    const id = await store.startExperiment(defaultConfig());
    expect(await store.listings()).toMatchObject([{ id, status: 'running', runCount: 0, best: null }]);
    await store.addRun(id, run('full', 0.9));
    await store.addRun(id, run('random 10%', 0.8));
    expect((await store.listings())[0]).toMatchObject({ runCount: 2, best: { label: 'full', acc: 0.9 } });
    await store.endExperiment(id, { status: 'failed', error: 'out of memory' });
    const [listing] = await store.listings();
    expect(listing).toMatchObject({ status: 'failed', runCount: 2, best: { label: 'full', acc: 0.9 } });
    expect(listing.endedAt).toBeGreaterThan(0);
    // Light: the runs' curves stay in the record.
    expect(Object.keys(listing).sort()).toEqual(['best', 'config', 'endedAt', 'id', 'runCount', 'startedAt', 'status']);
  });

  test('experiments kept before listings existed get theirs when the store opens', async () => {
    const name = freshName();
    // The store as its first version made it.
    const old = await openDB(name, 1, {
      upgrade(database) {
        database.createObjectStore('datasets', { keyPath: 'id' });
        database.createObjectStore('experiments', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
        database.createObjectStore('settings');
      },
    });
    const config = defaultConfig();
    const earlier: StoredExperiment = {
      id: 'a',
      config,
      status: 'done',
      startedAt: 1,
      endedAt: 2,
      runs: [run('full', 0.9)],
    };
    const later: StoredExperiment = { id: 'b', config, status: 'running', startedAt: 3, runs: [] };
    await old.put('experiments', earlier);
    await old.put('experiments', later);
    old.close();

    const store = labStore(name);
    const listings = await store.listings();
    expect(listings.map((l) => [l.id, l.status, l.runCount])).toEqual([
      ['b', 'interrupted', 0],
      ['a', 'done', 1],
    ]);
    expect(listings[1]).toEqual(listingOf(earlier));
    expect(await store.experiment('a')).toEqual(earlier);
  });
});
