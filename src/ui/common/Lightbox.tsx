/**
 * One thing of a set shown large, over the page: a modal <dialog> with its
 * title, a Close button and, for a set of several, Previous and Next (the
 * arrow keys too). Escape, Close or a click beside it closes it, and the
 * focus goes back to what opened it. Mounted while open: the caller shows
 * it in a <Show> and unmounts it on `onClose`.
 */
import { createUniqueId, type JSX, onCleanup, onMount, Show } from 'solid-js';

interface LightboxProps {
  /** Names the dialog and heads it. */
  title: string;
  testId: string;
  onClose: () => void;
  /** Moves to the previous (-1) or next (+1) thing of the set; absent for a set of one. */
  onStep?: (delta: -1 | 1) => void;
  /** What the set holds, for the buttons' names: "image" gives "Previous image". */
  item: string;
  children: JSX.Element;
}

export function Lightbox(props: LightboxProps) {
  let dialog!: HTMLDialogElement;
  const titleId = createUniqueId();
  // The control that opened it takes the focus back.
  let opener: HTMLElement | null = null;
  // Set once the caller has unmounted it: the dialog's own late 'close' event asks nothing more.
  let gone = false;

  onMount(() => {
    opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
  });
  onCleanup(() => {
    gone = true;
    if (dialog.open) dialog.close();
    if (opener?.isConnected) opener.focus();
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const step = props.onStep;
    if (!step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    step(event.key === 'ArrowLeft' ? -1 : 1);
  };

  return (
    // Escape closes a modal dialog by itself; the click lands on the dialog itself only beside its content (its backdrop).
    <dialog
      ref={dialog}
      class="lightbox"
      aria-labelledby={titleId}
      data-testid={props.testId}
      on:close={() => {
        if (!gone) props.onClose();
      }}
      onKeyDown={onKeyDown}
      onClick={(event) => {
        if (event.target === dialog) props.onClose();
      }}
    >
      <div class="lightbox-body">
        <header class="lightbox-header">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" data-testid={`${props.testId}-close`} onClick={() => props.onClose()}>
            Close
          </button>
        </header>
        {props.children}
        <Show when={props.onStep}>
          {(step) => (
            <div class="lightbox-steps">
              <button
                type="button"
                data-testid={`${props.testId}-previous`}
                aria-label={`Previous ${props.item}`}
                onClick={() => step()(-1)}
              >
                ← Previous
              </button>
              <span class="muted">Arrow keys move, Escape closes.</span>
              <button
                type="button"
                data-testid={`${props.testId}-next`}
                aria-label={`Next ${props.item}`}
                onClick={() => step()(1)}
              >
                Next →
              </button>
            </div>
          )}
        </Show>
      </div>
    </dialog>
  );
}
