/**
 * The augmentations that fit the picked dataset, in one fold: each
 * one's settings, read off its catalog entry and shared by every method
 * that trains with it, with their help lines and problems.
 */
import { For, Show, untrack } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { augmentationsInUse, type CatalogAugmentation, type FormState } from './form-state';
import { augmentControl, type ControlKey } from './form-problems';
import { ParamInput } from './ParamInput';

interface AugmentationSettingsProps {
  augmentations: CatalogAugmentation[];
  form: FormState;
  setForm: SetStoreFunction<FormState>;
  problemsOf: (key: ControlKey) => string[] | undefined;
  disabled: boolean;
}

export function AugmentationSettings(props: AugmentationSettingsProps) {
  const inUse = () => new Set(augmentationsInUse(props.form, props.augmentations).map((a) => a.id));
  const hasProblems = () =>
    props.augmentations.some((a) => a.params.some((p) => props.problemsOf(augmentControl(a.id, p.key)) !== undefined));
  return (
    <details class="method-family" open={untrack(inUse).size > 0} data-testid="augmentations">
      <summary>
        <span class="family-name">Augmentations</span>
        <span class="muted">{inUse().size} in use</span>
        <Show when={hasProblems()}>
          <span class="problem">needs a fix</span>
        </Show>
      </summary>
      <p class="hint">
        Tick one under a method to compare the method with and without it. Its settings here hold for every method that
        uses it.
      </p>
      <For each={props.augmentations}>
        {(augmentation) => (
          <div class="method" data-testid={`augmentation-${augmentation.id}`}>
            <div class="method-name inline">
              <span>{augmentation.id}</span>
              <Show when={inUse().has(augmentation.id)}>
                <span class="muted">in use</span>
              </Show>
            </div>
            <p class="hint">{augmentation.description}</p>
            <div class="params">
              <For each={augmentation.params}>
                {(param) => (
                  <ParamInput
                    id={`augment-param-${augmentation.id}-${param.key}`}
                    param={param}
                    value={props.form.augmentations[augmentation.id][param.key]}
                    set={(next) => props.setForm('augmentations', augmentation.id, param.key, next)}
                    disabled={props.disabled}
                    problems={props.problemsOf(augmentControl(augmentation.id, param.key))}
                  />
                )}
              </For>
            </div>
          </div>
        )}
      </For>
    </details>
  );
}
