/**
 * The page's side of the lab store: what was kept when the page opened (the
 * settings last run and the latest experiment), and the record of an
 * experiment as it runs. A store that fails (a full quota) is reported,
 * never thrown: a run goes on, and stays on screen, whether or not it is
 * kept. Where the browser keeps nothing (no IndexedDB, as in some private
 * windows) the page works all the same and says so.
 */
import type { LabConfig } from '../../core/settings/config';
import type { ExperimentResult, RunResult } from '../../core/results/types';
import { labStore, type LabStore, type StoredExperiment } from '../../store/lab-store';
import { describeError, type ValidationResult } from '../lab-client';

export interface KeptOnOpen {
  /** Null where the browser keeps nothing. */
  store: LabStore | null;
  /** The settings last run, checked again; absent where a share link sets the form, or none was kept. */
  lastConfig?: LabConfig;
  /** The newest experiment; one cut off by a reload comes back interrupted. */
  latest?: StoredExperiment;
}

/** A share link in the URL sets the form itself (see share-link.ts): the kept settings stay out of its way. */
const hasShareLink = () => globalThis.location?.hash.startsWith('#lab=') ?? false;

/** Opens the store and reads what was kept; `validate` checks the kept settings against this version of the lab. */
export async function keptOnOpen(
  validate: (input: unknown) => Promise<ValidationResult>,
  name?: string,
): Promise<KeptOnOpen> {
  if (typeof indexedDB === 'undefined') return { store: null };
  const store = labStore(name);
  let latest: StoredExperiment | undefined;
  try {
    const [newest] = await store.listings();
    latest = newest && (await store.experiment(newest.id));
  } catch {
    return { store: null };
  }
  const kept: KeptOnOpen = { store, latest };
  if (hasShareLink()) return kept;
  // Settings an older version kept may no longer be valid: then the form starts from the defaults.
  const checked = await store
    .lastConfig()
    .then((config) => (config === undefined ? undefined : validate(config)))
    .catch(() => undefined);
  return checked?.ok ? { ...kept, lastConfig: checked.config } : kept;
}

export interface ExperimentRecord {
  run(run: RunResult): void;
  /** Resolves once the end is written (or failed to be). */
  end(
    end: { status: 'done'; result: ExperimentResult } | { status: 'cancelled' } | { status: 'failed'; error: string },
  ): Promise<void>;
}

export interface RecordOptions {
  /** Says what could not be saved, in the user's words. */
  report: (message: string) => void;
  /** Called after each write that went through, so that History reads again. */
  changed: () => void;
}

/**
 * Keeps the settings and an experiment as it runs: started, each finished
 * run, the end. The writes go in order (a run is added once the start is
 * written); after a failed start the experiment is not kept at all, and
 * where the whole result does not fit, it ends done with its runs alone.
 */
export function recordExperiment(
  store: LabStore | null,
  config: LabConfig,
  { report, changed }: RecordOptions,
): ExperimentRecord {
  if (!store) return { run: () => undefined, end: async () => undefined };
  const attempt = async <T>(write: () => Promise<T>): Promise<T | null> => {
    try {
      const done = await write();
      changed();
      return done;
    } catch (error) {
      report(describeError(error));
      return null;
    }
  };
  void attempt(() => store.saveLastConfig(config));
  let written = attempt(() => store.startExperiment(config));
  /** Queues work on the experiment once its start is written; none if that failed. */
  const then = (work: (id: string) => Promise<unknown>) =>
    (written = written.then(async (id) => {
      if (id !== null) await work(id);
      return id;
    }));
  return {
    run: (run) => void then((id) => attempt(() => store.addRun(id, run))),
    end: async (end) =>
      void (await then(async (id) => {
        const ended = await attempt(() => store.endExperiment(id, end));
        // A result too large for the storage left: the runs already kept stand for it.
        if (ended === null && end.status === 'done') await attempt(() => store.endExperiment(id, { status: 'done' }));
      })),
  };
}
