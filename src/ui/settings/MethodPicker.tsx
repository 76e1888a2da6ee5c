/**
 * The methods to compare, grouped by family (each group folds away): one
 * checkbox per catalog method and, once ticked, its params, each with its
 * one-line help, and the augmentations it trains with, each a row of its
 * own; then the augmentations' settings, in a fold of their own.
 */
import { For, Show, untrack } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { AugmentationSettings } from './AugmentationSettings';
import type { Catalog } from '../../core/settings/catalog';
import { modelLabel } from '../../core/results/cross-arch';
import type { CatalogAugmentation, CatalogMethod, FormState } from './form-state';
import type { ControlKey } from './form-problems';
import { methodsByFamily, paramsSummary, rowsSummary } from './form-choices';
import { ParamInput } from './ParamInput';
import { NARROW_LAYOUT } from '../common/narrow';

const FAMILY_NAMES: Record<CatalogMethod['family'], string> = {
  baseline: 'Baselines',
  selection: 'Subset selection',
  augmentation: 'Augmentation',
  distillation: 'Distillation',
};

interface MethodPickerProps {
  methods: CatalogMethod[];
  /** The models a distilled set of the picked dataset can also train on (none for text). */
  models: Catalog['models'];
  /** The augmentations that can mix the picked dataset. */
  augmentations: CatalogAugmentation[];
  form: FormState;
  setForm: SetStoreFunction<FormState>;
  problemsOf: (key: ControlKey) => string[] | undefined;
  disabled: boolean;
}

/**
 * Which rows a ticked method adds: its plain one and one per augmentation
 * ticked. Folded by default, so that the augmentations' boxes are not in the
 * way (nor in the tab order) of those who do not mix; its summary says the
 * rows it adds.
 */
function AugmentChoice(props: {
  method: CatalogMethod;
  augmentations: CatalogAugmentation[];
  form: FormState;
  setForm: SetStoreFunction<FormState>;
  disabled: boolean;
}) {
  const id = props.method.id;
  const choice = () => props.form.methods[id];
  const toggle = (augment: string, on: boolean) =>
    props.setForm('methods', id, 'augments', (list) =>
      on ? [...list.filter((a) => a !== augment), augment] : list.filter((a) => a !== augment),
    );
  return (
    // Open where the method has no row left, so the boxes that give it one are in view.
    <details
      class="augment-choice"
      data-testid={`augment-${id}`}
      open={!choice().plain && choice().augments.length === 0}
    >
      <summary>
        Rows: <span data-testid={`augment-${id}-rows`}>{rowsSummary(choice())}</span>
      </summary>
      <div class="augment-boxes" role="group" aria-label={`Rows of ${id}: plain, and one per augmentation`}>
        <label class="inline" title="The method's row without augmentation">
          <input
            type="checkbox"
            data-testid={`augment-${id}-none`}
            checked={choice().plain}
            disabled={props.disabled}
            onChange={(e) => props.setForm('methods', id, 'plain', e.currentTarget.checked)}
          />
          plain
        </label>
        <For each={props.augmentations}>
          {(augmentation) => (
            <label class="inline" title={augmentation.description}>
              <input
                type="checkbox"
                data-testid={`augment-${id}-${augmentation.id}`}
                checked={choice().augments.includes(augmentation.id)}
                disabled={props.disabled}
                onChange={(e) => toggle(augmentation.id, e.currentTarget.checked)}
              />
              + {augmentation.id}
            </label>
          )}
        </For>
      </div>
    </details>
  );
}

/**
 * A distillation method's other models: its set also trains on each one
 * ticked, after the run and off its clock, a column each in the table. A
 * model the config names with its own settings keeps them.
 */
function EvaluateOnChoice(props: {
  method: CatalogMethod;
  models: Catalog['models'];
  form: FormState;
  setForm: SetStoreFunction<FormState>;
  disabled: boolean;
}) {
  const id = props.method.id;
  const specs = () => props.form.methods[id].evaluateOn;
  const toggle = (name: string, on: boolean) =>
    props.setForm('methods', id, 'evaluateOn', (list) =>
      on ? [...list.filter((s) => s.name !== name), { name }] : list.filter((s) => s.name !== name),
    );
  return (
    <div class="augment-boxes" role="group" aria-label={`Other models ${id}'s set also trains on`}>
      <span class="hint">Also test its set on:</span>
      <For each={props.models}>
        {(model) => {
          const spec = () => specs().find((s) => s.name === model.id);
          return (
            <label
              class="inline"
              title={`After the run, off its clock: a fresh ${model.id} trains on the set as the run did`}
            >
              <input
                type="checkbox"
                data-testid={`evaluate-on-${id}-${model.id}`}
                checked={spec() !== undefined}
                disabled={props.disabled}
                onChange={(e) => toggle(model.id, e.currentTarget.checked)}
              />
              {spec() ? modelLabel(spec()!) : model.id}
            </label>
          );
        }}
      </For>
    </div>
  );
}

function MethodChoice(props: Omit<MethodPickerProps, 'methods'> & { method: CatalogMethod }) {
  const method = props.method;
  const enabled = () => props.form.methods[method.id]?.enabled ?? false;
  const problems = () => props.problemsOf(`method:${method.id}`);
  const problemId = `method-${method.id}-problem`;
  return (
    <div class="method" classList={{ invalid: (problems()?.length ?? 0) > 0, ticked: enabled() }}>
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
      <p class="hint" title={method.description}>
        {method.description}
      </p>
      <Show when={enabled() && method.params.length > 0}>
        {/* On a phone a method's settings start folded (its summary says whether any is changed): the form stays short. */}
        <details
          class="method-params"
          data-testid={`params-${method.id}`}
          open={
            !NARROW_LAYOUT.matches ||
            untrack(() => paramsSummary(method.params, props.form.methods[method.id].params).changed > 0)
          }
        >
          <summary>{paramsSummary(method.params, props.form.methods[method.id].params).text}</summary>
          <div class="params">
            <For each={method.params}>
              {(param) => (
                <ParamInput
                  id={`param-${method.id}-${param.key}`}
                  param={param}
                  value={props.form.methods[method.id].params[param.key]}
                  set={(next) => props.setForm('methods', method.id, 'params', param.key, next)}
                  disabled={props.disabled}
                />
              )}
            </For>
          </div>
        </details>
      </Show>
      <Show when={enabled() && method.family === 'distillation' && props.models.length > 0}>
        <EvaluateOnChoice
          method={method}
          models={props.models}
          form={props.form}
          setForm={props.setForm}
          disabled={props.disabled}
        />
      </Show>
      <Show when={enabled() && props.augmentations.length > 0}>
        <AugmentChoice
          method={method}
          augmentations={props.augmentations}
          form={props.form}
          setForm={props.setForm}
          disabled={props.disabled}
        />
      </Show>
      <Show when={problems()}>
        <p class="problem" role="alert" id={problemId} data-testid={`problem-method-${method.id}`}>
          {problems()!.join('; ')}
        </p>
      </Show>
    </div>
  );
}

export function MethodPicker(props: MethodPickerProps) {
  return (
    <fieldset class="methods" aria-describedby={props.problemsOf('methods') ? 'methods-problem' : undefined}>
      <legend>Methods</legend>
      <For each={methodsByFamily(props.methods)}>
        {(group) => {
          const ticked = () => group.methods.filter((m) => props.form.methods[m.id]?.enabled).length;
          const hasProblems = () => group.methods.some((m) => props.problemsOf(`method:${m.id}`) !== undefined);
          // On a narrow screen a family with nothing ticked starts folded, so the form stays short; after that it is the user's.
          const initiallyOpen = untrack(ticked) > 0 || !NARROW_LAYOUT.matches;
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
                {(method) => (
                  <MethodChoice
                    method={method}
                    models={props.models}
                    augmentations={props.augmentations}
                    form={props.form}
                    setForm={props.setForm}
                    problemsOf={props.problemsOf}
                    disabled={props.disabled}
                  />
                )}
              </For>
            </details>
          );
        }}
      </For>
      <Show when={props.augmentations.length > 0}>
        <AugmentationSettings
          augmentations={props.augmentations}
          form={props.form}
          setForm={props.setForm}
          problemsOf={props.problemsOf}
          disabled={props.disabled}
        />
      </Show>
      <Show when={props.problemsOf('methods')}>
        <p class="problem" role="alert" id="methods-problem" data-testid="problem-methods">
          {props.problemsOf('methods')!.join('; ')}
        </p>
      </Show>
    </fieldset>
  );
}
