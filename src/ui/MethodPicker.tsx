/** The methods to compare: one checkbox per catalog method, with its params. */
import { For, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { CatalogMethod, CatalogParam, ControlKey, FormState } from './form-state';

interface MethodPickerProps {
  methods: CatalogMethod[];
  form: FormState;
  setForm: SetStoreFunction<FormState>;
  problemsOf: (key: ControlKey) => string[] | undefined;
  disabled: boolean;
}

function ParamInput(props: {
  method: CatalogMethod;
  param: CatalogParam;
  form: FormState;
  setForm: SetStoreFunction<FormState>;
  disabled: boolean;
}) {
  const id = () => `param-${props.method.id}-${props.param.key}`;
  const value = () => props.form.methods[props.method.id].params[props.param.key];
  const set = (next: boolean | string) => props.setForm('methods', props.method.id, 'params', props.param.key, next);
  switch (props.param.kind) {
    case 'boolean':
      return (
        <label class="param inline">
          <input
            type="checkbox"
            id={id()}
            data-testid={id()}
            checked={value() === true}
            disabled={props.disabled}
            onChange={(e) => set(e.currentTarget.checked)}
          />
          {props.param.label}
        </label>
      );
    case 'number':
      return (
        <label class="param">
          {props.param.label}
          <input
            type="number"
            step="any"
            id={id()}
            data-testid={id()}
            value={String(value())}
            disabled={props.disabled}
            onInput={(e) => set(e.currentTarget.value)}
          />
        </label>
      );
    case 'choice':
      return (
        <label class="param">
          {props.param.label}
          <select id={id()} data-testid={id()} value={String(value())} disabled={props.disabled} onChange={(e) => set(e.currentTarget.value)}>
            <For each={props.param.options ?? []}>{(option) => <option value={String(option)}>{String(option)}</option>}</For>
          </select>
        </label>
      );
  }
}

export function MethodPicker(props: MethodPickerProps) {
  return (
    <fieldset class="methods">
      <legend>Methods</legend>
      <For each={props.methods}>
        {(method) => {
          const enabled = () => props.form.methods[method.id]?.enabled ?? false;
          const problems = () => props.problemsOf(`method:${method.id}`);
          return (
            <div class="method" classList={{ invalid: (problems()?.length ?? 0) > 0 }}>
              <label class="inline method-name">
                <input
                  type="checkbox"
                  data-testid={`method-${method.id}`}
                  checked={enabled()}
                  disabled={props.disabled}
                  onChange={(e) => props.setForm('methods', method.id, 'enabled', e.currentTarget.checked)}
                />
                <span>{method.id}</span>
                <span class="family">{method.family}</span>
              </label>
              <p class="hint">{method.description}</p>
              <Show when={enabled() && method.params.length > 0}>
                <div class="params">
                  <For each={method.params}>
                    {(param) => <ParamInput method={method} param={param} form={props.form} setForm={props.setForm} disabled={props.disabled} />}
                  </For>
                </div>
              </Show>
              <Show when={problems()}>
                <p class="problem" role="alert" data-testid={`problem-method-${method.id}`}>
                  {problems()!.join('; ')}
                </p>
              </Show>
            </div>
          );
        }}
      </For>
      <Show when={props.problemsOf('methods')}>
        <p class="problem" role="alert" data-testid="problem-methods">
          {props.problemsOf('methods')!.join('; ')}
        </p>
      </Show>
    </fieldset>
  );
}
