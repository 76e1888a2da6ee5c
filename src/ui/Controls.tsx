/** The settings of a comparison, and the Run / Cancel buttons. */
import { For, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Catalog, CatalogDataset } from './lab-client';
import { DatasetFileInput } from './DatasetFileInput';
import { MethodPicker } from './MethodPicker';
import { Field } from './Field';
import { modelsFor, type BudgetMode, type ControlKey, type FormState } from './form-state';

interface ControlsProps {
  catalog: Catalog;
  form: FormState;
  setForm: SetStoreFunction<FormState>;
  problemsOf: (key: ControlKey) => string[] | undefined;
  running: boolean;
  onRun: () => void;
  onCancel: () => void;
  /** Reads a lab dataset file in the worker and adds it to the catalog's datasets. */
  loadDatasetFile: (file: File) => Promise<CatalogDataset>;
}

const OPTIMIZERS = ['sgd', 'adam'];

export function Controls(props: ControlsProps) {
  const dataset = () => props.catalog.datasets.find((d) => d.id === props.form.dataset);
  const models = () => modelsFor(props.catalog, props.form.dataset);
  const model = () => props.catalog.models.find((m) => m.id === props.form.model);

  /** A new dataset may not suit the current model: fall back to the first model that reads it. */
  const pickDataset = (id: string) => {
    props.setForm('dataset', id);
    const fitting = modelsFor(props.catalog, id);
    if (!fitting.some((m) => m.id === props.form.model) && fitting.length > 0) props.setForm('model', fitting[0].id);
  };

  const numberInput = (key: 'epochs' | 'batchSize' | 'lr', testId: string, step: string) => (
    <input
      id={testId}
      data-testid={testId}
      type="number"
      step={step}
      value={props.form[key]}
      disabled={props.running}
      onInput={(e) => props.setForm(key, e.currentTarget.value)}
    />
  );

  return (
    <form
      class="controls"
      onSubmit={(e) => {
        e.preventDefault();
        props.onRun();
      }}
    >
      <Field label="Dataset" for="dataset" problemKey="dataset" problems={props.problemsOf('dataset')} hint={dataset()?.description}>
        <select id="dataset" data-testid="dataset" value={props.form.dataset} disabled={props.running} onChange={(e) => pickDataset(e.currentTarget.value)}>
          <For each={props.catalog.datasets}>{(d) => <option value={d.id}>{d.name}</option>}</For>
        </select>
      </Field>

      <DatasetFileInput disabled={props.running} load={props.loadDatasetFile} onLoaded={(d) => pickDataset(d.id)} />

      <Field label="Model" for="model" problemKey="model" problems={props.problemsOf('model')} hint={model()?.description}>
        <select id="model" data-testid="model" value={props.form.model} disabled={props.running} onChange={(e) => props.setForm('model', e.currentTarget.value)}>
          <For each={models()}>{(m) => <option value={m.id}>{m.name}</option>}</For>
        </select>
      </Field>

      <Field
        label="Budget"
        for="budget-value"
        problemKey="budget"
        problems={props.problemsOf('budget')}
        hint="The data each subset method may train on: static subsets keep it, RS2 redraws it every round."
      >
        <div class="row">
          <input
            id="budget-value"
            data-testid="budget-value"
            type="number"
            step="any"
            value={props.form.budgetValue}
            disabled={props.running}
            onInput={(e) => props.setForm('budgetValue', e.currentTarget.value)}
          />
          <select
            aria-label="budget unit"
            data-testid="budget-mode"
            value={props.form.budgetMode}
            disabled={props.running}
            onChange={(e) => props.setForm('budgetMode', e.currentTarget.value as BudgetMode)}
          >
            <option value="fraction">% of the training set</option>
            <option value="ipc">examples per class</option>
          </select>
        </div>
      </Field>

      <MethodPicker
        methods={props.catalog.methods}
        form={props.form}
        setForm={props.setForm}
        problemsOf={props.problemsOf}
        disabled={props.running}
      />

      <div class="grid-2">
        <Field label="Epochs" for="epochs" problemKey="epochs" problems={props.problemsOf('epochs')}>
          {numberInput('epochs', 'epochs', '1')}
        </Field>
        <Field label="Batch size" for="batch-size" problemKey="batchSize" problems={props.problemsOf('batchSize')}>
          {numberInput('batchSize', 'batch-size', '1')}
        </Field>
        <Field label="Learning rate" for="lr" problemKey="lr" problems={props.problemsOf('lr')}>
          {numberInput('lr', 'lr', 'any')}
        </Field>
        <Field label="Optimizer" for="optimizer" problemKey="optimizer" problems={props.problemsOf('optimizer')}>
          <select id="optimizer" data-testid="optimizer" value={props.form.optimizer} disabled={props.running} onChange={(e) => props.setForm('optimizer', e.currentTarget.value)}>
            <For each={OPTIMIZERS}>{(o) => <option value={o}>{o}</option>}</For>
          </select>
        </Field>
      </div>

      <Field label="Seeds" for="seeds" problemKey="seeds" problems={props.problemsOf('seeds')} hint="Whole numbers, e.g. 0, 1, 2: each method runs once per seed.">
        <input id="seeds" data-testid="seeds" type="text" value={props.form.seeds} disabled={props.running} onInput={(e) => props.setForm('seeds', e.currentTarget.value)} />
      </Field>

      <div class="grid-2">
        <Field label="Backend" for="backend" problemKey="backend" problems={props.problemsOf('backend')}>
          <select
            id="backend"
            data-testid="backend-choice"
            value={props.form.backend}
            disabled={props.running}
            onChange={(e) => props.setForm('backend', e.currentTarget.value as FormState['backend'])}
          >
            <option value="">auto</option>
            <For each={props.catalog.backends}>{(b) => <option value={b}>{b}</option>}</For>
          </select>
        </Field>
        <Field label="Target accuracy (%)" for="target-acc" problemKey="targetAcc" problems={props.problemsOf('targetAcc')} hint="Empty: 95% of full data's.">
          <input
            id="target-acc"
            data-testid="target-acc"
            type="number"
            step="any"
            placeholder="auto"
            value={props.form.targetAcc}
            disabled={props.running}
            onInput={(e) => props.setForm('targetAcc', e.currentTarget.value)}
          />
        </Field>
      </div>

      <div class="buttons">
        <button type="submit" class="primary" data-testid="run" disabled={props.running}>
          Run
        </button>
        <Show when={props.running}>
          <button type="button" data-testid="cancel" onClick={() => props.onCancel()}>
            Cancel
          </button>
        </Show>
      </div>
    </form>
  );
}
