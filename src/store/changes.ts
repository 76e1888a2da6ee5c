/**
 * Tells the lab's other tabs (and its worker's page) that something they show
 * changed in storage: an experiment written or deleted, a dataset kept or
 * deleted. One BroadcastChannel per context, shared by its senders and
 * listeners, so a context never hears its own news. Where the browser has no
 * BroadcastChannel, each tab sees the others' changes on reload.
 */

export type StoreChange = 'experiments' | 'datasets';

const CHANNEL_NAME = 'lab-store-changes';

let channel: BroadcastChannel | null | undefined;

function sharedChannel(): BroadcastChannel | null {
  channel ??= typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
  return channel;
}

export function announceChange(change: StoreChange): void {
  sharedChannel()?.postMessage(change);
}

/** Calls `listener` when another context announces `change`; returns what stops listening. */
export function onChange(change: StoreChange, listener: () => void): () => void {
  const shared = sharedChannel();
  if (!shared) return () => undefined;
  const heard = (event: MessageEvent) => {
    if (event.data === change) listener();
  };
  shared.addEventListener('message', heard);
  return () => shared.removeEventListener('message', heard);
}
