/**
 * Runs code in the lab's worker through the DevTools protocol, as DevTools'
 * console does. Playwright's `worker.evaluate` goes through the worker's
 * global `eval`, which the worker turns off (workers/no-code-from-strings.ts).
 */
import type { Page } from 'playwright-core';

export interface LabWorker {
  /**
   * Runs `code` in the lab's current worker: a function (no arguments, no
   * closure) or an expression; resolves with its JSON result, rejects with what it threw.
   */
  evaluate<T>(code: (() => T | Promise<T>) | string): Promise<T>;
}

/** How long a call waits for a lab worker to attach (a fresh one after a crash). */
const START_WAIT_MS = 10_000;

interface Reply {
  id: number;
  result?: { result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } };
  error?: { message: string };
}

/** Follows the page's lab worker from now on, a fresh one after a crash included; call before the page opens the app. */
export async function followLabWorker(page: Page): Promise<LabWorker> {
  const cdp = await page.context().newCDPSession(page);
  /** Attached lab workers' sessions, the newest last. */
  const sessions: string[] = [];
  const waiting = new Map<number, { sessionId: string; settle: (reply: Reply) => void }>();
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'worker' && targetInfo.url.includes('lab.worker')) sessions.push(sessionId);
  });
  cdp.on('Target.detachedFromTarget', ({ sessionId }) => {
    if (sessionId === undefined) return;
    const at = sessions.indexOf(sessionId);
    if (at !== -1) sessions.splice(at, 1);
    for (const [id, call] of waiting)
      if (call.sessionId === sessionId) call.settle({ id, error: { message: 'the lab worker stopped' } });
  });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const reply = JSON.parse(message) as Reply;
    waiting.get(reply.id)?.settle(reply);
  });
  // Not flattened: Playwright's sessions take no child session ids, so messages go through the page's session.
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  /** The newest lab worker's session, waiting a little for one that is starting. */
  async function current(): Promise<string> {
    for (
      const started = Date.now();
      Date.now() - started < START_WAIT_MS;
      await new Promise((resolve) => setTimeout(resolve, 50))
    ) {
      const sessionId = sessions.at(-1);
      if (sessionId !== undefined) return sessionId;
    }
    throw new Error('the lab worker is not running');
  }
  let lastId = 0;
  return {
    async evaluate<T>(code: (() => T | Promise<T>) | string): Promise<T> {
      const sessionId = await current();
      const id = ++lastId;
      const replied = new Promise<Reply>((resolve) => waiting.set(id, { sessionId, settle: resolve }));
      // The protocol's own expressions may eval past the worker's policy unless told not to.
      const params = {
        expression: typeof code === 'string' ? code : `(${code.toString()})()`,
        awaitPromise: true,
        returnByValue: true,
        allowUnsafeEvalBlockedByCSP: false,
      };
      await cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method: 'Runtime.evaluate', params }),
      });
      const reply = await replied;
      waiting.delete(id);
      if (reply.error) throw new Error(reply.error.message);
      const thrown = reply.result?.exceptionDetails;
      if (thrown) throw new Error(thrown.exception?.description ?? thrown.text);
      return reply.result?.result.value as T;
    },
  };
}
