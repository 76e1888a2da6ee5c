/**
 * The person's datasets (uploads and lab dataset files): registered in the
 * worker's open datasets, kept in the lab store so that a reload registers
 * them again, and listed for deletion. An upload is kept as its parsed
 * examples and the split chosen, a dataset file as its bytes; both hash to
 * their id, so registered again each is the same dataset under the same
 * id. Without a store (no IndexedDB) they last for the session only.
 */
import { openDatasetFile } from '../src/engine/data/file-dataset';
import type { OpenDatasets } from '../src/engine/data/open-datasets';
import type { DatasetEntry, PackSource } from '../src/engine/data/registry';
import { DEFAULT_SPLIT, uploadEntry, type SplitChoice } from '../src/engine/data/upload/build-upload';
import { keptUpload } from '../src/engine/data/upload/kept-upload';
import { isArchive, readArchive, type ParsedUpload } from '../src/engine/data/upload/read-upload';
import { keptBytes } from '../src/engine/data/upload/summary';
import type { LabStore, StoredDataset } from '../src/store/lab-store';

/** What a kept upload's `data` holds. */
export interface KeptUpload {
  upload: ParsedUpload;
  split: SplitChoice;
}

/** What a kept dataset file's `data` holds: the file as it was read. */
export interface KeptFile {
  file: Uint8Array;
  fileName: string;
}

/** A dataset as the "Your datasets" list shows it. */
export interface YourDataset extends Omit<StoredDataset, 'data'> {
  /** Kept across reloads; false where the browser gives the page no storage. */
  kept: boolean;
  /** Why a kept dataset could not be registered again: it can only be deleted. */
  problem?: string;
}

export interface YourDatasetList {
  datasets: YourDataset[];
  /** Uploads are kept across reloads (the page has storage, and could read it). */
  keeps: boolean;
}

/** The entry a kept dataset registers as; refuses one whose content no longer hashes to its id. */
async function restoredEntry(stored: StoredDataset, source: PackSource): Promise<DatasetEntry> {
  const data = (stored.data ?? {}) as Partial<KeptUpload & KeptFile>;
  let entry: DatasetEntry;
  if (data.file instanceof Uint8Array && typeof data.fileName === 'string')
    entry = (await openDatasetFile(data.file, source, data.fileName)).entry;
  else if (data.upload?.examples && data.split) entry = uploadEntry(keptUpload(data.upload), data.split);
  else throw new Error('it was stored in a form this lab no longer reads');
  if (entry.id !== stored.id) throw new Error('its examples no longer match its id');
  return entry;
}

export interface YourDatasets {
  /** Registers the kept datasets again, once; every other call waits for it. */
  restore(): Promise<void>;
  /** Keeps, then registers, an upload split as chosen. A failed save (a full quota) throws and registers nothing. */
  add(upload: ParsedUpload, split: SplitChoice): Promise<DatasetEntry>;
  /**
   * Opens a lab dataset file, then keeps and registers it; a CIFAR archive
   * is read and kept as an upload with its own split. A bad file or a
   * failed save throws and registers nothing.
   */
  addFile(file: Uint8Array, fileName: string): Promise<DatasetEntry>;
  /** Deletes one of the person's datasets from the store and from the datasets. */
  remove(id: string): Promise<void>;
  /**
   * Follows what another tab kept or deleted: registers the datasets kept
   * since and unregisters those deleted; returns the ids unregistered.
   */
  sync(): Promise<string[]>;
  list(): Promise<YourDatasetList>;
}

/**
 * Registers the person's datasets in `datasets`. `source`: where a dataset
 * file's test split (a bundled dataset's) is read from.
 */
export function yourDatasets(datasets: OpenDatasets, store: LabStore | undefined, source: PackSource): YourDatasets {
  const listed = new Map<string, YourDataset>();
  let keeps = store !== undefined;
  let restoring: Promise<void> | undefined;

  async function restoreAll(): Promise<void> {
    if (!store) return;
    let kept: StoredDataset[];
    try {
      kept = await store.datasets();
    } catch {
      // Storage the page cannot read: uploads last for the session.
      keeps = false;
      return;
    }
    for (const stored of kept) await registerKept(stored);
  }

  /** Registers a kept dataset and lists it; one that cannot be registered is listed with why. */
  async function registerKept(stored: StoredDataset): Promise<void> {
    const { data: _data, ...about } = stored;
    try {
      datasets.add(await restoredEntry(stored, source));
      listed.set(stored.id, { ...about, kept: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      listed.set(stored.id, {
        ...about,
        kept: true,
        problem: `could not be restored (${reason}); delete it and upload the file again`,
      });
    }
  }

  function forget(id: string): void {
    datasets.remove(id);
    listed.delete(id);
  }

  const restore = () => (restoring ??= restoreAll());

  /** Keeps (where the page has storage), then registers, a dataset and its `data`. */
  async function keep(
    entry: DatasetEntry,
    data: KeptUpload | KeptFile,
    counts: { examples: number; classes: number; bytes: number },
  ): Promise<DatasetEntry> {
    await restore();
    const about = { id: entry.id, name: entry.name, kind: entry.kind, addedAt: Date.now(), ...counts };
    if (keeps) await store!.saveDataset({ ...about, data });
    datasets.add(entry);
    listed.set(entry.id, { ...about, kept: keeps });
    return entry;
  }

  /** Keeps and registers an upload with its split. */
  function add(upload: ParsedUpload, split: SplitChoice): Promise<DatasetEntry> {
    return keep(uploadEntry(upload, split), { upload, split } satisfies KeptUpload, {
      examples: upload.y.length,
      classes: upload.classes.length,
      bytes: keptBytes(upload),
    });
  }

  return {
    restore,
    add,
    async addFile(file, fileName) {
      if (isArchive(fileName)) return add(await readArchive(fileName, file), DEFAULT_SPLIT);
      const { entry, dataset } = await openDatasetFile(file, source, fileName);
      return keep(
        entry,
        { file, fileName },
        { examples: dataset.train.count, classes: dataset.classes.length, bytes: file.byteLength },
      );
    },
    async remove(id) {
      await restore();
      const dataset = listed.get(id);
      if (!dataset) throw new Error(`"${id}" is not one of your datasets`);
      if (dataset.kept) await store!.deleteDataset(id);
      forget(id);
    },
    async sync() {
      await restore();
      if (!store || !keeps) return [];
      const ids = new Set(await store.datasetIds());
      const deleted = [...listed.values()].filter((d) => d.kept && !ids.has(d.id)).map((d) => d.id);
      for (const id of deleted) forget(id);
      for (const id of ids) {
        if (listed.has(id)) continue;
        const stored = await store.dataset(id);
        if (stored) await registerKept(stored);
      }
      return deleted;
    },
    async list() {
      await restore();
      return { datasets: [...listed.values()].sort((a, b) => a.addedAt - b.addedAt), keeps };
    },
  };
}
