/**
 * A labelled control with its hint and, when validation failed, its problems.
 * The hint's id is `<for>-hint` and the problem's `<for>-problem`, for the
 * control's aria-describedby.
 */
import { For, Show, type JSX } from 'solid-js';

interface FieldProps {
  label: string;
  /** The id of the control the label names. */
  for?: string;
  /** Names the problem message for tests and screen readers, e.g. "lr". */
  problemKey: string;
  problems?: string[];
  hint?: string;
  children: JSX.Element;
}

export function Field(props: FieldProps) {
  return (
    <div class="field" classList={{ invalid: (props.problems?.length ?? 0) > 0 }}>
      <label for={props.for}>{props.label}</label>
      {props.children}
      <Show when={props.hint}>
        <p class="hint" id={props.for && `${props.for}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={(props.problems?.length ?? 0) > 0}>
        <p
          class="problem"
          role="alert"
          id={props.for && `${props.for}-problem`}
          data-testid={`problem-${props.problemKey}`}
        >
          <For each={props.problems}>{(message) => <span>{message}</span>}</For>
        </p>
      </Show>
    </div>
  );
}
