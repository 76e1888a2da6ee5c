/**
 * Work that several runs of an experiment share (a KD teacher, an expert
 * buffer): done once per key and cached. A run either pays for it on its
 * clock (done now, or charged at the cost recorded when it was done) or
 * treats it as already at hand: then its time stays off the clock and is
 * reported apart as reused.
 *
 * The cache is the experiment's map, and behind it, where the caller
 * passes one, a lasting store (the page's IndexedDB): work done in an
 * earlier session is found there, with the cost it took, and is charged or
 * reused as if it had been done in this one. The store is best effort: a
 * failed read or write (a full quota) is noted and the run goes on.
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { oneOf } from '../../core/settings/fields';
import type { ArtifactStore, Cached } from '../../core/artifact-store';
import type { OverheadPart } from '../../core/results/types';
import type { MethodContext } from '../contracts/method';

/** The setting that says whether a run pays for `what` (e.g. "teacher") or takes it as reused. */
export function costParam(what: string, charged: string, reused: string) {
  return v.optional(
    v.pipe(
      oneOf(`${what} cost`, ['charged', 'reused'] as const),
      v.title(`${what} cost`),
      v.description(`charged: ${charged}; reused: ${reused}.`),
    ),
    'charged',
  );
}

/**
 * Bump when cached work changes meaning (how a teacher or an expert is
 * trained), so that a store does not hand back work of an older lab.
 */
const STORE_FORMAT = 1;

/**
 * The key in the lasting store: the work's key, the lab's format and the
 * backend (a cost recorded on one backend is no charge for another).
 */
function storeKey(key: string): string {
  return JSON.stringify([STORE_FORMAT, tf.getBackend(), key]);
}

function note(what: string, key: string, error: unknown): void {
  console.warn(
    `cached work: could not ${what} the lasting store (${error instanceof Error ? error.message : String(error)}); the run goes on without it. Key: ${key}`,
  );
}

async function fromStore<T>(store: ArtifactStore, key: string): Promise<Cached<T> | undefined> {
  try {
    const found = await store.get(storeKey(key));
    return found && Number.isFinite(found.ms) ? (found as Cached<T>) : undefined;
  } catch (error) {
    note('read', key, error);
    return undefined;
  }
}

/** Puts `done` in the store without holding up the run (its time is not the run's); a failure is only noted. */
function toStore(store: ArtifactStore, key: string, done: Cached): void {
  let writing: Promise<void>;
  try {
    writing = store.put(storeKey(key), done);
  } catch (error) {
    note('write', key, error);
    return;
  }
  writing.catch((error: unknown) => note('write', key, error));
}

/** Does the work, on the clock (charged) or off it (reused later), with what it cost. */
async function doWork<T>(
  context: MethodContext,
  part: OverheadPart,
  charged: boolean,
  work: () => Promise<T>,
): Promise<Cached<T>> {
  const { result, ms } = await (charged ? context.overhead.onClock(part, work) : context.overhead.offClock(part, work));
  return { value: result, ms };
}

export async function cachedWork<T>(
  context: MethodContext,
  key: string,
  part: OverheadPart,
  charged: boolean,
  work: () => Promise<T>,
): Promise<T> {
  let done = context.cache.get(key) as Cached<T> | undefined;
  const store = done ? undefined : context.store;
  if (store) done = await fromStore<T>(store, key);
  if (done) {
    if (charged) context.overhead.charge(part, done.ms);
    else context.overhead.reuse(part, done.ms);
  } else {
    done = await doWork(context, part, charged, work);
    if (store) toStore(store, key, done);
  }
  context.cache.set(key, done);
  return done.value;
}

/** Runs `work` on the run's clock, booking its time to `part`. */
export type TimedPart = <R>(part: OverheadPart, work: () => Promise<R>) => Promise<R>;

/**
 * Work every run of a seed does alike whatever its budget (a pre-training
 * and what it scores or embeds): done on the first run's clock, part by
 * part, kept in the experiment's cache by `key` (with the data, model,
 * training settings and seed), and charged to each later run (a sweep's
 * other budgets) at what each part took, as if it had done it again.
 */
export async function keptForSeed<T>(
  context: MethodContext,
  key: unknown[],
  work: (timed: TimedPart) => Promise<T>,
): Promise<T> {
  const { dataset } = context;
  const id = JSON.stringify([
    'kept',
    ...key,
    dataset.id,
    dataset.train.count,
    context.model.spec,
    context.settings,
    context.seed,
  ]);
  const kept = context.cache.get(id) as { value: T; parts: Partial<Record<OverheadPart, number>> } | undefined;
  if (kept) {
    for (const [part, ms] of Object.entries(kept.parts) as [OverheadPart, number][]) context.overhead.charge(part, ms);
    return kept.value;
  }
  const parts: Partial<Record<OverheadPart, number>> = {};
  const value = await work(async (part, run) => {
    const { result, ms } = await context.overhead.onClock(part, run);
    parts[part] = (parts[part] ?? 0) + ms;
    return result;
  });
  context.cache.set(id, { value, parts });
  return value;
}
