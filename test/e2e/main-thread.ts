/**
 * How long the page's main thread was blocked, and by how much of its own
 * work: the page's long tasks (a PerformanceObserver, over 50 ms of wall
 * time) beside the CPU time each got, from Chromium's trace. On a machine
 * with fewer cores than busy threads (the worker trains on one, the GPU
 * process draws in software) a task of a few milliseconds of work can wait
 * long for a core; the CPU time tells the page's own blocking apart.
 */
import type { Page } from 'playwright-core';

export interface LongTask {
  startMs: number;
  /** Wall time, as the Long Tasks API measures it. */
  wallMs: number;
  /** CPU time the main thread spent in it; null if the trace holds no such task. */
  cpuMs: number | null;
}

interface TraceEvent {
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

const ALIGN_MARK = 'lab-main-thread-align';
/** Tasks the observer saw; a global of the page under test. */
const SEEN = 'labLongTasks';

/** Starts watching; `stop` returns the long tasks since then, with their CPU time. */
export async function watchMainThread(page: Page): Promise<{ stop(): Promise<LongTask[]> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline'] },
  });
  const alignedAt = await page.evaluate(
    ({ mark, seen }) => {
      const tasks: { startTime: number; duration: number }[] = [];
      (window as unknown as Record<string, unknown>)[seen] = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ startTime: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask' });
      return performance.mark(mark).startTime;
    },
    { mark: ALIGN_MARK, seen: SEEN },
  );
  return {
    async stop() {
      const seen = await page.evaluate(
        (name) => (window as unknown as Record<string, { startTime: number; duration: number }[]>)[name],
        SEEN,
      );
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      // The mark was made on the page's main thread; its time ties the trace's clock (microseconds) to performance.now().
      const mark = events.find((e) => e.name === ALIGN_MARK);
      if (!mark) throw new Error('the trace lacks the alignment mark');
      const toPageMs = (ts: number) => (ts - mark.ts) / 1000 + alignedAt;
      const tasks = events.filter(
        (e) =>
          e.pid === mark.pid && e.tid === mark.tid && e.name === 'ThreadControllerImpl::RunTask' && e.dur !== undefined,
      );
      return seen.map(({ startTime, duration }) => {
        const overlapping = tasks.filter(
          (t) => toPageMs(t.ts) < startTime + duration && toPageMs(t.ts + t.dur!) > startTime,
        );
        const cpu = overlapping.map((t) => (t.tdur ?? 0) / 1000);
        return {
          startMs: Math.round(startTime),
          wallMs: Math.round(duration),
          cpuMs: cpu.length ? Math.round(Math.max(...cpu)) : null,
        };
      });
    },
  };
}
