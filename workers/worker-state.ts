/**
 * What the worker keeps while it lives, in one object created once per
 * worker: a fresh worker (after a crash) starts from a fresh one, and the
 * page gives it back what it registered (see ui/worker-supervisor.ts).
 * Kept apart from the API so that the API holds no state of its own.
 */
import type { Dataset } from '../src/core/data/dataset';
import type { ParsedUpload } from '../src/engine/data/upload/read-upload';
import { OpenDatasets } from '../src/engine/data/open-datasets';
import { indexedDbArtifactStore } from '../src/store/artifact-store';
import { labStore } from '../src/store/lab-store';
import { fetchPack } from './fetch-pack';
import { RunSession } from './run-session';
import { UploadSession } from './upload-session';
import { yourDatasets } from './your-datasets';

export function workerState() {
  /** The datasets a config may name: the bundled ones, and the person's. */
  const datasets = new OpenDatasets();
  /** Loaded datasets, shared by previews and runs, so a pack is usually downloaded once. */
  const loaded = new Map<string, Promise<Dataset>>();
  /** The person's uploads and dataset files, kept across reloads where the browser has IndexedDB. */
  const uploads = yourDatasets(datasets, typeof indexedDB === 'undefined' ? undefined : labStore(), fetchPack);
  return {
    datasets,
    loaded,
    uploads,
    /** Uploads kept from before, registered again: awaited before the catalog (or a config naming one) is read. */
    restoring: uploads.restore(),
    /** Cached work (a KD teacher, an expert buffer) kept across reloads in IndexedDB. */
    store: indexedDbArtifactStore(),
    run: new RunSession(),
    upload: new UploadSession<ParsedUpload>(),
    /** Drops a deleted dataset's loaded copies (one per split key). */
    forgetLoaded(id: string): void {
      for (const key of loaded.keys()) if (key.startsWith(`${id}:`)) loaded.delete(key);
    },
  };
}
