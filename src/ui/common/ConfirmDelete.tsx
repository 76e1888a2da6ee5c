/**
 * A Delete button that asks first: pressed, it turns into "Delete it for
 * good?" with Delete and Keep, the focus on that second Delete; Keep turns it
 * back, the focus on the first. The list around it says which item asks, so
 * that one asks at a time and a list read again keeps the question.
 */
import { Show } from 'solid-js';

interface ConfirmDeleteProps {
  /** What goes, in the labels: "Delete {what}", and "Delete {what}?" for the question. */
  what: string;
  /** The buttons' test ids: `{testId}-delete`, `{testId}-delete-confirm` and `{testId}-keep`. */
  testId: string;
  asking: boolean;
  onAsking: (asking: boolean) => void;
  onDelete: () => void;
  /** It may not go now: Delete waits (Keep still answers). */
  disabled?: boolean;
  /** A deletion is under way: every button waits. */
  deleting?: boolean;
  /** Where it sits: the Delete button's class and the question's. */
  buttonClass?: string;
  askClass?: string;
}

export function ConfirmDelete(props: ConfirmDeleteProps) {
  // Set by Keep: the Delete button that replaces the question takes the focus.
  let refocus = false;
  const keep = () => {
    refocus = true;
    props.onAsking(false);
  };
  const waits = () => props.disabled === true || props.deleting === true;

  return (
    <Show
      when={props.asking}
      fallback={
        <button
          type="button"
          class={props.buttonClass}
          data-testid={`${props.testId}-delete`}
          aria-label={`Delete ${props.what}`}
          ref={(button) => {
            if (refocus) queueMicrotask(() => button.focus());
            refocus = false;
          }}
          disabled={waits()}
          onClick={() => props.onAsking(true)}
        >
          Delete
        </button>
      }
    >
      <span class={props.askClass} role="group" aria-label={`Delete ${props.what}?`}>
        <span>Delete it for good?</span>
        <button
          type="button"
          data-testid={`${props.testId}-delete-confirm`}
          ref={(button) => queueMicrotask(() => button.focus())}
          disabled={waits()}
          onClick={() => props.onDelete()}
        >
          Delete
        </button>
        <button type="button" data-testid={`${props.testId}-keep`} disabled={props.deleting} onClick={keep}>
          Keep
        </button>
      </span>
    </Show>
  );
}
