/** Records a method's overhead by part, on the run's clock. */
import type { OverheadRecorder } from '../contracts/method';
import type { OverheadPart } from '../../core/results/types';
import type { Clock } from '../train/clock';

export interface OverheadLedger extends OverheadRecorder {
  readonly parts: Partial<Record<OverheadPart, number>>;
  readonly reused: Partial<Record<OverheadPart, number>>;
  total(): number;
  /** Books the time not yet claimed by a part, up to `elapsedMs` on the clock, to `part`. */
  claimRest(part: OverheadPart, elapsedMs: number): void;
}

/** `onStart` hears each timed part as it begins (the page says what the method is doing). */
export function overheadLedger(clock: Clock, onStart?: (part: OverheadPart) => void): OverheadLedger {
  const parts: Partial<Record<OverheadPart, number>> = {};
  const reused: Partial<Record<OverheadPart, number>> = {};
  const add = (into: typeof parts, part: OverheadPart, ms: number) => {
    into[part] = (into[part] ?? 0) + ms;
  };
  const total = () => Object.values(parts).reduce((a, b) => a + b, 0);
  /** Runs `work` on the clock and books its time to `part`, also when it throws. */
  const onClock = async <T>(part: OverheadPart, work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
    onStart?.(part);
    const started = clock.elapsed();
    const book = () => {
      const ms = clock.elapsed() - started;
      add(parts, part, ms);
      return ms;
    };
    let result: T;
    try {
      result = await work();
    } catch (error) {
      book();
      throw error;
    }
    return { result, ms: book() };
  };
  return {
    parts,
    reused,
    time: async (part, work) => (await onClock(part, async () => work())).result,
    onClock,
    charge(part, ms) {
      clock.add(ms);
      add(parts, part, ms);
    },
    reuse(part, ms) {
      add(reused, part, ms);
    },
    offClock: (part, work) =>
      offTheClock(clock, async () => {
        const started = performance.now();
        const result = await work();
        const ms = performance.now() - started;
        add(reused, part, ms);
        return { result, ms };
      }),
    total,
    claimRest(part, elapsedMs) {
      const rest = elapsedMs - total();
      if (rest > 0) add(parts, part, rest);
    },
  };
}

/** Runs `work` with the clock paused (time the run does not count), then starts it again. */
export async function offTheClock<T>(clock: Clock, work: () => Promise<T>): Promise<T> {
  clock.pause();
  try {
    return await work();
  } finally {
    clock.start();
  }
}
