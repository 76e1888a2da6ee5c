/** Thins the progress reports that go to the page: the page needs only a few a second. */
import type { ExperimentEvent } from '../src/core/results/types';
import type { UploadProgress } from '../src/core/upload/progress';

/** Progress events arrive every step; the page needs only a few per second. */
const PROGRESS_INTERVAL_MS = 125;

/** Whether a progress report goes out: a few a second, and the last. */
function progressGate(): (done: number, total: number) => boolean {
  let lastAt = -Infinity;
  return (done, total) => {
    const now = performance.now();
    if (now - lastAt < PROGRESS_INTERVAL_MS && done < total) return false;
    lastAt = now;
    return true;
  };
}

/** Passes on progress a few times a second, and the end. */
export function throttledProgress(onProgress: UploadProgress): UploadProgress {
  const due = progressGate();
  return (done, total, unit) => {
    if (due(done, total)) onProgress(done, total, unit);
  };
}

/**
 * Passes every event on, except `progress`, which it thins to a few per
 * second; a progress held back goes out before the next other event, so
 * that the page's step is exact where training holds.
 */
export function throttledEvents(onEvent: (event: ExperimentEvent) => void): (event: ExperimentEvent) => void {
  const due = progressGate();
  let heldBack: ExperimentEvent | undefined;
  return (event) => {
    if (event.type === 'progress') {
      if (!due(event.step, event.totalSteps)) {
        heldBack = event;
        return;
      }
    } else if (heldBack) {
      onEvent(heldBack);
    }
    heldBack = undefined;
    onEvent(event);
  };
}
