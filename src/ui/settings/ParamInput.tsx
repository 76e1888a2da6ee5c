/**
 * One setting of a method or an augmentation, read off its catalog entry:
 * a checkbox, a text box for a number, or a list of choices, with its
 * one-line help and, when validation failed, its problems.
 */
import { Show, type JSX } from 'solid-js';
import type { ParamInfo } from '../../core/settings/describe';
import type { ParamValue } from './form-state';
import { ListSelect } from '../common/ListSelect';

interface ParamControlProps {
  /** The control's id, also its test id. */
  id: string;
  param: ParamInfo;
  value: ParamValue;
  set: (value: ParamValue) => void;
  disabled: boolean;
  invalid: boolean;
  /** Ids of the texts that describe the control (its help, its problem). */
  describedBy?: string;
}

/** The control alone, by the setting's kind; its description is its tooltip. */
export function ParamControl(props: ParamControlProps): JSX.Element {
  const help = props.param.description;
  const invalidFlag = () => (props.invalid ? 'true' : undefined);
  const describedBy = () => props.describedBy;
  return ((): JSX.Element => {
    switch (props.param.kind) {
      case 'boolean':
        return (
          <input
            type="checkbox"
            id={props.id}
            data-testid={props.id}
            checked={props.value === true}
            disabled={props.disabled}
            onChange={(e) => props.set(e.currentTarget.checked)}
            title={help}
            aria-invalid={invalidFlag()}
            aria-describedby={describedBy()}
          />
        );
      case 'number':
        // Text, not type="number": it takes 1e-3 as typed, and the form says what is wrong with a value.
        return (
          <input
            type="text"
            inputmode={props.param.integer ? 'numeric' : 'decimal'}
            autocomplete="off"
            id={props.id}
            data-testid={props.id}
            value={String(props.value)}
            disabled={props.disabled}
            onInput={(e) => props.set(e.currentTarget.value)}
            title={help}
            aria-invalid={invalidFlag()}
            aria-describedby={describedBy()}
          />
        );
      case 'choice':
        return (
          <ListSelect
            id={props.id}
            data-testid={props.id}
            options={(props.param.options ?? []).map((option) => ({ value: String(option), label: String(option) }))}
            value={String(props.value)}
            disabled={props.disabled}
            onChange={(e) => props.set(e.currentTarget.value)}
            title={help}
            aria-invalid={invalidFlag()}
            aria-describedby={describedBy()}
          />
        );
    }
  })();
}

interface ParamInputProps extends Omit<ParamControlProps, 'invalid' | 'describedBy'> {
  problems?: string[];
}

/** A setting in a method's or an augmentation's row: the control inline with its label, its help below. */
export function ParamInput(props: ParamInputProps) {
  const help = props.param.description;
  const helpId = `${props.id}-help`;
  const problemId = `${props.id}-problem`;
  const invalid = () => (props.problems?.length ?? 0) > 0;
  // The help line is also the input's tooltip, and its description for screen readers, with the problem if there is one.
  const describedBy = () =>
    [help === undefined ? '' : helpId, invalid() ? problemId : ''].filter((s) => s !== '').join(' ') || undefined;
  const control = (
    <ParamControl
      id={props.id}
      param={props.param}
      value={props.value}
      set={props.set}
      disabled={props.disabled}
      invalid={invalid()}
      describedBy={describedBy()}
    />
  );

  return (
    <div class="param" classList={{ invalid: invalid() }}>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is a variable inside the label */}
      <label class="inline">
        {/* A checkbox reads best before its label; a box to fill in, after. */}
        {props.param.kind === 'boolean' ? [control, props.param.label] : [props.param.label, control]}
      </label>
      <Show when={help}>
        <span class="param-help" id={helpId}>
          {help}
        </span>
      </Show>
      <Show when={invalid()}>
        <p class="problem" role="alert" id={problemId} data-testid={`problem-${props.id}`}>
          {props.problems!.join('; ')}
        </p>
      </Show>
    </div>
  );
}
