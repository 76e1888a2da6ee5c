/**
 * Presentation mode, for a projector: the chart and the lesson's story fill
 * the screen in large type, with the playback controls and nothing else (the
 * settings column, uploads, History and the previews step aside). A lesson
 * link opens in it; anyone can enter it ("Present") and leave it. The root
 * element's `presenting` class scales the page's type (every size is in rem)
 * and lays it out (presentation.css). Full screen is the browser's own, asked
 * for on a click, as browsers require.
 */
import { createEffect, createSignal, onCleanup } from 'solid-js';

export interface Presentation {
  on: () => boolean;
  enter: () => void;
  /** Leaves presentation mode (and the browser's full screen, if it was on). */
  leave: () => void;
  /** Whether the page fills the screen; false where the browser offers no full screen. */
  fullScreen: () => boolean;
  /** False where the browser (an iPhone's, an iframe) offers no full screen: the button is not shown. */
  canFullScreen: boolean;
  toggleFullScreen: () => void;
}

export function createPresentation(): Presentation {
  const [on, setOn] = createSignal(false);
  const [fullScreen, setFullScreen] = createSignal(document.fullscreenElement !== null);
  const root = document.documentElement;

  createEffect(() => root.classList.toggle('presenting', on()));
  onCleanup(() => root.classList.remove('presenting'));

  const changed = () => setFullScreen(document.fullscreenElement !== null);
  document.addEventListener('fullscreenchange', changed);
  onCleanup(() => document.removeEventListener('fullscreenchange', changed));

  const exitFullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  };

  return {
    on,
    enter: () => setOn(true),
    leave() {
      exitFullScreen();
      setOn(false);
    },
    fullScreen,
    canFullScreen: document.fullscreenEnabled === true,
    toggleFullScreen() {
      if (document.fullscreenElement) exitFullScreen();
      // Refused (a browser setting, no user gesture): the page stays as it is, presenting in the window.
      else void root.requestFullscreen().catch(() => undefined);
    },
  };
}
