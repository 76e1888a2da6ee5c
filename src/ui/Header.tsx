import { Show } from 'solid-js';
import type { BackendChoice } from './lab-client';

/** The product name and the backend the engine trains on (hover: why not the faster ones, and what it runs without). */
export function Header(props: { backend: () => BackendChoice | null }) {
  const passedOver = () => {
    const choice = props.backend();
    return choice && [...choice.skipped.map((s) => `not ${s.backend}: ${s.reason}`), ...choice.notes].join('\n');
  };
  return (
    <header class="app-header">
      <div>
        <h1>Data-Efficient Lab</h1>
        <p class="tagline">
          Coreset selection, random subsets and dataset distillation against full data: which reaches the accuracy
          first?
        </p>
      </div>
      <p class="backend" title={passedOver() || undefined}>
        Backend: <span data-testid="backend">{props.backend()?.backend ?? 'not started'}</span>
        <Show when={props.backend()?.threads}>
          {(threads) => (
            <span data-testid="threads">
              {' '}
              ({threads()} thread{threads() === 1 ? '' : 's'})
            </span>
          )}
        </Show>
      </p>
    </header>
  );
}
