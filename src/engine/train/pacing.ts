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

/**
 * Messages reach a worker only between tasks, and a loop may never leave its
 * own. A message to itself queues behind the page's (the same task source)
 * and comes back at once; a zero-delay timer, once timers nest, waits at
 * least 4 ms, which made a distillation's live view cost 0.3 s in 5 s. Node
 * has setImmediate, and an open port there would hold the process.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
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
