/**
 * The lab's worker: a thin Comlink adapter over the engine. All tfjs work
 * happens here so the page stays responsive; the page only sees plain data.
 */
// Before anything else: the worker never runs a string as code (the CSP header's job where a host sends none).
import './no-code-from-strings';
import { knownNow } from '../src/engine/known';
import * as Comlink from 'comlink';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { getCatalog } from '../src/engine/catalog';
import { catalogDataset } from '../src/core/settings/catalog';
import { defaultConfig, parseConfig, parseMixPreview, requireConfig } from '../src/engine/config';
import { ConfigError, type ConfigProblem, type LabConfig } from '../src/core/settings/config';
import { readShareLink, shareFragment, type ClassroomView } from '../src/core/share/share-link';
import { presets } from '../src/engine/presets';
import { getDataset, runExperiment } from '../src/engine/experiment/run';
import type { PackSource } from '../src/engine/data/registry';
import { previewDataset, previewSelection } from '../src/core/data/preview';
import type { Dataset } from '../src/core/data/dataset';
import { DATASET_FILE_LIMITS } from '../src/core/formats/dataset-file';
import { browserImageDecoder } from '../src/engine/data/upload/browser-image-decoder';
import { COLOURS } from '../src/engine/data/upload/image-decoder';
import { DEFAULT_SPLIT, TEST_FRACTION, type SplitChoice } from '../src/engine/data/upload/build-upload';
import { UPLOAD_EXTENSIONS } from '../src/core/upload/formats';
import { IMAGE_SIZES, UPLOAD_LIMITS } from '../src/core/upload/limits';
import { readUpload, uploadBytes, type ParsedUpload, type UploadOptions } from '../src/engine/data/upload/read-upload';
import { uploadSummary } from '../src/engine/data/upload/summary';
import type { UploadProgress } from '../src/core/upload/progress';
import { indexedDbArtifactStore } from '../src/store/artifact-store';
import { labStore } from '../src/store/lab-store';
import { yourDatasets } from './your-datasets';
import { failOnGpuLoss, GpuDeviceLost, initBackend } from '../src/engine/runtime/backend';
import { modelEntry } from '../src/engine/models/registry';
import { augmentationEntry } from '../src/engine/augment/registry';
import { mixPreview } from '../src/engine/augment/preview';
import type { MixPreview } from '../src/core/data/preview';
import type { ExperimentEvent, ExperimentResult } from '../src/core/results/types';

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
/** Examples the mixing preview mixes: texts take more room than images. */
const MIX_PREVIEW_COUNT: Record<Dataset['input']['kind'], number> = { image: 12, tokens: 4, vector: 8 };
/** Picked examples per class that the picks panel shows; 2-D points show in its scatter instead. */
const PICKS_PER_CLASS: Record<Dataset['input']['kind'], number> = { image: 12, tokens: 5, vector: 0 };

export type DownloadProgress = (loaded: number, total: number) => void;

/** An upload read but not yet confirmed: one at a time, so an abandoned upload holds at most one file's examples. */
let pendingUpload: { token: number; upload: ParsedUpload } | undefined;
let uploadTokens = 0;
/** The upload being read, if any: Cancel marks it, and the reading stops at its next image (or stage). */
let uploadReading: { stop: boolean } | undefined;

/** Whether a progress report goes out: a few a second, and the last. */
function progressGate(): (done: number, total: number) => boolean {
  let lastAt = -Infinity;
  return (done, total) => {
    const now = performance.now();
    if (now - lastAt < PROGRESS_INTERVAL_MS && done < total) return false;
    lastAt = now;
    return true;
  };
}

/** Passes on progress a few times a second, and the end. */
function throttledProgress(onProgress: UploadProgress): UploadProgress {
  const due = progressGate();
  return (done, total, unit) => {
    if (due(done, total)) onProgress(done, total, unit);
  };
}

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

/** The person's uploads and dataset files, kept across reloads where the browser has IndexedDB; registered again before the catalog is read. */
const uploads = yourDatasets(typeof indexedDB === 'undefined' ? undefined : labStore(), fetchPack);
const restoring = uploads.restore();

/** Drops a deleted dataset's loaded copies (one per split key). */
function forgetLoaded(id: string): void {
  for (const key of datasets.keys()) if (key.startsWith(`${id}:`)) datasets.delete(key);
}

let cancelRequested = false;
/** A run is under way: the mixing preview then computes on its backend rather than switch it. */
let running = false;
/**
 * The page's requests to the run under way: one pause holds it wherever it
 * is (a distillation between iterations, training between steps) until
 * resumed, across runs; a step runs training to its next epoch's end.
 */
let pauseRequested = false;
let stepRequested = false;
let resumeRequested = false;
let evaluationRequested = false;
const controls = {
  // A step asked while a distillation holds lets it run on to the end of training's next epoch.
  paused: () => pauseRequested && !stepRequested,
  takeStep() {
    const asked = stepRequested;
    stepRequested = false;
    return asked;
  },
  takeResume() {
    const asked = resumeRequested;
    resumeRequested = false;
    return asked;
  },
  takeEvaluation() {
    const asked = evaluationRequested;
    evaluationRequested = false;
    return asked;
  },
};

/**
 * Passes every event on, except `progress`, which it thins to a few per
 * second; a progress held back goes out before the next other event, so
 * that the page's step is exact where training holds.
 */
function throttledEvents(onEvent: (event: ExperimentEvent) => void): (event: ExperimentEvent) => void {
  const due = progressGate();
  let heldBack: ExperimentEvent | undefined;
  return (event) => {
    if (event.type === 'progress') {
      if (!due(event.step, event.totalSteps)) {
        heldBack = event;
        return;
      }
    } else if (heldBack) {
      onEvent(heldBack);
    }
    heldBack = undefined;
    onEvent(event);
  };
}

const api = {
  async catalog() {
    await restoring;
    return getCatalog();
  },

  defaultConfig: () => defaultConfig(),

  // A config, or a link, may name an upload kept from before: it must be registered again first.
  async validate(input: unknown) {
    await restoring;
    return parseConfig(input);
  },

  /** A lab link (or its fragment) read and checked; never throws: a bad link is a message. */
  async readLink(link: string) {
    await restoring;
    return readShareLink(link, knownNow());
  },

  /** The fragment that holds a comparison and its classroom view; the config is checked first. */
  shareFragment: (state: { config: unknown; classroom?: ClassroomView }) =>
    shareFragment({ ...state, config: requireConfig(state.config) }),

  /** The presets, each with the fragment that opens it as its link would. */
  presets: () => presets().map(({ state, ...preset }) => ({ ...preset, fragment: shareFragment(state) })),

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

  /**
   * A batch as an augmentation mixes it (see engine/augment/preview.ts), or
   * the problems of the request. Drawn on the CPU, a few examples being
   * quicker there than a GPU's set-up, unless a run holds the backend.
   */
  async mixPreview(input: unknown): Promise<{ ok: true; preview: MixPreview } | { ok: false; problems: ConfigProblem[] }> {
    const parsed = parseMixPreview(input);
    if (!parsed.ok) return parsed;
    const { request } = parsed;
    const dataset = await getDataset(request, { source: fetchPack, datasets });
    if (!running) await initBackend({ prefer: 'cpu', only: true });
    const model = { entry: modelEntry(request.model.name), spec: request.model };
    const augment = { entry: augmentationEntry(request.augment.name), spec: request.augment };
    return { ok: true, preview: await mixPreview(dataset, model, augment, request.seed, MIX_PREVIEW_COUNT[dataset.input.kind]) };
  },

  /** `start`: held from the start (a classroom's "step one epoch" from rest runs the first epoch, then holds). */
  async run(input: unknown, onEvent: (event: ExperimentEvent) => void, start = { paused: false, step: false }): Promise<ExperimentResult> {
    const parsed = parseConfig(input);
    if (!parsed.ok) throw new ConfigError(parsed.problems);
    cancelRequested = evaluationRequested = resumeRequested = false;
    pauseRequested = start.paused;
    stepRequested = start.step;
    // An evaluation request belongs to the run it was made in; a pause holds until resumed.
    const forward = throttledEvents(onEvent);
    const events = (event: ExperimentEvent) => {
      if (event.type === 'run-start') evaluationRequested = false;
      forward(event);
    };
    // The engine picks the backend (the config's choice, else the first that can train the model).
    running = true;
    try {
      // A lost GPU device fails the run at once, whatever it was waiting for.
      return await failOnGpuLoss(
        runExperiment(parsed.config, {
          source: fetchPack,
          onEvent: events,
          shouldStop: () => cancelRequested,
          controls,
          datasets,
          wasmPaths: WASM_PATHS,
          store,
        }),
      );
    } catch (error) {
      // The run left behind on the lost device stops at its next check, if it gets there.
      if (error instanceof GpuDeviceLost) cancelRequested = true;
      throw error;
    } finally {
      running = false;
    }
  },

  /**
   * Holds the Web Lock `name` for as long as this worker lives; resolves
   * true once held. The page asks for the same lock and is granted it when
   * the worker ends, however it ends: a crash, an out-of-memory kill,
   * closing itself. Resolves false where the browser has no Web Locks (an
   * insecure origin) or refuses them (site data blocked, a frame on another
   * site's page): then only the error event tells the page of a crash.
   */
  lifeline: (name: string) =>
    new Promise<boolean>((held) => {
      if (!('locks' in navigator)) return held(false);
      navigator.locks
        .request(name, () => {
          held(true);
          return new Promise<never>(() => {});
        })
        .catch(() => held(false));
    }),

  /**
   * Reads a lab dataset file (a distilled set exported from a run) and adds
   * it to the person's datasets, kept across reloads like an upload;
   * returns it as the catalog lists it. A bad file or a failed save throws a
   * message and changes nothing.
   */
  async loadDatasetFile(file: Blob, name: string) {
    const limit = DATASET_FILE_LIMITS.bytes;
    if (file.size > limit)
      throw new Error(`${name}: is ${(file.size / 2 ** 20).toFixed(1)} MiB; a dataset file may be at most ${limit / 2 ** 20} MiB`);
    const entry = await uploads.addFile(new Uint8Array(await file.arrayBuffer()), name);
    return catalogDataset(entry);
  },

  /** What an upload may be: the choices before reading (image sizes, colour), the stated limits, and the default split. */
  uploadSettings: () => ({
    imageSizes: [...IMAGE_SIZES],
    colours: [...COLOURS],
    extensions: UPLOAD_EXTENSIONS,
    limits: UPLOAD_LIMITS,
    split: DEFAULT_SPLIT,
    testFraction: TEST_FRACTION,
  }),

  /**
   * Reads and checks an uploaded file (a zip of class folders of images, a
   * CSV or JSON Lines) and holds it, replacing any upload not yet
   * confirmed. Returns what the page shows to confirm it, and the token
   * that confirms it. A bad file throws a message and changes nothing; so
   * does a Cancel (UploadCancelled).
   */
  async inspectUpload(file: Blob, name: string, options: UploadOptions, onProgress?: UploadProgress) {
    pendingUpload = undefined;
    const reading = { stop: false };
    uploadReading = reading;
    try {
      const upload = await readUpload(name, await uploadBytes(file, name), options, browserImageDecoder, {
        onProgress: onProgress && throttledProgress(onProgress),
        shouldStop: () => reading.stop,
      });
      const token = ++uploadTokens;
      pendingUpload = { token, upload };
      return { token, summary: uploadSummary(upload, PREVIEW_PER_CLASS[upload.examples.kind]) };
    } finally {
      if (uploadReading === reading) uploadReading = undefined;
    }
  },

  /** Stops the upload being read at its next image (or stage); its reading throws UploadCancelled and keeps nothing. */
  cancelUpload() {
    if (uploadReading) uploadReading.stop = true;
  },

  /**
   * Keeps the held upload (across reloads) and adds it as a dataset split as
   * chosen; returns it as the catalog lists it. A refused split or a failed
   * save (a full quota) throws, adds nothing and holds the upload still.
   */
  async confirmUpload(token: number, split: SplitChoice) {
    const pending = pendingUpload;
    if (pending?.token !== token) throw new Error('This upload is no longer waiting to be confirmed; choose the file again.');
    const entry = await uploads.add(pending.upload, split);
    if (pendingUpload === pending) pendingUpload = undefined;
    return catalogDataset(entry);
  },

  /** Drops the held upload (the person cancelled it). */
  discardUpload() {
    pendingUpload = undefined;
  },

  /** The person's uploaded datasets, oldest first, and whether they are kept across reloads. */
  yourDatasets: () => uploads.list(),

  /** Deletes one of the person's datasets: from storage, the datasets, and the loaded ones. */
  async deleteUpload(id: string) {
    await uploads.remove(id);
    forgetLoaded(id);
  },

  /** Follows the datasets another tab kept or deleted (the page hears of it); a deleted one is forgotten here too. */
  async syncYourDatasets() {
    for (const id of await uploads.sync()) forgetLoaded(id);
  },

  /** How much of the browser's storage the page uses, and may use. */
  storageUse: () => labStore().storageUse(),

  cancel() {
    cancelRequested = true;
  },

  /** Holds the run under way (its distillation at the next iteration, its training at the next step), its clock stopped. */
  pause() {
    pauseRequested = true;
  },

  resume() {
    pauseRequested = stepRequested = false;
    resumeRequested = true;
  },

  /** Runs training to the end of its current epoch (or, held at an epoch's end, the next), then holds it. */
  step() {
    pauseRequested = stepRequested = true;
  },

  /** Trains a fresh network on the distilled set as it stands, at its next iteration. */
  evaluateNow() {
    evaluationRequested = true;
  },
};

export type LabWorkerApi = typeof api;

Comlink.expose(api);
