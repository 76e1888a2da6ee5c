/** What to read a chosen file as: image side and colour (zips, pixel CSVs), a CSV's label column; a CIFAR archive takes none. */
import { For, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { UploadChoices, UploadSettings } from '../lab-client';
import type { FileOptions } from './upload-text';

export interface UploadChoicesForm {
  size: NonNullable<UploadChoices['size']>;
  colour: NonNullable<UploadChoices['colour']>;
  labelColumn: string;
}

const COLOUR_NAMES: Record<UploadChoicesForm['colour'], string> = { grey: 'grey', rgb: 'colour (RGB)' };

interface UploadOptionsProps {
  settings: UploadSettings;
  options: FileOptions;
  choices: UploadChoicesForm;
  setChoices: SetStoreFunction<UploadChoicesForm>;
  disabled: boolean;
}

export function UploadOptions(props: UploadOptionsProps) {
  return (
    <>
      <Show when={props.options.archive}>
        <p class="hint" data-testid="upload-archive-hint">
          A CIFAR-10 or CIFAR-100 archive is read as published: 32x32 colour images, the class names it gives, and its
          own train/test split.
        </p>
      </Show>
      <Show when={props.options.images}>
        <div class="grid-2">
          <div class="field">
            <label for="upload-size">Side (pixels)</label>
            <select
              id="upload-size"
              data-testid="upload-size"
              value={props.choices.size}
              disabled={props.disabled}
              onChange={(e) => props.setChoices('size', Number(e.currentTarget.value) as UploadChoicesForm['size'])}
            >
              <For each={props.settings.imageSizes}>
                {(size) => <option value={size}>{`${size} x ${size}`}</option>}
              </For>
            </select>
          </div>
          <div class="field">
            <label for="upload-colour">Colour</label>
            <select
              id="upload-colour"
              data-testid="upload-colour"
              value={props.choices.colour}
              disabled={props.disabled}
              onChange={(e) => props.setChoices('colour', e.currentTarget.value as UploadChoicesForm['colour'])}
            >
              <For each={props.settings.colours}>
                {(colour) => <option value={colour}>{COLOUR_NAMES[colour]}</option>}
              </For>
            </select>
          </div>
        </div>
        <Show when={props.options.labelColumn}>
          <p class="hint">Image settings apply when the CSV's columns are pixels.</p>
        </Show>
      </Show>
      <Show when={props.options.labelColumn}>
        <div class="field">
          <label for="upload-label-column">Label column</label>
          <input
            id="upload-label-column"
            data-testid="upload-label-column"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={props.choices.labelColumn}
            disabled={props.disabled}
            aria-describedby="upload-label-column-hint"
            onInput={(e) => props.setChoices('labelColumn', e.currentTarget.value)}
          />
          <p class="hint" id="upload-label-column-hint">
            Leave empty to use the column named label, class, target or y.
          </p>
        </div>
      </Show>
    </>
  );
}
