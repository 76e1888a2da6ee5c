/**
 * What the "Your data" panel says while a file is read: how far it has got
 * and, once enough is known, about how long is left: the pace so far applied
 * to what remains, counted from the first report in the current unit (a
 * zip's survey reports its bytes, its decoding images, at other paces).
 */
import type { ProgressUnit } from '../../core/upload/progress';
import { grouped } from '../../core/upload/limits';
import { formatDuration } from '../common/format';

export interface ReadingProgress {
  done: number;
  total: number;
  unit: ProgressUnit;
  /** The page's clock (ms) and `done` at the first report in this unit. */
  from: { at: number; done: number };
  /** The page's clock at the latest report. */
  at: number;
}

/** Until this long has passed and this share of the way is done, the pace is not known well enough to say. */
const ESTIMATE_AFTER_MS = 1000;
const ESTIMATE_AFTER_SHARE = 0.02;

/** The progress after a report at `now`. */
export function nextReading(
  previous: ReadingProgress | undefined,
  done: number,
  total: number,
  unit: ProgressUnit,
  now: number,
): ReadingProgress {
  const from = previous?.unit === unit ? previous.from : { at: now, done };
  return { done, total, unit, from, at: now };
}

/** Milliseconds left at the pace so far, or null while it is not known. */
export function readingLeftMs(progress: ReadingProgress): number | null {
  const { done, total, from, at } = progress;
  const advanced = done - from.done;
  if (at - from.at < ESTIMATE_AFTER_MS || advanced <= 0 || advanced < ESTIMATE_AFTER_SHARE * total) return null;
  return ((total - done) * (at - from.at)) / advanced;
}

/** "412 of 1,500 images, about 40 s left"; "37% of the file, estimating the time left". */
export function readingText(progress: ReadingProgress): string {
  const { done, total, unit } = progress;
  const where =
    unit === 'images'
      ? `${grouped(done)} of ${grouped(total)} images`
      : `${total > 0 ? Math.floor((100 * done) / total) : 0}% of the file`;
  const left = readingLeftMs(progress);
  return `${where}, ${left === null ? 'estimating the time left' : `about ${formatDuration(left)} left`}`;
}
