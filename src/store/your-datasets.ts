/**
 * The person's uploaded datasets: registered for the session, kept in the
 * lab store so that a reload registers them again, and listed for deletion.
 * A dataset is kept as its parsed upload and the split chosen, which hash
 * to its id: registered again, it is the same dataset under the same id.
 * Without a store (no IndexedDB) uploads last for the session only.
 */
import { registerDataset, unregisterDataset, type DatasetEntry } from '../engine/data/registry';
import { uploadEntry, type SplitChoice } from '../engine/data/upload/build-upload';
import type { ParsedUpload } from '../engine/data/upload/read-upload';
import type { LabStore, StoredDataset } from './lab-store';

/** What a kept upload's `data` holds. */
export interface KeptUpload {
  upload: ParsedUpload;
  split: SplitChoice;
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

/** About how many bytes a kept upload takes: its examples and labels (texts at two bytes a character). */
function sizeOf({ upload }: KeptUpload): number {
  const { examples, y } = upload;
  const content = examples.kind === 'tokens' ? examples.texts.reduce((n, text) => n + 2 * text.length, 0) : examples.x.byteLength;
  return content + y.byteLength;
}

/** The entry a kept upload registers as; refuses one whose content no longer hashes to its id. */
function restoredEntry(stored: StoredDataset): DatasetEntry {
  const { upload, split } = (stored.data ?? {}) as Partial<KeptUpload>;
  if (!upload?.examples || !split) throw new Error('it was stored in a form this lab no longer reads');
  const entry = uploadEntry(upload, split);
  if (entry.id !== stored.id) throw new Error('its examples no longer match its id');
  return entry;
}

export interface YourDatasets {
  /** Registers the kept datasets again, once; every other call waits for it. */
  restore(): Promise<void>;
  /** Keeps, then registers, an upload split as chosen. A failed save (a full quota) throws and registers nothing. */
  add(upload: ParsedUpload, split: SplitChoice): Promise<DatasetEntry>;
  /** Deletes one of the person's datasets from the store and from the datasets. */
  remove(id: string): Promise<void>;
  list(): Promise<YourDatasetList>;
}

export function yourDatasets(store: LabStore | undefined): YourDatasets {
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
    for (const stored of kept) {
      const { data: _data, ...about } = stored;
      try {
        registerDataset(restoredEntry(stored));
        listed.set(stored.id, { ...about, kept: true });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        listed.set(stored.id, { ...about, kept: true, problem: `could not be restored (${reason}); delete it and upload the file again` });
      }
    }
  }

  const restore = () => (restoring ??= restoreAll());

  return {
    restore,
    async add(upload, split) {
      await restore();
      const entry = uploadEntry(upload, split);
      const data: KeptUpload = { upload, split };
      const about = { id: entry.id, name: entry.name, kind: entry.kind, examples: upload.y.length, classes: upload.classes.length, addedAt: Date.now(), bytes: sizeOf(data) };
      if (keeps) await store!.saveDataset({ ...about, data });
      registerDataset(entry);
      listed.set(entry.id, { ...about, kept: keeps });
      return entry;
    },
    async remove(id) {
      await restore();
      const dataset = listed.get(id);
      if (!dataset) throw new Error(`"${id}" is not one of your datasets`);
      if (dataset.kept) await store!.deleteDataset(id);
      unregisterDataset(id);
      listed.delete(id);
    },
    async list() {
      await restore();
      return { datasets: [...listed.values()].sort((a, b) => a.addedAt - b.addedAt), keeps };
    },
  };
}
