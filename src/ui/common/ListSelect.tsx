/**
 * A <select> over a list of options that may be rebuilt while it shows one
 * (a dataset added or deleted in Your datasets, the final results replacing
 * the live runs). Each option says whether it is the chosen one: a select
 * whose chosen option is replaced would otherwise fall back to showing its
 * first option while the form still holds the other value.
 */
import { For, splitProps, type JSX } from 'solid-js';

export interface SelectOption {
  value: string;
  label: string;
}

type ListSelectProps = Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'children'> & {
  options: readonly SelectOption[];
  /** The chosen option's value. */
  value: string;
};

export function ListSelect(props: ListSelectProps) {
  const [own, rest] = splitProps(props, ['options', 'value']);
  return (
    <select {...rest}>
      <For each={own.options}>
        {(option) => (
          <option value={option.value} selected={option.value === own.value}>
            {option.label}
          </option>
        )}
      </For>
    </select>
  );
}
