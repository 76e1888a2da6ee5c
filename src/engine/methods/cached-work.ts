/**
 * Work that several runs of an experiment share (a KD teacher, an expert
 * buffer): done once per key and cached. A run either pays for it on its
 * clock (done now, or charged at the cost recorded when it was done) or
 * treats it as already at hand: then its time stays off the clock and is
 * reported apart as reused.
 */
import * as v from 'valibot';
import { oneOf } from '../config-fields';
import type { MethodContext, OverheadPart } from './method';

/** The setting that says whether a run pays for `what` (e.g. "teacher") or takes it as reused. */
export function costParam(what: string, charged: string, reused: string) {
  return v.optional(
    v.pipe(oneOf(`${what} cost`, ['charged', 'reused'] as const), v.title(`${what} cost`), v.description(`charged: ${charged}; reused: ${reused}.`)),
    'charged',
  );
}

interface Cached<T> {
  value: T;
  ms: number;
}

export async function cachedWork<T>(context: MethodContext, key: string, part: OverheadPart, charged: boolean, work: () => Promise<T>): Promise<T> {
  let done = context.cache.get(key) as Cached<T> | undefined;
  if (done) {
    if (charged) context.overhead.charge(part, done.ms);
    else context.overhead.reuse(part, done.ms);
  } else if (charged) {
    const started = performance.now();
    const value = await context.overhead.time(part, work);
    done = { value, ms: performance.now() - started };
  } else {
    const { result, ms } = await context.overhead.offClock(part, work);
    done = { value: result, ms };
  }
  context.cache.set(key, done);
  return done.value;
}
