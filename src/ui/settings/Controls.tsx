/** The settings of a comparison, and the Run / Cancel buttons. */
import { createSignal, For, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Catalog, CatalogDataset } from '../../core/settings/catalog';
import { DatasetFileInput } from '../data/DatasetFileInput';
import { UploadPanel, type UploadHost } from '../data/UploadPanel';
import { MethodPicker } from './MethodPicker';
import { NARROW_LAYOUT } from '../common/narrow';
import { Field } from '../common/Field';
import { ListSelect, type SelectOption } from '../common/ListSelect';
import type { ClassroomControl, ClassroomView } from '../../core/share/share-link';
import { isShown } from '../share/share-state';
import { datasetKind, type BudgetMode, type FormState, type ParamValues } from './form-state';
import { budgetNote, targetHint, trainControl, type ClassCounts, type ControlKey } from './form-problems';
import { augmentationsFor, evaluationModelsFor, fitAugmentations, modelsFor, type SetAside } from './form-choices';
import { ParamControl } from './ParamInput';
import { trainingOnPick } from './suggested-training';
import { TrainingSuggestion, type TrainingPick } from './TrainingSuggestion';
import {
  BACKEND_FIELD,
  BUDGET_FIELD,
  controlId,
  FAIR_FIELD,
  ZCA_FIELD,
  SEEDS_FIELD,
  TARGET_FIELD,
  TRAIN_FIELDS,
} from './setting-fields';

interface ControlsProps {
  catalog: Catalog;
  form: FormState;
  setForm: SetStoreFunction<FormState>;
  problemsOf: (key: ControlKey) => string[] | undefined;
  /** Training examples per class of the picked dataset, once known. */
  classCounts?: () => ClassCounts | undefined;
  /** What cannot learn or be told apart with these settings on this data (said, not refused). */
  fitWarnings: () => string[];
  /** What a sweep in the budget box will cost (sweep-note.ts). */
  sweepNote?: () => string | undefined;
  running: boolean;
  onRun: () => void;
  onCancel: () => void;
  /** Reads a lab dataset file in the worker and adds it to the catalog's datasets. */
  loadDatasetFile: (file: File) => Promise<CatalogDataset>;
  /** What the "Your data" panel needs to add and delete uploads. */
  uploads: UploadHost;
  /** The classroom view: the controls its link hides are not shown (the form keeps their values). */
  classroom: () => ClassroomView | null;
}

const BUDGET_UNITS: SelectOption[] = [
  { value: 'fraction', label: '% of the training set' },
  { value: 'ipc', label: 'examples per class' },
];

/** The inputs on which Enter does something of their own (press a button, open a file chooser). */
const ENTER_ACTS_ON = new Set(['button', 'submit', 'reset', 'file', 'image']);

export function Controls(props: ControlsProps) {
  const shown = (control: ClassroomControl) => isShown(props.classroom(), control);
  const dataset = () => props.catalog.datasets.find((d) => d.id === props.form.dataset);
  const models = () => modelsFor(props.catalog, props.form.dataset);
  const model = () => props.catalog.models.find((m) => m.id === props.form.model);

  // Augmentations the last dataset pick left out, said under the dataset until the next pick.
  const [dropped, setDropped] = createSignal<string[]>([]);
  // Kept (not in the form) so that a dataset they fit again gives them back.
  let setAside: SetAside = {};

  // What the last dataset pick did to the training settings, said under the dataset.
  const [trainingPick, setTrainingPick] = createSignal<TrainingPick | null>(null);
  const setTraining = (values: ParamValues) => props.setForm('train', (train) => ({ ...train, ...values }));
  // The training settings as the person last typed them: while the form holds them, a pick never changes them.
  let typedTraining: ParamValues | null = null;

  /**
   * A new dataset may not suit the current model (fall back to the first model that reads it) nor the
   * ticked augmentations (set them aside); the training settings follow it unless the person changed them.
   */
  const pickDataset = (id: string, entry?: CatalogDataset) => {
    const previous = dataset();
    const picked = entry ?? props.catalog.datasets.find((d) => d.id === id);
    const onPick = trainingOnPick(props.form.train, previous, picked, typedTraining);
    if (onPick.kind === 'set') setTraining(onPick.values);
    setTrainingPick(onPick.kind === 'keep' ? null : { ...onPick, dataset: id });
    props.setForm('dataset', id);
    const fitting = modelsFor(props.catalog, id);
    if (!fitting.some((m) => m.id === props.form.model) && fitting.length > 0) props.setForm('model', fitting[0].id);
    const fitted = fitAugmentations(props.form, props.catalog, id, setAside);
    props.setForm('methods', fitted.methods);
    setDropped(fitted.dropped);
    setAside = fitted.setAside;
  };
  const droppedNote = () => {
    const names = dropped();
    if (names.length === 0) return undefined;
    return `${names.join(', ')} left out: ${names.length === 1 ? 'it does' : 'they do'} not mix ${dataset()?.kind ?? 'this'} data.`;
  };

  /** A bad control says so, and points to its message (and its hint, if it has one). */
  const invalid = (key: ControlKey) => ((props.problemsOf(key)?.length ?? 0) > 0 ? 'true' : undefined);
  const describedBy = (key: ControlKey, id: string, hasHint = false) =>
    [hasHint ? `${id}-hint` : '', invalid(key) ? `${id}-problem` : ''].filter((s) => s !== '').join(' ') || undefined;

  /** A text box of the form (kept as typed; the form says what is wrong with it), with its hint and problem. */
  const textBox = (
    key: 'budgetValue' | 'seeds' | 'targetAcc',
    control: ControlKey,
    id: string,
    inputmode?: 'decimal',
    placeholder?: string,
  ) => (
    <input
      id={id}
      data-testid={id}
      type="text"
      inputmode={inputmode}
      autocomplete="off"
      placeholder={placeholder}
      value={props.form[key]}
      disabled={props.running}
      aria-invalid={invalid(control)}
      aria-describedby={describedBy(control, id, true)}
      onInput={(e) => props.setForm(key, e.currentTarget.value)}
    />
  );
  const budgetHint = () =>
    [BUDGET_FIELD.description, budgetNote(props.form, props.classCounts?.()), props.sweepNote?.()]
      .filter((s) => s !== undefined)
      .join(' ');

  return (
    <form
      class="controls"
      onSubmit={(e) => {
        e.preventDefault();
        props.onRun();
      }}
      onKeyDown={(e) => {
        // Enter in a text box does not submit the form: a run starts only from the Run button.
        if (e.key === 'Enter' && e.target instanceof HTMLInputElement && !ENTER_ACTS_ON.has(e.target.type))
          e.preventDefault();
      }}
    >
      <Show when={shown('dataset')}>
        <Field
          label="Dataset"
          for="dataset"
          problemKey="dataset"
          problems={props.problemsOf('dataset')}
          hint={dataset()?.description}
        >
          <ListSelect
            id="dataset"
            data-testid="dataset"
            options={props.catalog.datasets.map((d) => ({ value: d.id, label: d.name }))}
            value={props.form.dataset}
            disabled={props.running}
            aria-invalid={invalid('dataset')}
            aria-describedby={describedBy('dataset', 'dataset', dataset() !== undefined)}
            onChange={(e) => pickDataset(e.currentTarget.value)}
          />
        </Field>

        <Show when={droppedNote()}>
          <p class="hint" role="status" data-testid="augment-dropped">
            {droppedNote()}
          </p>
        </Show>
        <TrainingSuggestion
          pick={trainingPick()}
          dataset={props.form.dataset}
          train={props.form.train}
          disabled={props.running}
          apply={(values, note) => {
            setTraining(values);
            setTrainingPick({ kind: 'set', values, note, dataset: props.form.dataset });
          }}
        />
      </Show>

      <Show when={shown('model')}>
        <Field
          label="Model"
          for="model"
          problemKey="model"
          problems={props.problemsOf('model')}
          hint={model()?.description}
        >
          <ListSelect
            id="model"
            data-testid="model"
            options={models().map((m) => ({ value: m.id, label: m.name }))}
            value={props.form.model}
            disabled={props.running}
            aria-invalid={invalid('model')}
            aria-describedby={describedBy('model', 'model', model() !== undefined)}
            onChange={(e) => props.setForm('model', e.currentTarget.value)}
          />
        </Field>
      </Show>

      <Show when={shown('dataset') && datasetKind(props.catalog, props.form.dataset) === 'image'}>
        <label class="inline" title={ZCA_FIELD.description}>
          <input
            type="checkbox"
            data-testid="zca"
            checked={props.form.zca}
            disabled={props.running}
            onChange={(e) => props.setForm('zca', e.currentTarget.checked)}
          />
          {ZCA_FIELD.label}: every method sees whitened images, as MTT on CIFAR
        </label>
      </Show>

      <Show when={shown('budget')}>
        <Field
          label={BUDGET_FIELD.label}
          for="budget-value"
          problemKey="budget"
          problems={props.problemsOf('budget')}
          hint={budgetHint()}
        >
          <div class="row">
            {textBox('budgetValue', 'budget', 'budget-value', 'decimal')}
            <ListSelect
              aria-label="budget unit"
              data-testid="budget-mode"
              options={BUDGET_UNITS}
              value={props.form.budgetMode}
              disabled={props.running}
              onChange={(e) => props.setForm('budgetMode', e.currentTarget.value as BudgetMode)}
            />
          </div>
        </Field>
      </Show>

      <Show when={shown('methods')}>
        <MethodPicker
          methods={props.catalog.methods}
          models={evaluationModelsFor(props.catalog, props.form.dataset)}
          augmentations={augmentationsFor(props.catalog, props.form.dataset)}
          form={props.form}
          setForm={props.setForm}
          problemsOf={props.problemsOf}
          disabled={props.running}
        />
      </Show>

      {/* One's own data after the choices every run needs (on a phone, Model, Budget and Methods come first), folded there. */}
      <Show when={shown('dataset')}>
        <details class="own-data" open={!NARROW_LAYOUT.matches} data-testid="own-data">
          <summary>Your own data: a dataset file, or an upload of images, a table or texts</summary>
          <DatasetFileInput
            disabled={props.running}
            load={props.loadDatasetFile}
            onLoaded={(d) => pickDataset(d.id, d)}
          />

          <UploadPanel host={props.uploads} disabled={props.running} chosen={props.form.dataset} choose={pickDataset} />
        </details>
      </Show>

      <Show when={shown('train')}>
        <div class="grid-2">
          <For each={TRAIN_FIELDS}>
            {(field) => {
              const key = trainControl(field.key);
              const id = controlId(field.key);
              return (
                <Field label={field.label} for={id} problemKey={field.key} problems={props.problemsOf(key)}>
                  <ParamControl
                    id={id}
                    param={field}
                    value={props.form.train[field.key]}
                    set={(value) => {
                      props.setForm('train', field.key, value);
                      typedTraining = { ...props.form.train };
                    }}
                    disabled={props.running}
                    invalid={invalid(key) !== undefined}
                    describedBy={describedBy(key, id)}
                  />
                </Field>
              );
            }}
          </For>
        </div>
      </Show>

      <Show when={shown('seeds')}>
        <Field
          label={SEEDS_FIELD.label}
          for="seeds"
          problemKey="seeds"
          problems={props.problemsOf('seeds')}
          hint={SEEDS_FIELD.description}
        >
          {textBox('seeds', 'seeds', 'seeds')}
        </Field>
      </Show>

      <Show when={shown('methods')}>
        <label class="inline" title={FAIR_FIELD.description}>
          <input
            type="checkbox"
            data-testid="fair-evaluation"
            checked={props.form.fairEvaluation}
            disabled={props.running}
            onChange={(e) => props.setForm('fairEvaluation', e.currentTarget.checked)}
          />
          {FAIR_FIELD.label}: distilled sets beside random real examples trained the same way
        </label>
      </Show>

      <div class="grid-2">
        <Show when={shown('backend')}>
          <Field label={BACKEND_FIELD.label} for="backend" problemKey="backend" problems={props.problemsOf('backend')}>
            <ListSelect
              id="backend"
              data-testid="backend-choice"
              options={[{ value: '', label: 'auto' }, ...props.catalog.backends.map((b) => ({ value: b, label: b }))]}
              value={props.form.backend}
              disabled={props.running}
              aria-invalid={invalid('backend')}
              aria-describedby={describedBy('backend', 'backend')}
              onChange={(e) => props.setForm('backend', e.currentTarget.value as FormState['backend'])}
            />
          </Field>
        </Show>
        <Show when={shown('target')}>
          <Field
            label={`${TARGET_FIELD.label} (%)`}
            for="target-acc"
            problemKey="targetAcc"
            problems={props.problemsOf('targetAcc')}
            hint={targetHint(props.form)}
          >
            {textBox('targetAcc', 'targetAcc', 'target-acc', 'decimal', 'auto')}
          </Field>
        </Show>
      </div>

      <Show when={props.fitWarnings().length > 0}>
        <div class="fit-warnings" role="status" data-testid="fit-warnings">
          <For each={props.fitWarnings()}>{(warning) => <p>{warning}</p>}</For>
        </div>
      </Show>

      <div class="buttons">
        <button type="submit" id="run" class="primary" data-testid="run" disabled={props.running}>
          Run
        </button>
        <Show when={props.running}>
          <button
            type="button"
            data-testid="cancel"
            title="Cancel (Esc)"
            aria-keyshortcuts="Escape"
            onClick={() => props.onCancel()}
          >
            Cancel
          </button>
        </Show>
      </div>
    </form>
  );
}
