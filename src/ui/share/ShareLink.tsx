/**
 * "Copy link": the form's comparison (checked first) as a link, copied to
 * the clipboard and shown in a box to copy by hand where the browser
 * refuses the clipboard. "Lesson link" is a step of its own: the teacher
 * gives the lesson a title and a story (what the class should look for),
 * ticks the controls the class should not see and copies a lesson's link,
 * which opens in presentation mode.
 */
import { createSignal, For, Show } from 'solid-js';
import {
  type ClassroomControl,
  type ClassroomView,
  classroomView,
  MAX_LESSON_STORY,
  MAX_LESSON_TITLE,
} from '../../core/share/share-link';
import { CONTROL_NAMES } from './share-state';

interface ShareLinkProps {
  /** The link of the form's comparison (a lesson's, given its view), or null where the form is not valid (the form then says why). */
  link: (lesson: ClassroomView | null) => Promise<string | null>;
}

type Copied = { link: string; note: string };

export function ShareLink(props: ShareLinkProps) {
  const [copied, setCopied] = createSignal<Copied | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [hide, setHide] = createSignal<ClassroomControl[]>([]);
  const [title, setTitle] = createSignal('');
  const [story, setStory] = createSignal('');
  const [lesson, setLesson] = createSignal(false);
  let box: HTMLInputElement | undefined;
  const toggle = (control: ClassroomControl, on: boolean) =>
    setHide((now) => (on ? [...now, control] : now.filter((c) => c !== control)));

  /** Copies the comparison's link, a lesson's where it has its view. */
  async function copy(view: ClassroomView | null) {
    setBusy(true);
    try {
      const link = await props.link(view);
      if (link === null) {
        setCopied(null);
        return;
      }
      let note = view
        ? 'A lesson’s link, copied to the clipboard: it opens in presentation mode, for a projector.'
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
        <button type="button" data-testid="copy-link" disabled={busy()} onClick={() => void copy(null)}>
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
          <p class="hint">
            The link opens in presentation mode: the chart and your story in large type, with Play, Pause and Step.
          </p>
          <label for="lesson-title-input">Title</label>
          <input
            id="lesson-title-input"
            type="text"
            data-testid="lesson-title-input"
            maxlength={MAX_LESSON_TITLE}
            placeholder="Which curve reaches 80% first?"
            value={title()}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
          <label for="lesson-story-input">What the class should look for</label>
          <textarea
            id="lesson-story-input"
            data-testid="lesson-story-input"
            maxlength={MAX_LESSON_STORY}
            rows={3}
            value={story()}
            onInput={(e) => setStory(e.currentTarget.value)}
          />
          <fieldset>
            <legend class="hint">Hide from the class</legend>
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
            disabled={busy()}
            onClick={() => void copy(classroomView({ hide: hide(), title: title(), story: story() }))}
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
