/**
 * The user's own things, kept across reloads in IndexedDB (through idb):
 * uploaded datasets, the comparison last set up, and every experiment run
 * with its finished runs. Unlike the work cache (artifact-store.ts) nothing
 * here is evicted: the user deletes it.
 *
 * An experiment is written when it starts and again as each run finishes,
 * so that one cut off by a reload or a closed tab is found on return with
 * the runs it finished, marked interrupted. Every write is one transaction:
 * a full quota rejects it whole (a StoreError saying so) and leaves what was
 * stored before as it was.
 *
 * Each experiment also has a listing, a few hundred bytes written with it
 * in the same transaction: History reads the listings, and an experiment's
 * whole record (curves, picks, distilled sets) only when it is opened.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { announceChange, type StoreChange } from './changes';
import { sharedDatabase, type Upgrade } from './database';
import type { LabConfig } from '../core/settings/config';
import { summarize } from '../core/results/summary';
import type { ExperimentResult, RunResult } from '../core/results/types';
import type { ResultsFile } from '../core/results/results-file';

export const LAB_DB = 'lab-data';
/** 1: datasets, experiments, settings; 2: experiment listings. */
const LAB_DB_VERSION = 2;
const DATASETS = 'datasets';
const EXPERIMENTS = 'experiments';
const LISTINGS = 'experiment-listings';
const SETTINGS = 'settings';
const LAST_CONFIG = 'last-config';

export type ExperimentStatus = 'running' | 'done' | 'interrupted' | 'failed' | 'cancelled';

export interface StoredExperiment {
  id: string;
  config: LabConfig;
  status: ExperimentStatus;
  startedAt: number;
  /** Set once the experiment ends, however it ends. */
  endedAt?: number;
  /** The runs that finished, in order, until the whole result holds them (kept once, not twice). */
  runs: RunResult[];
  /** The whole result, once it is done. */
  result?: ExperimentResult;
  /** Why it failed, in the words shown at the time. */
  error?: string;
  /** The results file it was loaded from, where it did not run in this browser. */
  loadedFrom?: string;
}

/** What History shows of an experiment, kept beside it. */
export interface ExperimentListing {
  id: string;
  config: LabConfig;
  status: ExperimentStatus;
  startedAt: number;
  endedAt?: number;
  /** The runs it finished. */
  runCount: number;
  /** Its row with the highest final accuracy (mean over seeds); null where no run finished. */
  best: { label: string; acc: number } | null;
  loadedFrom?: string;
}

/** The summary row with the highest final accuracy: of the whole result, else of the runs finished. */
function bestRow({ config, runs, result }: StoredExperiment): ExperimentListing['best'] {
  let summary: ExperimentResult['summary'];
  try {
    summary = result?.summary ?? (runs.length > 0 ? summarize(runs, config.targetAcc).summary : []);
  } catch {
    // A record an older lab wrote may lack what the summary reads: listed without a best row rather than not at all.
    return null;
  }
  const top = summary.reduce<(typeof summary)[number] | null>(
    (a, b) => (a === null || b.finalTestAccMean > a.finalTestAccMean ? b : a),
    null,
  );
  return top && { label: top.label, acc: top.finalTestAccMean };
}

/** An experiment's listing: its runs, or those of its whole result once it has one. */
export function listingOf(experiment: StoredExperiment): ExperimentListing {
  const { id, config, status, startedAt, endedAt, runs, result, loadedFrom } = experiment;
  const listing = { id, config, status, startedAt, endedAt, runCount: (result?.runs ?? runs).length };
  return { ...listing, best: bestRow(experiment), ...(loadedFrom === undefined ? {} : { loadedFrom }) };
}

/** A new experiment's key: its start in base 36 (so that keys sort by time), and a random tail. */
const newExperimentId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** A results file's comparison as History keeps it (or, where the browser keeps nothing, only shows it). */
export function loadedExperiment({ config, status, runs }: ResultsFile, fileName: string): StoredExperiment {
  const now = Date.now();
  return { id: newExperimentId(), config, status, startedAt: now, endedAt: now, runs, loadedFrom: fileName };
}

/** An uploaded dataset as kept: what the worker needs to register it again, and what the list shows. */
export interface StoredDataset<Data = unknown> {
  id: string;
  name: string;
  kind: string;
  examples: number;
  classes: number;
  addedAt: number;
  /** About how many bytes it takes. */
  bytes: number;
  data: Data;
}

interface LabSchema extends DBSchema {
  [DATASETS]: { key: string; value: StoredDataset };
  [EXPERIMENTS]: { key: string; value: StoredExperiment; indexes: { startedAt: number } };
  [LISTINGS]: { key: string; value: ExperimentListing; indexes: { startedAt: number } };
  [SETTINGS]: { key: string; value: unknown };
}

/** A write that did not happen, with the reason in the user's terms. Nothing stored before was changed. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

function storeError(error: unknown, what: string): StoreError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') {
    return new StoreError(
      `The browser's storage for this page is full, so ${what} was not saved. Delete datasets or results you no longer need; nothing saved before was changed.`,
    );
  }
  return new StoreError(
    `${what} could not be saved (${(error as Error)?.message ?? String(error)}); nothing saved before was changed.`,
  );
}

export interface StorageUse {
  /** Bytes this page uses and may use, as the browser estimates them; undefined where it does not say. */
  usedBytes?: number;
  quotaBytes?: number;
}

export interface LabStore {
  saveDataset(dataset: StoredDataset): Promise<void>;
  datasets(): Promise<StoredDataset[]>;
  /** The kept datasets' ids, without reading their data. */
  datasetIds(): Promise<string[]>;
  dataset(id: string): Promise<StoredDataset | undefined>;
  deleteDataset(id: string): Promise<void>;
  saveLastConfig(config: LabConfig): Promise<void>;
  lastConfig(): Promise<unknown>;
  /** Keeps the comparison a results file holds (checked: see core/results/results-file.ts); returns its id. */
  keepLoaded(file: ResultsFile, fileName: string): Promise<string>;
  /** Records an experiment as running; returns its id. */
  startExperiment(config: LabConfig): Promise<string>;
  addRun(id: string, run: RunResult): Promise<void>;
  endExperiment(
    id: string,
    end: { status: Exclude<ExperimentStatus, 'running'>; result?: ExperimentResult; error?: string },
  ): Promise<void>;
  /** Every experiment's listing, newest first; those still marked running (cut off by a reload) are marked interrupted first. */
  listings(): Promise<ExperimentListing[]>;
  /** An experiment's whole record; undefined where it was deleted. */
  experiment(id: string): Promise<StoredExperiment | undefined>;
  deleteExperiment(id: string): Promise<void>;
  storageUse(): Promise<StorageUse>;
}

const upgrade: Upgrade<LabSchema> = (database, oldVersion, transaction) => {
  if (oldVersion < 1) {
    database.createObjectStore(DATASETS, { keyPath: 'id' });
    database.createObjectStore(EXPERIMENTS, { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
    database.createObjectStore(SETTINGS);
  }
  if (oldVersion < 2) {
    const listings = database.createObjectStore(LISTINGS, { keyPath: 'id' });
    listings.createIndex('startedAt', 'startedAt');
    // The experiments kept before listings existed get theirs, in the upgrade's own transaction.
    void transaction
      .objectStore(EXPERIMENTS)
      .getAll()
      .then((experiments) =>
        Promise.all(experiments.map((experiment) => transaction.objectStore(LISTINGS).put(listingOf(experiment)))),
      );
  }
};

/** The store; `name` lets tests keep their databases apart. */
export function labStore(name = LAB_DB): LabStore {
  const db = sharedDatabase<LabSchema>(name, LAB_DB_VERSION, upgrade);

  /** Runs one write; a failure (a full quota) becomes a StoreError naming `what`. */
  const write = async (what: string, work: (database: IDBPDatabase<LabSchema>) => Promise<unknown>) => {
    try {
      await work(await db());
    } catch (error) {
      throw storeError(error, what);
    }
  };
  /** Writes an experiment's record and its listing together. */
  const putExperiment = (what: string, experiment: StoredExperiment) =>
    write(what, async (database) => {
      const tx = database.transaction([EXPERIMENTS, LISTINGS], 'readwrite');
      await Promise.all([
        tx.objectStore(EXPERIMENTS).put(experiment),
        tx.objectStore(LISTINGS).put(listingOf(experiment)),
        tx.done,
      ]);
    });
  /** Runs `change`, then tells the other tabs that `what` changed. */
  const announcing =
    <A extends unknown[], R>(what: StoreChange, change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const done = await change(...args);
      announceChange(what);
      return done;
    };

  // While a page runs an experiment it holds a Web Lock named for it: another tab
  // (or a reload) then tells an experiment running elsewhere from one cut off.
  // The lock is held before the experiment is written, so that no tab ever
  // reads it as running without seeing its lock. (Where the browser has or
  // grants no Web Locks, one tab is all it can tell of.)
  const ownRunning = new Map<string, Promise<() => void>>();
  const lockName = (id: string) => `lab-experiment-${id}`;
  /** Resolves once the lock is held (or refused). */
  const holdWhileRunning = (id: string) => {
    const locks = globalThis.navigator?.locks;
    const held = new Promise<() => void>((granted) => {
      if (!locks) return granted(() => undefined);
      locks
        .request(lockName(id), () => new Promise<void>((release) => granted(release)))
        .catch(() => granted(() => undefined));
    });
    ownRunning.set(id, held);
    return held;
  };
  const stopHolding = async (id: string) => {
    const release = await ownRunning.get(id);
    ownRunning.delete(id);
    release?.();
  };
  const runningElsewhere = async (): Promise<Set<string>> => {
    const held = (await globalThis.navigator?.locks?.query().catch(() => undefined))?.held ?? [];
    return new Set(held.map((lock) => lock.name ?? ''));
  };

  /** Changes experiments and their listings in one transaction: both, or (a full quota) neither. */
  const updateExperiments = async (
    database: IDBPDatabase<LabSchema>,
    ids: string[],
    change: (experiment: StoredExperiment) => void,
  ) => {
    const tx = database.transaction([EXPERIMENTS, LISTINGS], 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    try {
      for (const id of ids) {
        const experiment = await tx.objectStore(EXPERIMENTS).get(id);
        if (!experiment) throw new Error(`no experiment ${id}`);
        change(experiment);
        await Promise.all([
          tx.objectStore(EXPERIMENTS).put(experiment),
          tx.objectStore(LISTINGS).put(listingOf(experiment)),
        ]);
      }
    } catch (error) {
      // Nothing of a failed change is kept: not its other experiments, not a listing without its record.
      // (A transaction the failure already aborted cannot be aborted again.)
      await Promise.resolve()
        .then(() => tx.abort())
        .catch(() => undefined);
      throw error;
    }
    await done;
  };
  const updateExperiment = (id: string, what: string, change: (experiment: StoredExperiment) => void) =>
    write(what, (database) => updateExperiments(database, [id], change));

  return {
    saveDataset: announcing('datasets', (dataset: StoredDataset) =>
      write(`the dataset "${dataset.name}"`, (database) => database.put(DATASETS, dataset)),
    ),
    async datasets() {
      return (await (await db()).getAll(DATASETS)).sort((a, b) => a.addedAt - b.addedAt);
    },
    datasetIds: async () => (await db()).getAllKeys(DATASETS),
    dataset: async (id) => (await db()).get(DATASETS, id),
    deleteDataset: announcing('datasets', async (id: string) => (await db()).delete(DATASETS, id)),

    saveLastConfig: (config) =>
      write('the comparison’s settings', (database) => database.put(SETTINGS, config, LAST_CONFIG)),
    lastConfig: async () => (await db()).get(SETTINGS, LAST_CONFIG),

    keepLoaded: announcing('experiments', async (file: ResultsFile, fileName: string) => {
      const experiment = loadedExperiment(file, fileName);
      await putExperiment('the loaded results', experiment);
      return experiment.id;
    }),
    startExperiment: announcing('experiments', async (config: LabConfig) => {
      const id = newExperimentId();
      const experiment: StoredExperiment = { id, config, status: 'running', startedAt: Date.now(), runs: [] };
      await holdWhileRunning(id);
      try {
        await putExperiment('the experiment', experiment);
      } catch (error) {
        await stopHolding(id);
        throw error;
      }
      return id;
    }),
    addRun: announcing('experiments', (id: string, run: RunResult) =>
      updateExperiment(id, `the run "${run.label}"`, (experiment) => experiment.runs.push(run)),
    ),
    endExperiment: announcing('experiments', async (id: string, end: Parameters<LabStore['endExperiment']>[1]) => {
      try {
        await updateExperiment(id, 'the experiment’s results', (experiment) => {
          experiment.status = end.status;
          experiment.endedAt = Date.now();
          if (end.result) {
            experiment.result = end.result;
            experiment.runs = [];
          }
          if (end.error !== undefined) experiment.error = end.error;
        });
      } finally {
        await stopHolding(id);
      }
    }),

    async listings() {
      const database = await db();
      const all = await database.getAllFromIndex(LISTINGS, 'startedAt');
      const elsewhere = await runningElsewhere();
      const cutOff = all.filter(
        (e) => e.status === 'running' && !ownRunning.has(e.id) && !elsewhere.has(lockName(e.id)),
      );
      for (const listing of cutOff) listing.status = 'interrupted';
      if (cutOff.length > 0) {
        await updateExperiments(
          database,
          cutOff.map((e) => e.id),
          // One that ended since it was read keeps its end.
          (experiment) => {
            if (experiment.status === 'running') experiment.status = 'interrupted';
          },
        ).catch(() => {
          // Shown as interrupted all the same; marked in storage next time.
        });
      }
      return all.reverse();
    },
    experiment: async (id) => (await db()).get(EXPERIMENTS, id),
    deleteExperiment: announcing('experiments', async (id: string) => {
      const tx = (await db()).transaction([EXPERIMENTS, LISTINGS], 'readwrite');
      await Promise.all([tx.objectStore(EXPERIMENTS).delete(id), tx.objectStore(LISTINGS).delete(id), tx.done]);
    }),

    async storageUse() {
      const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
      return { usedBytes: estimate?.usage, quotaBytes: estimate?.quota };
    },
  };
}
