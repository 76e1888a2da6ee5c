/** The presets: comparisons that tell a story, each opened as its link would be. */
import { createResource, For, Show } from 'solid-js';
import { describeError } from '../lab-client';
import type { SharePreset } from './share-state';

interface PresetsProps {
  load: () => Promise<SharePreset[]>;
  /** Opens a preset's fragment as a link. */
  onOpen: (fragment: string) => void;
}

export function Presets(props: PresetsProps) {
  const [presets] = createResource(() => props.load());
  let menu: HTMLDetailsElement | undefined;
  return (
    <details class="presets" data-testid="presets" ref={menu}>
      <summary>Presets</summary>
      <Show
        when={!presets.error && presets()}
        fallback={
          presets.error ? (
            <p class="problem">The presets could not load: {describeError(presets.error)}</p>
          ) : (
            <p class="hint">Loading the presets…</p>
          )
        }
      >
        {(list) => (
          <ul class="preset-list">
            <For each={list()}>
              {(preset) => (
                <li>
                  <button
                    type="button"
                    class="link-button"
                    data-testid={`preset-${preset.id}`}
                    aria-describedby={`preset-${preset.id}-story`}
                    onClick={() => {
                      menu!.open = false;
                      props.onOpen(preset.fragment);
                    }}
                  >
                    {preset.title}
                  </button>
                  <p class="hint" id={`preset-${preset.id}-story`}>
                    {preset.story}
                  </p>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
    </details>
  );
}
