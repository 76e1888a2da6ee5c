import { onCleanup, onMount, Show } from 'solid-js';
import type { BackendChoice } from './lab-client';
import type { Presentation } from './share/presentation';

/**
 * Keeps `--header-bottom` on the page's root: where the header ends on the screen (0 once scrolled away). The
 * settings column sizes itself by it (base.css), so that it ends within the screen, its Run bar in view, from the
 * first screen on.
 */
function trackBottom(header: HTMLElement): void {
  let said = '';
  const update = () => {
    const bottom = `${Math.max(0, Math.round(header.getBoundingClientRect().bottom))}px`;
    if (bottom === said) return;
    said = bottom;
    document.documentElement.style.setProperty('--header-bottom', bottom);
  };
  const resized = new ResizeObserver(update);
  resized.observe(header);
  window.addEventListener('scroll', update, { passive: true });
  window.addEventListener('resize', update);
  update();
  onCleanup(() => {
    resized.disconnect();
    window.removeEventListener('scroll', update);
    window.removeEventListener('resize', update);
    document.documentElement.style.removeProperty('--header-bottom');
  });
}

/**
 * The product name, the way into presentation mode, and the backend the engine trains on, with why not the faster
 * ones and what it runs without (on hover, and behind "why this one").
 */
export function Header(props: { backend: () => BackendChoice | null; presentation: Presentation }) {
  const passedOver = () => {
    const choice = props.backend();
    return choice && [...choice.skipped.map((s) => `not ${s.backend}: ${s.reason}`), ...choice.notes].join('\n');
  };
  let header!: HTMLElement;
  onMount(() => trackBottom(header));
  return (
    <header class="app-header" ref={header}>
      <div>
        <h1>Data-Efficient Lab</h1>
        <p class="tagline">
          Coreset selection, random subsets and dataset distillation against full data: which reaches the accuracy
          first?
        </p>
        <p class="intro" data-testid="intro">
          A comparison trains the same model once per ticked method, each on the training set that method picks (Full:
          all of it). Run trains them and plots test accuracy against time.
        </p>
      </div>
      <div class="header-side">
        <Show when={!props.presentation.on()}>
          <button type="button" data-testid="present" onClick={() => props.presentation.enter()}>
            Present <span class="muted">(for a projector)</span>
          </button>
        </Show>
        <div class="backend" title={passedOver() || undefined}>
          Backend: <span data-testid="backend">{props.backend()?.backend ?? 'not started'}</span>
          <Show when={props.backend()?.threads}>
            {(threads) => (
              <span data-testid="threads">
                {' '}
                ({threads()} thread{threads() === 1 ? '' : 's'})
              </span>
            )}
          </Show>
          {/* The hover title is out of reach of touch and keyboard: the same words, one tap or key away. */}
          <Show when={passedOver()}>
            {(why) => (
              <details class="backend-why">
                <summary>why this one</summary>
                <p data-testid="backend-why">{why()}</p>
              </details>
            )}
          </Show>
        </div>
      </div>
    </header>
  );
}
