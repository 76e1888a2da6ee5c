/**
 * What the browser keeps from the page, in one sentence for the person: the
 * lab runs without storage or Web Locks (site data blocked, a private
 * window, the lab framed on another site's page), but some features are
 * then off, and the page says which.
 */

export interface BrowserLimits {
  /** The browser gives the page IndexedDB. */
  storage: boolean;
  /** The browser grants Web Locks, so a worker that dies without a word (out of memory) is noticed. */
  watchesSilentEnds: boolean;
}

export const NO_STORAGE_TEXT =
  'This browser gives the page no storage (site data blocked, a private window, or the lab framed on another site’s page), so these last only until the page closes: History, your uploads and dataset files, the settings last run, and cached teachers and expert buffers.';

/** Said after the storage sentence ("It") or alone ("This browser"). */
const noLocksText = (subject: string) =>
  `${subject} refuses Web Locks, so a worker that dies without an error (out of memory) is not noticed: if a run stops moving, reload the page.`;

/** The features that are off, or null where none is. */
export function limitsNotice(limits: BrowserLimits): string | null {
  const parts: string[] = [];
  if (!limits.storage) parts.push(NO_STORAGE_TEXT);
  if (!limits.watchesSilentEnds) parts.push(noLocksText(limits.storage ? 'This browser' : 'It'));
  return parts.length === 0 ? null : `${parts.join(' ')} Everything else works.`;
}
