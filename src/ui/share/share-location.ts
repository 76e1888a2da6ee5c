/**
 * The page's address and the comparison, kept in step. A lab link opens
 * when the page loads with it, when one is pasted into the address bar
 * (hashchange) and when a preset is chosen; the page never reloads for it.
 *
 * The fragment is rewritten when a run starts and when a link is copied,
 * not on every edit: the address then names the comparison whose results
 * are on show (a reload or a bookmark brings back what produced them), and
 * half-typed settings never land in the history. It is replaced, not
 * pushed, so Back leaves the lab instead of stepping through its runs;
 * opening a preset pushes, as following a link would.
 */
import { createSignal, onCleanup } from 'solid-js';
import type { SharedState } from '../../core/share/share-link';
import type { LabApi } from '../lab-client';
import type { LinkReading } from './share-state';

export interface ShareLocation {
  /** Opens a fragment (a preset's) as its link would, adding it to the history. */
  open(fragment: string): void;
  /** Reads the address's fragment again (after the missing dataset was added). */
  reopen(): void;
  /** Puts the state's fragment in the address; resolves to the full link. */
  write(state: SharedState): Promise<string>;
  /** The full link of a state, leaving the address as it is (a lesson's link, for others to open). */
  linkOf(state: SharedState): Promise<string>;
  /** True while a link is being read. */
  reading: () => boolean;
}

/** Where a link came from: the address (opened, pasted, followed) or the presets menu. */
export type LinkSource = 'address' | 'preset';

/** `apply` hears every reading of a link, the latest only when they overlap. */
export function useShareLocation(
  api: LabApi,
  apply: (reading: LinkReading, source: LinkSource) => void,
): ShareLocation {
  const [reading, setReading] = createSignal(false);
  let latest = 0;
  async function read(fragment: string, source: LinkSource) {
    const request = ++latest;
    setReading(true);
    try {
      const result = await api.readLink(fragment);
      if (request === latest) apply(result, source);
    } finally {
      if (request === latest) setReading(false);
    }
  }
  const readAddress = () => {
    const fragment = location.hash.replace(/^#/, '');
    if (fragment !== '') void read(fragment, 'address');
  };
  window.addEventListener('hashchange', readAddress);
  onCleanup(() => window.removeEventListener('hashchange', readAddress));
  readAddress();

  return {
    open(fragment) {
      // pushState fires no hashchange: the link is read here, once.
      history.pushState(null, '', `#${fragment}`);
      void read(fragment, 'preset');
    },
    reopen: readAddress,
    async linkOf(state) {
      return `${location.origin}${location.pathname}${location.search}#${await api.shareFragment(state)}`;
    },
    async write(state) {
      const fragment = await api.shareFragment(state);
      history.replaceState(history.state, '', `#${fragment}`);
      return location.href;
    },
    reading,
  };
}
