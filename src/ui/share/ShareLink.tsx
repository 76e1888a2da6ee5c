/**
 * "Copy link": the form's comparison (checked first) as a link, copied to
 * the clipboard and shown in a box to copy by hand where the browser
 * refuses the clipboard. "Lesson link" is a step of its own: the teacher
 * ticks the controls the class should not see and copies a lesson's link,
 * which opens in classroom mode.
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
  const [lesson, setLesson] = createSignal(false);
  let box: HTMLInputElement | undefined;
  const toggle = (control: ClassroomControl, on: boolean) =>
    setHide((now) => (on ? [...now, control] : now.filter((c) => c !== control)));

  /** Copies the comparison's link, hiding `hidden` (a lesson's link) or nothing. */
  async function copy(hidden: ClassroomControl[]) {
    setBusy(true);
    try {
      const link = await props.link(hidden);
      if (link === null) {
        setCopied(null);
        return;
      }
      let note =
        hidden.length > 0
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
      <div class="row">
        <button type="button" data-testid="copy-link" disabled={busy()} onClick={() => void copy([])}>
          Copy link
        </button>
        <button
          type="button"
          data-testid="lesson-link"
          aria-expanded={lesson()}
          aria-controls="lesson-controls"
          onClick={() => setLesson(!lesson())}
        >
          Lesson link…
        </button>
      </div>
      <Show when={lesson()}>
        <div class="classroom-link" id="lesson-controls" data-testid="classroom-link">
          <fieldset>
            <legend class="hint">Hide from the class (the link opens in classroom mode)</legend>
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
          <button
            type="button"
            data-testid="copy-lesson-link"
            disabled={busy() || hide().length === 0}
            title={hide().length === 0 ? 'Tick what the class should not see' : undefined}
            onClick={() => void copy(hide())}
          >
            Copy lesson link
          </button>
        </div>
      </Show>
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
