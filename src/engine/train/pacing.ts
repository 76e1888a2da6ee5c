/**
 * Where long work (training, a distillation's matching loop) gives way: to
 * the backend, to queued messages, and to the user's hold. Shared by the
 * loop and the methods, so that neither waits its own way.
 */
import * as tf from '@tensorflow/tfjs';
import { RunCancelled } from '../contracts/errors';

/** How often long work lets queued messages (a cancel, a pause, progress) through without slowing down. */
export const YIELD_EVERY_MS = 50;
/** How often held work looks again for a resume, a step or a cancel. */
const HOLD_POLL_MS = 50;

/** Messages reach a worker only between tasks, and a loop may never leave its own. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Waits until the backend has finished the work `tensor` depends on (reads one of its values). */
export async function settleOn(tensor: tf.Tensor): Promise<void> {
  const probe = tf.tidy(() => tf.sum(tf.slice(tf.reshape(tensor, [-1]), 0, 1)));
  await probe.data();
  probe.dispose();
}

/**
 * Holds until `released()` (which may also serve the requests a hold
 * takes, such as an evaluation) says the hold is over, looking every
 * HOLD_POLL_MS; a cancel asked meanwhile ends the run with RunCancelled.
 */
export async function holdUntil(released: () => boolean | Promise<boolean>, shouldStop: () => boolean): Promise<void> {
  while (!(await released())) {
    if (shouldStop()) throw new RunCancelled();
    await new Promise((resolve) => setTimeout(resolve, HOLD_POLL_MS));
  }
}
