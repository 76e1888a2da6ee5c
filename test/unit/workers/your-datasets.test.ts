/**
 * Your datasets: a confirmed upload is kept and, after a reload, registered
 * again as the same dataset under the same id; a full quota keeps and
 * registers nothing; a kept record that cannot be restored is listed with
 * its problem and can be deleted; deleting removes it from storage and from
 * the datasets; without IndexedDB uploads last for the session.
 */
import 'fake-indexeddb/auto';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Dataset } from '../../../src/core/data/dataset';
import { datasetFileJson, datasetFileText } from '../../../src/core/formats/dataset-file';
import { makeToyDataset } from '../../../src/engine/data/toy';
import { datasetEntries, datasetEntry, unregisterDataset, type PackSource } from '../../../src/engine/data/registry';
import { DEFAULT_SPLIT } from '../../../src/engine/data/upload/build-upload';
import { readUpload, type ParsedUpload } from '../../../src/engine/data/upload/read-upload';
import { labStore, StoreError } from '../../../src/store/lab-store';
import { yourDatasets } from '../../../workers/your-datasets';

let databases = 0;
/** A fresh database per test; a second store on the same name is what a reload opens. */
const freshName = () => `your-datasets-test-${databases++}`;

const noPacks: PackSource = () => Promise.reject(new Error('an upload reads no pack'));
const noImages = () => Promise.reject(new Error('no images here'));

const read = (name: string, text: string): Promise<ParsedUpload> =>
  readUpload(name, new TextEncoder().encode(text), {}, noImages);

/** Two classes of 8x8 grey pixel rows. */
function pixelsCsv(rows = 12): string {
  const header = ['label', ...Array.from({ length: 64 }, (_, i) => `p${i}`)];
  const line = (r: number) =>
    [r % 2 === 0 ? 'dark' : 'light', ...Array.from({ length: 64 }, (_, i) => (r % 2 === 0 ? i : 180 + i))].join(',');
  return [header.join(','), ...Array.from({ length: rows }, (_, r) => line(r))].join('\n');
}

const textsCsv = (rows = 12) =>
  [
    'label,text',
    ...Array.from({ length: rows }, (_, r) => (r % 2 === 0 ? `pos,a good film ${r}` : `neg,a bad film ${r}`)),
  ].join('\n');

const load = (id: string): Promise<Dataset> => datasetEntry(id).load(noPacks, {});
const registered = () => datasetEntries().map((d) => d.id);

/** What a reload does: the session's datasets are gone, and a new store on the same database restores them. */
async function reload(name: string, ids: string[]) {
  for (const id of ids) unregisterDataset(id);
  const yours = yourDatasets(labStore(name), noPacks);
  await yours.restore();
  return yours;
}

afterEach(() => vi.restoreAllMocks());

describe('your datasets', () => {
  test('a kept upload is registered again after a reload: the same id, the same examples in the same split', async () => {
    const name = freshName();
    const yours = yourDatasets(labStore(name), noPacks);
    const images = await yours.add(await read('shades.csv', pixelsCsv()), DEFAULT_SPLIT);
    const texts = await yours.add(await read('reviews.csv', textsCsv()), {
      testFraction: 0.25,
      stratified: false,
      seed: 7,
    });
    const before = await Promise.all([load(images.id), load(texts.id)]);

    const reloaded = await reload(name, [images.id, texts.id]);
    expect(registered()).toEqual(expect.arrayContaining([images.id, texts.id]));
    expect(await Promise.all([load(images.id), load(texts.id)])).toEqual(before);
    const { datasets, keeps } = await reloaded.list();
    expect(keeps).toBe(true);
    expect(datasets).toMatchObject([
      { id: images.id, name: 'shades', kind: 'image', examples: 12, classes: 2, bytes: 12 * 64 + 12 * 4, kept: true },
      { id: texts.id, name: 'reviews', kind: 'tokens', examples: 12, classes: 2, kept: true },
    ]);
    expect(datasets.every((d) => d.problem === undefined)).toBe(true);

    await reloaded.remove(images.id);
    expect(registered()).not.toContain(images.id);
    const again = await reload(name, [texts.id]);
    expect((await again.list()).datasets.map((d) => d.id)).toEqual([texts.id]);
    await again.remove(texts.id);
  });

  test('a dataset file is kept like an upload: registered again after a reload, under the same id', async () => {
    const name = freshName();
    const yours = yourDatasets(labStore(name), noPacks);
    // Six points of the blobs, tested on the blobs' test split (a toy set: no pack to read).
    const file = new TextEncoder().encode(
      datasetFileText(
        datasetFileJson({
          name: 'six blobs points',
          classes: makeToyDataset('blobs').classes,
          input: { kind: 'vector', length: 2 },
          testFrom: 'blobs',
          labels: [0, 1, 2, 3, 0, 1],
          values: [-1, -1, 1, -1, -1, 1, 1, 1, -0.5, -1.5, 0.25, -0.75],
        }),
      ),
    );
    const entry = await yours.addFile(file, 'six.json');
    const before = await load(entry.id);
    expect(before.train.count).toBe(6);

    const reloaded = await reload(name, [entry.id]);
    expect(registered()).toContain(entry.id);
    expect(await load(entry.id)).toEqual(before);
    expect((await reloaded.list()).datasets).toMatchObject([
      {
        id: entry.id,
        name: 'six blobs points',
        kind: 'vector',
        examples: 6,
        classes: 4,
        bytes: file.byteLength,
        kept: true,
      },
    ]);

    // A bad file is refused with its message and changes nothing.
    const ids = registered();
    await expect(reloaded.addFile(new TextEncoder().encode('{"format": "lab-dataset"'), 'cut.json')).rejects.toThrow(
      /^cut\.json: /,
    );
    expect(registered()).toEqual(ids);
    expect((await reloaded.list()).datasets.map((d) => d.id)).toEqual([entry.id]);
    await reloaded.remove(entry.id);
    expect(registered()).not.toContain(entry.id);
  });

  test('a full quota keeps nothing and registers nothing', async () => {
    const yours = yourDatasets(labStore(freshName()), noPacks);
    const upload = await read('full.csv', pixelsCsv());
    const before = registered();
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const refused = await yours.add(upload, DEFAULT_SPLIT).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as Error).message).toMatch(
      /^The browser's storage for this page is full, so the dataset "full" was not saved/,
    );
    expect(registered()).toEqual(before);
    expect((await yours.list()).datasets).toEqual([]);
  });

  test('a kept record that cannot be registered again is listed with its problem, and can be deleted', async () => {
    const name = freshName();
    const store = labStore(name);
    const upload = await read('moved.csv', pixelsCsv());
    const about = { name: 'x', kind: 'image', examples: 12, classes: 2, addedAt: 1, bytes: 1 };
    await store.saveDataset({ ...about, id: 'upload-old', data: { version: 0 } });
    // Examples that no longer hash to the id they were kept under.
    await store.saveDataset({
      ...about,
      id: 'upload-0000000000000000',
      addedAt: 2,
      data: { upload, split: DEFAULT_SPLIT },
    });

    const yours = await reload(name, []);
    const { datasets } = await yours.list();
    expect(datasets.map((d) => [d.id, d.problem])).toEqual([
      [
        'upload-old',
        'could not be restored (it was stored in a form this lab no longer reads); delete it and upload the file again',
      ],
      [
        'upload-0000000000000000',
        'could not be restored (its examples no longer match its id); delete it and upload the file again',
      ],
    ]);
    expect(registered()).not.toContain('upload-old');
    await yours.remove('upload-old');
    await yours.remove('upload-0000000000000000');
    expect(await store.datasets()).toEqual([]);
  });

  test('only your datasets can be deleted', async () => {
    const yours = yourDatasets(labStore(freshName()), noPacks);
    await expect(yours.remove('mnist')).rejects.toThrow('"mnist" is not one of your datasets');
    expect(registered()).toContain('mnist');
  });

  test('without IndexedDB an upload lasts for the session', async () => {
    const yours = yourDatasets(undefined, noPacks);
    const entry = await yours.add(await read('session.csv', pixelsCsv()), DEFAULT_SPLIT);
    expect(registered()).toContain(entry.id);
    expect(await yours.list()).toMatchObject({ keeps: false, datasets: [{ id: entry.id, kept: false }] });
    await yours.remove(entry.id);
    expect(registered()).not.toContain(entry.id);
  });

  test('a tab follows what another tab kept and deleted', async () => {
    const name = freshName();
    const here = yourDatasets(labStore(name), noPacks);
    const there = yourDatasets(labStore(name), noPacks);
    await Promise.all([here.restore(), there.restore()]);
    const entry = await there.add(await read('reviews.csv', textsCsv()), DEFAULT_SPLIT);
    expect((await here.list()).datasets).toEqual([]);

    expect(await here.sync()).toEqual([]);
    expect((await here.list()).datasets).toMatchObject([{ id: entry.id, name: 'reviews', kept: true }]);

    await there.remove(entry.id);
    expect(await here.sync()).toEqual([entry.id]);
    expect((await here.list()).datasets).toEqual([]);
    expect(registered()).not.toContain(entry.id);
  });
});
