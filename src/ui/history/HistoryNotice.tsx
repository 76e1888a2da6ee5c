/**
 * Under the status line: where the results on show come from when they were
 * kept from before (an experiment cut off by a reload says so), and what
 * could not be kept (a full storage quota, a browser that keeps nothing). Neither changes the run's status
 * or its results. The live region is always there, so that screen readers
 * hear what appears in it.
 */
import { Show } from 'solid-js';
import { keptNotice, type ShownResults } from './history-data';
import { otherSettingsText } from './settings-match';

interface HistoryNoticeProps {
  shown: () => ShownResults | null;
  /** Why the last write to the store failed, or that the browser keeps nothing. */
  problem: () => string | null;
  /** The features the browser's refusals turn off (see browser-limits.ts), or null. */
  limits: string | null;
  datasetName: (id: string) => string | undefined;
  /** The parts of the settings in which the form differs from those that made the results on show; empty where none. */
  otherSettings?: () => readonly string[];
  /** Puts the settings that made the results on show into the form. */
  onLoadSettings?: () => void;
}

export function HistoryNotice(props: HistoryNoticeProps) {
  const kept = () => {
    const shown = props.shown();
    return shown && keptNotice(shown, props.datasetName(shown.result.config.dataset) ?? shown.result.config.dataset);
  };
  return (
    <div class="history-notices" role="status" aria-live="polite">
      <Show when={props.limits}>
        {(text) => (
          <p class="notice warning" data-testid="browser-limits">
            {text()}
          </p>
        )}
      </Show>
      <Show when={kept()}>
        {(text) => (
          <p class="notice" classList={{ warning: props.shown()?.status !== 'done' }} data-testid="kept-notice">
            {text()}
          </p>
        )}
      </Show>
      <Show when={(props.otherSettings?.() ?? []).length > 0}>
        <p class="notice warning" data-testid="other-settings">
          {otherSettingsText(props.otherSettings?.() ?? [])}{' '}
          <button type="button" data-testid="load-settings" onClick={() => props.onLoadSettings?.()}>
            Load their settings
          </button>
        </p>
      </Show>
      <Show when={props.problem()}>
        {(text) => (
          <p class="notice warning" data-testid="store-problem">
            {text()}
          </p>
        )}
      </Show>
    </div>
  );
}
