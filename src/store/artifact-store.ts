/**
 * Cached work that lasts across reloads: the engine's ArtifactStore (see
 * core/artifact-store.ts and engine/methods/cached-work.ts) in IndexedDB,
 * through idb. The lab's worker opens it; the engine never touches a
 * browser API itself.
 *
 * A cache, not the user's data: it has its own database, and holds at most
 * ARTIFACT_CACHE_LIMIT_BYTES; past that, the entries used least recently go
 * first. Every failure (no IndexedDB, a full quota) rejects, and the engine
 * goes on without the store.
 */
import type { DBSchema } from 'idb';
import { sharedDatabase } from './database';
import type { ArtifactStore, Cached } from '../core/artifact-store';

export const ARTIFACT_DB = 'lab-cache';
const ARTIFACT_DB_VERSION = 1;
/** The work itself: key -> { value, ms }. */
export const ARTIFACTS = 'artifacts';
/** What each entry weighs and when it was last used, apart from the (large) work: key -> { bytes, usedAt }. */
export const ARTIFACT_INDEX = 'artifact-index';
export const ARTIFACT_CACHE_LIMIT_BYTES = 256 * 1024 * 1024;

interface Usage {
  bytes: number;
  usedAt: number;
}

interface CacheSchema extends DBSchema {
  [ARTIFACTS]: { key: string; value: Cached };
  [ARTIFACT_INDEX]: { key: string; value: Usage };
}

/** About how many bytes a structured-cloneable value holds: typed arrays exactly, the rest roughly. */
export function approximateBytes(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + approximateBytes(item), 16);
  if (typeof value === 'string') return 2 * value.length;
  if (value !== null && typeof value === 'object')
    return Object.values(value).reduce((sum: number, item) => sum + approximateBytes(item), 16);
  return 8;
}

/** The keys to drop, least recently used first, so that the rest weigh at most `limit`. */
export function evictionOrder(entries: { key: string; usage: Usage }[], limit: number): string[] {
  let total = entries.reduce((sum, e) => sum + e.usage.bytes, 0);
  const drop: string[] = [];
  for (const { key, usage } of [...entries].sort((a, b) => a.usage.usedAt - b.usage.usedAt)) {
    if (total <= limit) break;
    drop.push(key);
    total -= usage.bytes;
  }
  return drop;
}

export function indexedDbArtifactStore(limit = ARTIFACT_CACHE_LIMIT_BYTES): ArtifactStore {
  const db = sharedDatabase<CacheSchema>(ARTIFACT_DB, ARTIFACT_DB_VERSION, (database) => {
    database.createObjectStore(ARTIFACTS);
    database.createObjectStore(ARTIFACT_INDEX);
  });

  return {
    async get(key) {
      const database = await db();
      const found = await database.get(ARTIFACTS, key);
      if (found) {
        // Only bookkeeping: a full quota must not lose what was found.
        try {
          const usage = await database.get(ARTIFACT_INDEX, key);
          await database.put(
            ARTIFACT_INDEX,
            { bytes: usage?.bytes ?? approximateBytes(found.value), usedAt: Date.now() },
            key,
          );
        } catch {
          // The entry keeps its older time of use.
        }
      }
      return found;
    },

    async put(key, entry) {
      const bytes = approximateBytes(entry.value);
      if (bytes > limit) throw new Error(`the work weighs ${bytes} bytes, more than the cache's ${limit}`);
      const database = await db();
      const tx = database.transaction([ARTIFACTS, ARTIFACT_INDEX], 'readwrite');
      // Awaited last; a request that fails first (a full quota) aborts it, and that must not go unhandled.
      const done = tx.done;
      done.catch(() => undefined);
      const index = tx.objectStore(ARTIFACT_INDEX);
      const keys = await index.getAllKeys();
      const usages = await index.getAll();
      const entries = keys.map((k, i) => ({ key: k, usage: usages[i] })).filter((e) => e.key !== key);
      entries.push({ key, usage: { bytes, usedAt: Date.now() } });
      for (const drop of evictionOrder(entries, limit)) {
        await tx.objectStore(ARTIFACTS).delete(drop);
        await index.delete(drop);
      }
      await tx.objectStore(ARTIFACTS).put(entry, key);
      await index.put({ bytes, usedAt: Date.now() }, key);
      // A full quota aborts the transaction: it rejects here, and nothing is half-written.
      await done;
    },
  };
}
