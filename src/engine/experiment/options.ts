/** What a caller gives an experiment besides its config: where data comes from, events, cancel, caches, the user's hold. */
import type { ArtifactStore } from '../../core/artifact-store';
import type { Dataset } from '../../core/data/dataset';
import type { ExperimentEvent } from '../../core/results/types';
import type { OpenDatasets } from '../data/open-datasets';
import type { PackSource } from '../data/registry';
import type { RunControls } from './watch';

export interface ExperimentOptions {
  /** The datasets open in the program: the config's dataset is one of them. */
  datasets: OpenDatasets;
  source: PackSource;
  onEvent?: (event: ExperimentEvent) => void;
  /** Polled between steps; a true answer ends the experiment with RunCancelled. */
  shouldStop?: () => boolean;
  /** Datasets loaded or loading, reused across experiments (keyed by id and sequence length). */
  loaded?: Map<string, Promise<Dataset>>;
  wasmPaths?: Record<string, string>;
  onDownload?: (loaded: number, total: number) => void;
  /** Artifacts reused across runs (a teacher's outputs, ...), kept by the caller across experiments. */
  artifacts?: Map<string, unknown>;
  /** Keeps that cached work across sessions (the page's IndexedDB; see methods/cached-work.ts). */
  store?: ArtifactStore;
  /**
   * The user's hold on the run: training pauses between steps and steps an
   * epoch at a time (`held` events say where it holds); distillations are
   * watched live, their sets streaming as `distill-snapshot` events, held and
   * evaluated on request.
   */
  controls?: RunControls;
}
