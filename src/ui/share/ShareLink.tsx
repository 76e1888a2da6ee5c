/**
 * "Copy link": the form's comparison (checked first) as a link, copied to
 * the clipboard and shown in a box to copy by hand where the browser
 * refuses the clipboard. "For a class" picks controls the link hides: a
 * lesson's link, opened in classroom mode.
 */
import { createSignal, For, Show } from 'solid-js';
import type { ClassroomControl } from '../../core/share/share-link';
import { CONTROL_NAMES } from './share-state';

interface ShareLinkProps {
  /** The link of the form's comparison hiding `hide`, or null where the form is not valid (the form then says why). */
  link: (hide: ClassroomControl[]) => Promise<string | null>;
}

type Copied = { link: string; note: string };

export function ShareLink(props: ShareLinkProps) {
  const [copied, setCopied] = createSignal<Copied | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [hide, setHide] = createSignal<ClassroomControl[]>([]);
  let box: HTMLInputElement | undefined;
  const toggle = (control: ClassroomControl, on: boolean) =>
    setHide((now) => (on ? [...now, control] : now.filter((c) => c !== control)));

  async function copy() {
    setBusy(true);
    try {
      const link = await props.link(hide());
      if (link === null) {
        setCopied(null);
        return;
      }
      let note =
        hide().length > 0
          ? 'A lesson’s link, copied to the clipboard: it opens in classroom mode.'
          : 'Copied to the clipboard.';
      try {
        await navigator.clipboard.writeText(link);
      } catch {
        note = 'The browser kept the clipboard closed: copy the link from the box.';
      }
      setCopied({ link, note });
      box?.select();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="share-link">
      <button type="button" data-testid="copy-link" disabled={busy()} onClick={() => void copy()}>
        Copy link
      </button>
      <details class="classroom-link" data-testid="classroom-link">
        <summary>For a class: hide controls</summary>
        <fieldset>
          <legend class="hint">The link opens in classroom mode with these hidden</legend>
          <For each={Object.entries(CONTROL_NAMES) as [ClassroomControl, string][]}>
            {([control, name]) => (
              <label>
                <input
                  type="checkbox"
                  data-testid={`hide-${control}`}
                  checked={hide().includes(control)}
                  onChange={(e) => toggle(control, e.currentTarget.checked)}
                />{' '}
                {name}
              </label>
            )}
          </For>
        </fieldset>
      </details>
      <Show when={copied()}>
        {(shown) => (
          <>
            <input
              data-testid="share-link"
              aria-label="Link to this comparison"
              type="text"
              readonly
              value={shown().link}
              ref={box}
              aria-describedby="share-link-note"
              onFocus={(e) => e.currentTarget.select()}
            />
            <p class="hint" id="share-link-note" role="status" data-testid="share-link-note">
              {shown().note}
            </p>
          </>
        )}
      </Show>
    </div>
  );
}
