/**
 * Where cached work (a KD teacher, an expert buffer; see cached-work.ts)
 * lasts across sessions: the caller's store, behind the experiment's
 * in-memory cache. The page's worker keeps one in IndexedDB
 * (src/store/artifact-store.ts); headless runs have none.
 */

/** Work done once, and what it cost when it was done (ms of wall time). */
export interface Cached<T = unknown> {
  value: T;
  ms: number;
}

/**
 * Values are plain data and typed arrays (structured-cloneable). Either
 * call may reject (no storage, a full quota): the run then goes on without
 * the store.
 */
export interface ArtifactStore {
  get(key: string): Promise<Cached | undefined>;
  put(key: string, entry: Cached): Promise<void>;
}
