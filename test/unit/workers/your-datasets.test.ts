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
import { OpenDatasets } from '../../../src/engine/data/open-datasets';
import type { PackSource } from '../../../src/engine/data/registry';
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

/** A worker's datasets, and the person's in them, kept in the database `name` (none: no IndexedDB). */
function opened(name: string | undefined) {
  const datasets = new OpenDatasets();
  return { datasets, yours: yourDatasets(datasets, name === undefined ? undefined : labStore(name), noPacks) };
}

const load = (datasets: OpenDatasets, id: string): Promise<Dataset> => datasets.entry(id).load(noPacks, {});
const registered = (datasets: OpenDatasets) => datasets.entries().map((d) => d.id);

/** What a reload does: a fresh worker's datasets, and a new store on the same database that restores them. */
async function reload(name: string) {
  const reloaded = opened(name);
  await reloaded.yours.restore();
  return reloaded;
}

afterEach(() => vi.restoreAllMocks());

describe('your datasets', () => {
  test('a kept upload is registered again after a reload: the same id, the same examples in the same split', async () => {
    const name = freshName();
    const { datasets, yours } = opened(name);
    const images = await yours.add(await read('shades.csv', pixelsCsv()), DEFAULT_SPLIT);
    const texts = await yours.add(await read('reviews.csv', textsCsv()), {
      testFraction: 0.25,
      stratified: false,
      seed: 7,
    });
    const before = await Promise.all([load(datasets, images.id), load(datasets, texts.id)]);

    const reloaded = await reload(name);
    expect(registered(reloaded.datasets)).toEqual(expect.arrayContaining([images.id, texts.id]));
    expect(await Promise.all([load(reloaded.datasets, images.id), load(reloaded.datasets, texts.id)])).toEqual(before);
    const { datasets: listed, keeps } = await reloaded.yours.list();
    expect(keeps).toBe(true);
    expect(listed).toMatchObject([
      { id: images.id, name: 'shades', kind: 'image', examples: 12, classes: 2, bytes: 12 * 64 + 12 * 4, kept: true },
      { id: texts.id, name: 'reviews', kind: 'tokens', examples: 12, classes: 2, kept: true },
    ]);
    expect(listed.every((d) => d.problem === undefined)).toBe(true);

    await reloaded.yours.remove(images.id);
    expect(registered(reloaded.datasets)).not.toContain(images.id);
    const again = await reload(name);
    expect((await again.yours.list()).datasets.map((d) => d.id)).toEqual([texts.id]);
    await again.yours.remove(texts.id);
  });

  test('a dataset file is kept like an upload: registered again after a reload, under the same id', async () => {
    const name = freshName();
    const { datasets, yours } = opened(name);
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
    const before = await load(datasets, entry.id);
    expect(before.train.count).toBe(6);

    const reloaded = await reload(name);
    expect(registered(reloaded.datasets)).toContain(entry.id);
    expect(await load(reloaded.datasets, entry.id)).toEqual(before);
    expect((await reloaded.yours.list()).datasets).toMatchObject([
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
    const ids = registered(reloaded.datasets);
    await expect(
      reloaded.yours.addFile(new TextEncoder().encode('{"format": "lab-dataset"'), 'cut.json'),
    ).rejects.toThrow(/^cut\.json: /);
    expect(registered(reloaded.datasets)).toEqual(ids);
    expect((await reloaded.yours.list()).datasets.map((d) => d.id)).toEqual([entry.id]);
    await reloaded.yours.remove(entry.id);
    expect(registered(reloaded.datasets)).not.toContain(entry.id);
  });

  test('a full quota keeps nothing and registers nothing', async () => {
    const { datasets, yours } = opened(freshName());
    const upload = await read('full.csv', pixelsCsv());
    const before = registered(datasets);
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const refused = await yours.add(upload, DEFAULT_SPLIT).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as Error).message).toMatch(
      /^The browser's storage for this page is full, so the dataset "full" was not saved/,
    );
    expect(registered(datasets)).toEqual(before);
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

    const { datasets, yours } = await reload(name);
    const listed = (await yours.list()).datasets;
    expect(listed.map((d) => [d.id, d.problem])).toEqual([
      [
        'upload-old',
        'could not be restored (it was stored in a form this lab no longer reads); delete it and upload the file again',
      ],
      [
        'upload-0000000000000000',
        'could not be restored (its examples no longer match its id); delete it and upload the file again',
      ],
    ]);
    expect(registered(datasets)).not.toContain('upload-old');
    await yours.remove('upload-old');
    await yours.remove('upload-0000000000000000');
    expect(await store.datasets()).toEqual([]);
  });

  test('only your datasets can be deleted', async () => {
    const { datasets, yours } = opened(freshName());
    await expect(yours.remove('mnist')).rejects.toThrow('"mnist" is not one of your datasets');
    expect(registered(datasets)).toContain('mnist');
  });

  test('without IndexedDB an upload lasts for the session', async () => {
    const { datasets, yours } = opened(undefined);
    const entry = await yours.add(await read('session.csv', pixelsCsv()), DEFAULT_SPLIT);
    expect(registered(datasets)).toContain(entry.id);
    expect(await yours.list()).toMatchObject({ keeps: false, datasets: [{ id: entry.id, kept: false }] });
    await yours.remove(entry.id);
    expect(registered(datasets)).not.toContain(entry.id);
  });

  test('a tab follows what another tab kept and deleted', async () => {
    const name = freshName();
    const here = opened(name);
    const there = opened(name);
    await Promise.all([here.yours.restore(), there.yours.restore()]);
    const entry = await there.yours.add(await read('reviews.csv', textsCsv()), DEFAULT_SPLIT);
    expect((await here.yours.list()).datasets).toEqual([]);
    expect(registered(here.datasets)).not.toContain(entry.id);

    expect(await here.yours.sync()).toEqual([]);
    expect((await here.yours.list()).datasets).toMatchObject([{ id: entry.id, name: 'reviews', kept: true }]);
    expect(registered(here.datasets)).toContain(entry.id);

    await there.yours.remove(entry.id);
    expect(await here.yours.sync()).toEqual([entry.id]);
    expect((await here.yours.list()).datasets).toEqual([]);
    expect(registered(here.datasets)).not.toContain(entry.id);
  });
});
