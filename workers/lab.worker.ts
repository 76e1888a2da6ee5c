/**
 * The lab's worker: its API, a thin Comlink adapter over the engine and
 * the worker's sessions. All tfjs work happens here so the page stays
 * responsive; the page only sees plain data.
 */
// Before anything else: the worker never runs a string as code (the CSP header's job where a host sends none).
import { readResultsFile } from '../src/core/results/results-file';
import './no-code-from-strings';
import { knownWith } from '../src/engine/known';
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
import { previewDataset, previewSelection } from '../src/core/data/preview';
import type { Dataset } from '../src/core/data/dataset';
import { DATASET_FILE_LIMITS } from '../src/core/formats/dataset-file';
import { browserImageDecoder } from '../src/engine/data/upload/browser-image-decoder';
import { COLOURS } from '../src/engine/data/upload/image-decoder';
import { DEFAULT_SPLIT, TEST_FRACTION, type SplitChoice } from '../src/engine/data/upload/build-upload';
import { UPLOAD_EXTENSIONS } from '../src/core/upload/formats';
import { ARCHIVE_LIMITS, IMAGE_SIZES, UPLOAD_LIMITS } from '../src/core/upload/limits';
import { isArchive, readUpload, uploadBytes, type UploadOptions } from '../src/engine/data/upload/read-upload';
import { uploadSummary } from '../src/engine/data/upload/summary';
import type { UploadProgress } from '../src/core/upload/progress';
import { labStore } from '../src/store/lab-store';
import { failOnGpuLoss, initBackend } from '../src/engine/runtime/backend';
import { modelEntry } from '../src/engine/models/registry';
import { augmentationEntry } from '../src/engine/augment/registry';
import { mixPreview } from '../src/engine/augment/preview';
import type { MixPreview } from '../src/core/data/preview';
import type { ExperimentEvent, ExperimentResult } from '../src/core/results/types';
import { fetchPack } from './fetch-pack';
import type { RunStart } from './run-session';
import { throttledEvents, throttledProgress } from './throttle';
import { workerState } from './worker-state';

/** tfjs insists on a URL for each of its three binaries, though threads stay off (see backend.ts). */
const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
};

/** Examples per class that the preview panel shows: texts take more room than images. */
const PREVIEW_PER_CLASS: Record<Dataset['input']['kind'], number> = { image: 8, tokens: 5, vector: 8 };
/** Examples the mixing preview mixes: texts take more room than images. */
const MIX_PREVIEW_COUNT: Record<Dataset['input']['kind'], number> = { image: 12, tokens: 4, vector: 8 };
/** Picked examples per class that the picks panel shows; 2-D points show in its scatter instead. */
const PICKS_PER_CLASS: Record<Dataset['input']['kind'], number> = { image: 12, tokens: 5, vector: 0 };

export type DownloadProgress = (loaded: number, total: number) => void;

/** All the worker keeps (see worker-state.ts): the API holds nothing of its own. */
const state = workerState();

/** How the worker finds and loads a config's dataset: among its open datasets, packs fetched, loaded ones reused. */
const datasetOptions = { datasets: state.datasets, source: fetchPack, loaded: state.loaded };

const api = {
  async catalog() {
    await state.restoring;
    return getCatalog(state.datasets);
  },

  defaultConfig: () => defaultConfig(),

  // A config, or a link, may name an upload kept from before: it must be registered again first.
  async validate(input: unknown) {
    await state.restoring;
    return parseConfig(state.datasets, input);
  },

  /** A lab link (or its fragment) read and checked; never throws: a bad link is a message. */
  async readLink(link: string) {
    await state.restoring;
    return readShareLink(link, knownWith(state.datasets));
  },

  /** A results file's text read and checked (see core/results/results-file.ts); never throws: a bad file is a message. */
  async readResults(text: string) {
    await state.restoring;
    return readResultsFile(text, knownWith(state.datasets));
  },

  /** The fragment that holds a comparison and its classroom view; the config is checked first. */
  shareFragment: (shared: { config: unknown; classroom?: ClassroomView }) =>
    shareFragment({ ...shared, config: requireConfig(state.datasets, shared.config) }),

  /** The presets, each with the fragment that opens it as its link would. */
  presets: () => presets().map(({ state: shared, ...preset }) => ({ ...preset, fragment: shareFragment(shared) })),

  async preview(datasetId: string, onProgress?: DownloadProgress) {
    const dataset = await getDataset({ dataset: datasetId, data: {} }, { ...datasetOptions, onDownload: onProgress });
    return previewDataset(dataset, PREVIEW_PER_CLASS[dataset.input.kind]);
  },

  /**
   * The examples a run picked: `data` is its config's dataset (and sequence
   * length), `indices` its selection. With no indices (a distilled run), the
   * class names and, on 2-D sets, every training point.
   */
  async selection(data: Pick<LabConfig, 'dataset' | 'data'>, indices: number[]) {
    const dataset = await getDataset(data, datasetOptions);
    return previewSelection(dataset, indices, PICKS_PER_CLASS[dataset.input.kind]);
  },

  /**
   * A batch as an augmentation mixes it (see engine/augment/preview.ts), or
   * the problems of the request. Drawn on the CPU, a few examples being
   * quicker there than a GPU's set-up, unless a run holds the backend.
   */
  async mixPreview(
    input: unknown,
  ): Promise<{ ok: true; preview: MixPreview } | { ok: false; problems: ConfigProblem[] }> {
    const parsed = parseMixPreview(state.datasets, input);
    if (!parsed.ok) return parsed;
    const { request } = parsed;
    const dataset = await getDataset(request, datasetOptions);
    if (!state.run.running) await initBackend({ prefer: 'cpu', only: true });
    const model = { entry: modelEntry(request.model.name), spec: request.model };
    const augment = { entry: augmentationEntry(request.augment.name), spec: request.augment };
    return {
      ok: true,
      preview: await mixPreview(dataset, model, augment, request.seed, MIX_PREVIEW_COUNT[dataset.input.kind]),
    };
  },

  /** `start`: held from the start (a classroom's "step one epoch" from rest runs the first epoch, then holds). */
  async run(
    input: unknown,
    onEvent: (event: ExperimentEvent) => void,
    start: RunStart = { paused: false, step: false },
  ): Promise<ExperimentResult> {
    const parsed = parseConfig(state.datasets, input);
    if (!parsed.ok) throw new ConfigError(parsed.problems);
    // The engine picks the backend (the config's choice, else the first that can train the model).
    return state.run.run(start, throttledEvents(onEvent), (hooks) =>
      // A lost GPU device fails the run at once, whatever it was waiting for.
      failOnGpuLoss(
        runExperiment(parsed.config, {
          ...hooks,
          ...datasetOptions,
          wasmPaths: WASM_PATHS,
          store: state.store,
        }),
      ),
    );
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
   * returns it as the catalog lists it. A CIFAR archive is read as an upload
   * with its own split. A bad file or a failed save throws a message and
   * changes nothing.
   */
  async loadDatasetFile(file: Blob, name: string) {
    if (isArchive(name)) return catalogDataset(await state.uploads.addFile(await uploadBytes(file, name), name));
    const limit = DATASET_FILE_LIMITS.bytes;
    if (file.size > limit)
      throw new Error(
        `${name}: is ${(file.size / 2 ** 20).toFixed(1)} MiB; a dataset file may be at most ${limit / 2 ** 20} MiB`,
      );
    const entry = await state.uploads.addFile(new Uint8Array(await file.arrayBuffer()), name);
    return catalogDataset(entry);
  },

  /** What an upload may be: the choices before reading (image sizes, colour), the stated limits, and the default split. */
  uploadSettings: () => ({
    imageSizes: [...IMAGE_SIZES],
    colours: [...COLOURS],
    extensions: UPLOAD_EXTENSIONS,
    limits: UPLOAD_LIMITS,
    archiveLimits: ARCHIVE_LIMITS,
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
    const { token, upload } = await state.upload.read(async (shouldStop) =>
      readUpload(name, await uploadBytes(file, name), options, browserImageDecoder, {
        onProgress: onProgress && throttledProgress(onProgress),
        shouldStop,
      }),
    );
    return { token, summary: uploadSummary(upload, PREVIEW_PER_CLASS[upload.examples.kind]) };
  },

  /** Stops the upload being read at its next image (or stage); its reading throws UploadCancelled and keeps nothing. */
  cancelUpload: () => state.upload.cancelReading(),

  /**
   * Keeps the held upload (across reloads) and adds it as a dataset split as
   * chosen; returns it as the catalog lists it. A refused split or a failed
   * save (a full quota) throws, adds nothing and holds the upload still.
   */
  async confirmUpload(token: number, split: SplitChoice) {
    return catalogDataset(await state.upload.confirm(token, (upload) => state.uploads.add(upload, split)));
  },

  /** Drops the held upload (the person cancelled it). */
  discardUpload: () => state.upload.discard(),

  /** The person's uploaded datasets, oldest first, and whether they are kept across reloads. */
  yourDatasets: () => state.uploads.list(),

  /** Deletes one of the person's datasets: from storage, the datasets, and the loaded ones. */
  async deleteUpload(id: string) {
    await state.uploads.remove(id);
    state.forgetLoaded(id);
  },

  /** Follows the datasets another tab kept or deleted (the page hears of it); a deleted one is forgotten here too. */
  async syncYourDatasets() {
    for (const id of await state.uploads.sync()) state.forgetLoaded(id);
  },

  /** How much of the browser's storage the page uses, and may use. */
  storageUse: () => labStore().storageUse(),

  cancel: () => state.run.cancel(),

  /** Holds the run under way (its distillation at the next iteration, its training at the next step), its clock stopped. */
  pause: () => state.run.pause(),

  resume: () => state.run.resume(),

  /** Runs training to the end of its current epoch (or, held at an epoch's end, the next), then holds it. */
  step: () => state.run.step(),

  /** Trains a fresh network on the distilled set as it stands, at its next iteration. */
  evaluateNow: () => state.run.evaluateNow(),
};

export type LabWorkerApi = typeof api;

Comlink.expose(api);
