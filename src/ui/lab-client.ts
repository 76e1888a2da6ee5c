/**
 * The page's handle on the lab worker. Everything that touches tfjs runs in
 * the worker; the page only exchanges plain data with it through Comlink.
 */
import * as Comlink from 'comlink';
import type { LabWorkerApi } from '../../workers/lab.worker';
import type { ExperimentEvent } from '../engine/experiment/types';

export type LabApi = Comlink.Remote<LabWorkerApi>;
export type Catalog = Awaited<ReturnType<LabWorkerApi['catalog']>>;
export type CatalogDataset = Catalog['datasets'][number];
export type DatasetPreview = Awaited<ReturnType<LabWorkerApi['preview']>>;
export type ValidationResult = Awaited<ReturnType<LabWorkerApi['validate']>>;
/** A mixing preview, or why the request was refused. */
export type MixPreviewReply = Awaited<ReturnType<LabWorkerApi['mixPreview']>>;
/** The backend the engine chose, and why it passed over the ones before it. */
export type BackendChoice = Omit<Extract<ExperimentEvent, { type: 'backend' }>, 'type'>;

export interface LabClient {
  api: LabApi;
  /** Validates and runs a config; events stream to `onEvent` while it runs. */
  run(input: unknown, onEvent: (event: ExperimentEvent) => void): ReturnType<LabApi['run']>;
  preview(datasetId: string, onProgress: (loaded: number, total: number) => void): ReturnType<LabApi['preview']>;
  /** Has the worker read a lab dataset file (it parses it, not the page) and add it to this session's datasets. */
  loadDatasetFile(file: File): Promise<CatalogDataset>;
  /** Called when the worker fails to load or throws an error that no call caught. */
  onWorkerError(listener: (message: string) => void): void;
}

export function createLabClient(): LabClient {
  const worker = new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<LabWorkerApi>(worker);
  return {
    api,
    run: (input, onEvent) => api.run(input, Comlink.proxy(onEvent)),
    preview: (datasetId, onProgress) => api.preview(datasetId, Comlink.proxy(onProgress)),
    // A File is cloned to the worker without reading it here.
    loadDatasetFile: (file) => api.loadDatasetFile(file, file.name),
    onWorkerError: (listener) => worker.addEventListener('error', (event) => listener(event.message || 'the worker could not start')),
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
