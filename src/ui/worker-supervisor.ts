/**
 * Keeps a Comlink worker going for the page. A worker can die in ways that
 * answer no call: an uncaught error, an out-of-memory kill, closing itself.
 * The supervisor notices (the `error` event, and a Web Lock the worker holds
 * while it lives, which the browser frees however it ends), fails the calls
 * left unanswered with the reason, and starts a fresh worker that is given
 * back what the session registered in the old one.
 */
import * as Comlink from 'comlink';

/** What the supervised worker must offer: hold the named lock while it lives (true once held; false where the browser refuses Web Locks). */
export interface Lifeline {
  lifeline(name: string): Promise<boolean>;
}

/** The error that calls left unanswered by a dead worker reject with. */
export class WorkerStopped extends Error {
  override name = 'WorkerStopped';
}

export type RestoreAction<T> = (fresh: Comlink.Remote<T>) => Promise<unknown>;

export interface SupervisedWorker<T> {
  /** The API of whichever worker is up; a call rejects with WorkerStopped if its worker dies before answering. */
  api: Comlink.Remote<T>;
  /** Told why the worker could not start; no fresh one is tried then. */
  onStartError(listener: (message: string) => void): void;
  /** Runs on every fresh worker before any call reaches it (e.g. registers again a file loaded this session). */
  restoreOnRestart(action: RestoreAction<T>): void;
  /**
   * Resolves once the first worker is up: true where a worker that dies
   * without a word (out of memory) is noticed, false where the browser
   * refuses Web Locks and only a worker's error event is.
   */
  watchesSilentEnds: Promise<boolean>;
}

interface Life<T> {
  remote: Comlink.Remote<T>;
  /** Resolves once the worker holds its lifeline (or was refused one) and has been given back what it needs. */
  ready: Promise<void>;
  /** Whether the worker holds its lifeline. */
  watched: Promise<boolean>;
  /** Rejects with WorkerStopped when the worker dies. */
  ended: Promise<never>;
}

/** A lock name no other worker, in this tab or another, holds. */
function lifelineName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `lab-worker-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function superviseWorker<T extends Lifeline>(create: () => Worker): SupervisedWorker<T> {
  const restorers: RestoreAction<T>[] = [];
  const startErrorListeners: ((message: string) => void)[] = [];
  let life = start(false);

  function start(restarted: boolean): Life<T> {
    const worker = create();
    const remote = Comlink.wrap<T>(worker);
    let started = false;
    let stopped = false;
    let reject!: (error: Error) => void;
    const ended = new Promise<never>((_, rejectEnded) => (reject = rejectEnded));
    // Callers see the end through their own calls.
    ended.catch(() => {});
    const stop = (reason: string) => {
      if (stopped) return;
      stopped = true;
      worker.terminate();
      if (!started) {
        reject(new WorkerStopped(`the lab's worker could not start (${reason})`));
        for (const listener of startErrorListeners) listener(reason);
        return;
      }
      reject(
        new WorkerStopped(`the lab's worker stopped (${reason}); a fresh one has started, so this can be run again`),
      );
      life = start(true);
    };
    worker.addEventListener('error', (event) => stop(event.message || 'the worker could not load'));
    const name = lifelineName();
    const watched = (remote as unknown as Comlink.Remote<Lifeline>).lifeline(name);
    const ready = watched.then(async (held) => {
      started = true;
      // Granted only once the worker, which holds it, has ended. (A browser that refused the worker refuses this too.)
      if (held)
        navigator.locks
          .request(name, () => stop('it ended without a word, as when out of memory'))
          .catch(() => undefined);
      if (!restarted) return;
      for (const restore of restorers) {
        await restore(remote).catch((error: unknown) =>
          console.warn("The lab's fresh worker could not be given back", error),
        );
      }
    });
    return { remote, ready, watched, ended };
  }

  const api = new Proxy({} as Comlink.Remote<T>, {
    get(_, method) {
      // Not a thenable, nor anything but methods.
      if (typeof method !== 'string' || method === 'then') return undefined;
      return (...args: unknown[]) => {
        const current = life;
        const call = current.ready.then(() =>
          (current.remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method](...args),
        );
        return Promise.race([call, current.ended]);
      };
    },
  });

  return {
    api,
    onStartError: (listener) => startErrorListeners.push(listener),
    restoreOnRestart: (action) => restorers.push(action),
    watchesSilentEnds: life.watched.catch(() => false),
  };
}
