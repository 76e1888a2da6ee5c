/**
 * The methods to compare, grouped by family (each group folds away): one
 * checkbox per catalog method and, once ticked, its params, each with its
 * one-line help.
 */
import { For, Show, untrack, type JSX } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { methodsByFamily, type CatalogMethod, type CatalogParam, type ControlKey, type FormState } from './form-state';

const FAMILY_NAMES: Record<CatalogMethod['family'], string> = {
  baseline: 'Baselines',
  selection: 'Subset selection',
  augmentation: 'Augmentation',
  distillation: 'Distillation',
};

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
  const id = `param-${props.method.id}-${props.param.key}`;
  const help = props.param.description;
  const helpId = `${id}-help`;
  const value = () => props.form.methods[props.method.id].params[props.param.key];
  const set = (next: boolean | string) => props.setForm('methods', props.method.id, 'params', props.param.key, next);
  // The help line is also the input's tooltip, and its description for screen readers.
  const described = { title: help, 'aria-describedby': help === undefined ? undefined : helpId };

  const control = ((): JSX.Element => {
    switch (props.param.kind) {
      case 'boolean':
        return <input type="checkbox" id={id} data-testid={id} checked={value() === true} disabled={props.disabled} onChange={(e) => set(e.currentTarget.checked)} {...described} />;
      case 'number':
        // Text, not type="number": it takes 1e-3 as typed, and the form says what is wrong with a value.
        return (
          <input
            type="text"
            inputmode={props.param.integer ? 'numeric' : 'decimal'}
            autocomplete="off"
            id={id}
            data-testid={id}
            value={String(value())}
            disabled={props.disabled}
            onInput={(e) => set(e.currentTarget.value)}
            {...described}
          />
        );
      case 'choice':
        return (
          <select id={id} data-testid={id} value={String(value())} disabled={props.disabled} onChange={(e) => set(e.currentTarget.value)} {...described}>
            <For each={props.param.options ?? []}>{(option) => <option value={String(option)}>{String(option)}</option>}</For>
          </select>
        );
    }
  })();

  return (
    <div class="param">
      <label class="inline">
        {/* A checkbox reads best before its label; a box to fill in, after. */}
        {props.param.kind === 'boolean' ? [control, props.param.label] : [props.param.label, control]}
      </label>
      <Show when={help}>
        <span class="param-help" id={helpId}>
          {help}
        </span>
      </Show>
    </div>
  );
}

function MethodChoice(props: Omit<MethodPickerProps, 'methods'> & { method: CatalogMethod }) {
  const method = props.method;
  const enabled = () => props.form.methods[method.id]?.enabled ?? false;
  const problems = () => props.problemsOf(`method:${method.id}`);
  const problemId = `method-${method.id}-problem`;
  return (
    <div class="method" classList={{ invalid: (problems()?.length ?? 0) > 0 }}>
      <label class="inline method-name">
        <input
          type="checkbox"
          data-testid={`method-${method.id}`}
          aria-invalid={problems() ? 'true' : undefined}
          aria-describedby={problems() ? problemId : undefined}
          checked={enabled()}
          disabled={props.disabled}
          onChange={(e) => props.setForm('methods', method.id, 'enabled', e.currentTarget.checked)}
        />
        <span>{method.id}</span>
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
        <p class="problem" role="alert" id={problemId} data-testid={`problem-method-${method.id}`}>
          {problems()!.join('; ')}
        </p>
      </Show>
    </div>
  );
}

/** The one-column layout of styles.css. */
const NARROW = typeof matchMedia === 'function' ? matchMedia('(max-width: 900px)') : { matches: false };

export function MethodPicker(props: MethodPickerProps) {
  return (
    <fieldset class="methods" aria-describedby={props.problemsOf('methods') ? 'methods-problem' : undefined}>
      <legend>Methods</legend>
      <For each={methodsByFamily(props.methods)}>
        {(group) => {
          const ticked = () => group.methods.filter((m) => props.form.methods[m.id]?.enabled).length;
          const hasProblems = () => group.methods.some((m) => props.problemsOf(`method:${m.id}`) !== undefined);
          // On a narrow screen a family with nothing ticked starts folded, so the form stays short; after that it is the user's.
          const initiallyOpen = untrack(ticked) > 0 || !NARROW.matches;
          return (
            <details class="method-family" open={initiallyOpen} data-testid={`family-${group.family}`}>
              <summary>
                <span class="family-name">{FAMILY_NAMES[group.family]}</span>
                <span class="muted">
                  {ticked()} of {group.methods.length} ticked
                </span>
                {/* Folded away, a problem would otherwise go unseen. */}
                <Show when={hasProblems()}>
                  <span class="problem">needs a fix</span>
                </Show>
              </summary>
              <For each={group.methods}>
                {(method) => <MethodChoice method={method} form={props.form} setForm={props.setForm} problemsOf={props.problemsOf} disabled={props.disabled} />}
              </For>
            </details>
          );
        }}
      </For>
      <Show when={props.problemsOf('methods')}>
        <p class="problem" role="alert" id="methods-problem" data-testid="problem-methods">
          {props.problemsOf('methods')!.join('; ')}
        </p>
      </Show>
    </fieldset>
  );
}
