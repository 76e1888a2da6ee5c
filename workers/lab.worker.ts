/**
 * The lab's worker: a thin Comlink adapter over the engine. All tfjs work
 * happens here so the page stays responsive; the page only sees plain data.
 */
import * as Comlink from 'comlink';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { catalogDataset, getCatalog } from '../src/engine/catalog';
import { defaultConfig, parseConfig, ConfigError, type LabConfig } from '../src/engine/config';
import { getDataset, runExperiment } from '../src/engine/experiment/run';
import type { PackSource } from '../src/engine/data/registry';
import { previewDataset, previewSelection } from '../src/engine/data/preview';
import type { Dataset } from '../src/engine/data/dataset';
import { DATASET_FILE_LIMITS } from '../src/engine/data/dataset-file';
import { registerDatasetFile } from '../src/engine/data/file-dataset';
import { indexedDbArtifactStore } from '../src/store/artifact-store';
import type { ExperimentEvent, ExperimentResult } from '../src/engine/experiment/types';

/** tfjs insists on a URL for each of its three binaries, though threads stay off (see backend.ts). */
const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
};

/** Progress events arrive every step; the page needs only a few per second. */
const PROGRESS_INTERVAL_MS = 125;
/** Examples per class that the preview panel shows: texts take more room than images. */
const PREVIEW_PER_CLASS: Record<Dataset['input']['kind'], number> = { image: 8, tokens: 5, vector: 8 };
/** Picked examples per class that the picks panel shows; 2-D points show in its scatter instead. */
const PICKS_PER_CLASS: Record<Dataset['input']['kind'], number> = { image: 12, tokens: 5, vector: 0 };

export type DownloadProgress = (loaded: number, total: number) => void;

/** Reads a pack from the site's data folder, reporting download progress. */
const fetchPack: PackSource = async (file, onProgress) => {
  const url = `${import.meta.env.BASE_URL}data/${file}`;
  // Asking for binary keeps a single-page-app server from answering with index.html.
  const response = await fetch(url, { headers: { Accept: 'application/octet-stream' } });
  const isHtml = response.headers.get('content-type')?.includes('text/html') ?? false;
  if (response.status === 404 || (response.ok && isHtml)) {
    throw new Error(`The data pack "${file}" is missing from the server. Run \`npm run prepare-data\` to build it.`);
  }
  if (!response.ok || !response.body) {
    throw new Error(`Could not download the data pack "${file}" (HTTP ${response.status}).`);
  }
  const total = Number(response.headers.get('content-length')) || 0;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress?.(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
};

/** Loaded datasets, shared by previews and runs, so a pack is usually downloaded once. */
const datasets = new Map<string, Promise<Dataset>>();

/** Cached work (a KD teacher, an expert buffer) kept across reloads in IndexedDB. */
const store = indexedDbArtifactStore();

let cancelRequested = false;
/** The live view's requests to the distillation under way, read between its iterations. */
let pauseRequested = false;
let evaluationRequested = false;
const distillation = {
  paused: () => pauseRequested,
  takeEvaluation() {
    const asked = evaluationRequested;
    evaluationRequested = false;
    return asked;
  },
};

/** Passes every event on, except `progress`, which it thins to a few per second. */
function throttledEvents(onEvent: (event: ExperimentEvent) => void): (event: ExperimentEvent) => void {
  let lastProgressAt = -Infinity;
  return (event) => {
    if (event.type === 'progress') {
      const now = performance.now();
      if (now - lastProgressAt < PROGRESS_INTERVAL_MS && event.step < event.totalSteps) return;
      lastProgressAt = now;
    }
    onEvent(event);
  };
}

const api = {
  catalog: () => getCatalog(),

  defaultConfig: () => defaultConfig(),

  validate: (input: unknown) => parseConfig(input),

  async preview(datasetId: string, onProgress?: DownloadProgress) {
    const dataset = await getDataset({ dataset: datasetId, data: {} }, { source: fetchPack, datasets, onDownload: onProgress });
    return previewDataset(dataset, PREVIEW_PER_CLASS[dataset.input.kind]);
  },

  /**
   * The examples a run picked: `data` is its config's dataset (and sequence
   * length), `indices` its selection. With no indices (a distilled run), the
   * class names and, on 2-D sets, every training point.
   */
  async selection(data: Pick<LabConfig, 'dataset' | 'data'>, indices: number[]) {
    const dataset = await getDataset(data, { source: fetchPack, datasets });
    return previewSelection(dataset, indices, PICKS_PER_CLASS[dataset.input.kind]);
  },

  async run(input: unknown, onEvent: (event: ExperimentEvent) => void): Promise<ExperimentResult> {
    const parsed = parseConfig(input);
    if (!parsed.ok) throw new ConfigError(parsed.problems);
    cancelRequested = pauseRequested = evaluationRequested = false;
    // A request belongs to the run it was made in.
    const forward = throttledEvents(onEvent);
    const events = (event: ExperimentEvent) => {
      if (event.type === 'run-start') pauseRequested = evaluationRequested = false;
      forward(event);
    };
    // The engine picks the backend (the config's choice, else the first that can train the model).
    return runExperiment(parsed.config, {
      source: fetchPack,
      onEvent: events,
      shouldStop: () => cancelRequested,
      distillation,
      datasets,
      wasmPaths: WASM_PATHS,
      store,
    });
  },

  /**
   * Reads a lab dataset file (a distilled set exported from a run) and adds
   * it to the datasets for this session; returns it as the catalog lists it.
   * A bad file throws a message and changes nothing.
   */
  async loadDatasetFile(file: Blob, name: string) {
    const limit = DATASET_FILE_LIMITS.bytes;
    if (file.size > limit) throw new Error(`${name}: is ${(file.size / 2 ** 20).toFixed(1)} MiB; a dataset file may be at most ${limit / 2 ** 20} MiB`);
    const { entry } = await registerDatasetFile(await file.arrayBuffer(), fetchPack, name);
    return catalogDataset(entry);
  },

  cancel() {
    cancelRequested = true;
  },

  /** Holds the distillation under way at its next iteration, its clock stopped. */
  pause() {
    pauseRequested = true;
  },

  resume() {
    pauseRequested = false;
  },

  /** Trains a fresh network on the distilled set as it stands, at its next iteration. */
  evaluateNow() {
    evaluationRequested = true;
  },
};

export type LabWorkerApi = typeof api;

Comlink.expose(api);
