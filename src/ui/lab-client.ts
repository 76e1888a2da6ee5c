/**
 * The page's handle on the lab worker. Everything that touches tfjs runs in
 * the worker; the page only exchanges plain data with it through Comlink.
 */
import * as Comlink from 'comlink';
import type { CatalogDataset } from '../core/settings/catalog';
import type { LabWorkerApi } from '../../workers/lab.worker';
import type { UploadProgress } from '../core/upload/progress';
import type { ExperimentEvent } from '../core/results/types';
import { superviseWorker } from './worker-supervisor';

export type LabApi = Comlink.Remote<LabWorkerApi>;
export type DatasetPreview = Awaited<ReturnType<LabWorkerApi['preview']>>;
export type ValidationResult = Awaited<ReturnType<LabWorkerApi['validate']>>;
/** A mixing preview, or why the request was refused. */
export type MixPreviewReply = Awaited<ReturnType<LabWorkerApi['mixPreview']>>;
/** What an upload may be: choices, stated limits, the default split. */
export type UploadSettings = Awaited<ReturnType<LabWorkerApi['uploadSettings']>>;
/** An upload read and waiting to be confirmed: its token and what the page shows of it. */
export type InspectedUpload = Awaited<ReturnType<LabWorkerApi['inspectUpload']>>;
export type UploadChoices = Parameters<LabWorkerApi['inspectUpload']>[2];
export type SplitChoice = Parameters<LabWorkerApi['confirmUpload']>[1];
export type YourDatasetList = Awaited<ReturnType<LabWorkerApi['yourDatasets']>>;
/** The backend the engine chose, and why it passed over the ones before it. */
export type BackendChoice = Omit<Extract<ExperimentEvent, { type: 'backend' }>, 'type'>;

export interface LabClient {
  api: LabApi;
  /** Validates and runs a config; events stream to `onEvent` while it runs. */
  run(
    input: unknown,
    onEvent: (event: ExperimentEvent) => void,
    start?: Parameters<LabApi['run']>[2],
  ): ReturnType<LabApi['run']>;
  preview(datasetId: string, onProgress: (loaded: number, total: number) => void): ReturnType<LabApi['preview']>;
  /** Has the worker read a lab dataset file (it parses it, not the page) and add it to your datasets. */
  loadDatasetFile(file: File): Promise<CatalogDataset>;
  /** Deletes one of your datasets (an upload or a dataset file). */
  deleteDataset(id: string): Promise<void>;
  /** Has the worker read and check an uploaded file; `onProgress` follows the reading of a large one, which `api.cancelUpload` stops. */
  inspectUpload(file: File, choices: UploadChoices, onProgress: UploadProgress): Promise<InspectedUpload>;
  /**
   * Called when the worker fails to start. A worker that dies later (an
   * uncaught error, out of memory) fails the calls it left unanswered with
   * the reason, and a fresh one takes its place (see worker-supervisor.ts).
   */
  onWorkerError(listener: (message: string) => void): void;
  /** Whether a worker that dies without a word is noticed (false where the browser refuses Web Locks). */
  watchesSilentEnds: Promise<boolean>;
}

export function createLabClient(): LabClient {
  const supervised = superviseWorker<LabWorkerApi>(
    () => new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), { type: 'module' }),
  );
  const { api } = supervised;
  // A fresh worker restores your datasets from the browser's storage itself. Where
  // the page has none, the dataset files loaded this session (and not deleted) are given back.
  const unkept = new Map<string, File>();
  supervised.restoreOnRestart(async (fresh) => {
    for (const file of unkept.values()) await fresh.loadDatasetFile(file, file.name);
  });
  return {
    api,
    run: (input, onEvent, start) => api.run(input, Comlink.proxy(onEvent), start),
    preview: (datasetId, onProgress) => api.preview(datasetId, Comlink.proxy(onProgress)),
    // A File is cloned to the worker without reading it here.
    async loadDatasetFile(file) {
      const dataset = await api.loadDatasetFile(file, file.name);
      if (!(await api.yourDatasets()).keeps) unkept.set(dataset.id, file);
      return dataset;
    },
    async deleteDataset(id) {
      await api.deleteUpload(id);
      unkept.delete(id);
    },
    inspectUpload: (file, choices, onProgress) =>
      api.inspectUpload(file, file.name, choices, Comlink.proxy(onProgress)),
    onWorkerError: supervised.onStartError,
    watchesSilentEnds: supervised.watchesSilentEnds,
  };
}

/** Turns whatever the worker threw into one plain sentence for the status line. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The engine throws an error named RunCancelled when a run is stopped on request. */
export function isCancellation(error: unknown): boolean {
  return error instanceof Error && error.name === 'RunCancelled';
}

/** The worker throws an error named UploadCancelled when the reading of an upload is stopped on request. */
export function isUploadCancelled(error: unknown): boolean {
  return error instanceof Error && error.name === 'UploadCancelled';
}
