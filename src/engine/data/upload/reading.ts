/**
 * How a reading can be stopped: between units of work (an image, a block of
 * entries) it gives the event loop a turn now and then, so that the page's
 * Cancel reaches the worker, and stops once asked. Nothing is kept of a
 * stopped reading.
 */
import type { UploadProgress } from '../../../core/upload/progress';

/** A reading stopped on request: nothing is wrong with the file. Not an UploadError, so that it is not reported as one. */
export class UploadCancelled extends Error {
  constructor() {
    super('Reading the file was cancelled; nothing was added.');
    this.name = 'UploadCancelled';
  }
}

export interface Reading {
  onProgress?: UploadProgress;
  /** Called between units of work: may wait a turn of the event loop; throws UploadCancelled once the reading is to stop. */
  checkpoint(): Promise<void>;
}

/** A turn of the event loop this often lets a Cancel in without slowing the reading. */
const TURN_MS = 50;

export function reading(shouldStop: () => boolean = () => false, onProgress?: UploadProgress): Reading {
  let last = performance.now();
  return {
    onProgress,
    async checkpoint() {
      if (performance.now() - last >= TURN_MS) {
        // A task, not a microtask: a message (the Cancel) is delivered only between tasks.
        await new Promise((resolve) => setTimeout(resolve, 0));
        last = performance.now();
      }
      if (shouldStop()) throw new UploadCancelled();
    },
  };
}
