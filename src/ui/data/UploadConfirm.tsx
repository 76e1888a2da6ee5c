/**
 * An upload read and waiting: what the file holds (kind, classes with
 * counts, notes, a few examples of each class), the storage it will take,
 * and the split to make of it (or the file's own, which is not chosen),
 * with Confirm and Cancel. Everything from the file shows as text.
 */
import { createSignal, For, onMount, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ExampleGallery } from './ExampleGallery';
import { formatBytes, plainNumber } from '../common/format';
import type { InspectedUpload, SplitChoice, UploadSettings } from '../lab-client';
import { readSplit, splitForm, type SplitProblems } from './upload-split';

/** Classes whose examples the panel shows; the rest are listed by name and count. */
const SHOWN_CLASSES = 10;

interface UploadConfirmProps {
  summary: InspectedUpload['summary'];
  settings: UploadSettings;
  /** The confirmation is being saved: the buttons wait. */
  saving: boolean;
  onConfirm: (split: SplitChoice) => void;
  onCancel: () => void;
}

export function UploadConfirm(props: UploadConfirmProps) {
  const [form, setForm] = createStore(splitForm(props.settings.split));
  const [problems, setProblems] = createSignal<SplitProblems>({});
  let heading!: HTMLHeadingElement;
  // The person's attention goes to what was read: the step replaced the Read button.
  onMount(() => heading.focus());

  const shown = () => props.summary.classes.slice(0, SHOWN_CLASSES);
  const rest = () => props.summary.classes.slice(SHOWN_CLASSES);
  const range = () => props.settings.testFraction;

  function confirm() {
    // The file's own split: the worker keeps it whatever is sent.
    if (props.summary.split) return props.onConfirm(props.settings.split);
    const reading = readSplit(form, range());
    setProblems(reading.ok ? {} : reading.problems);
    if (reading.ok) props.onConfirm(reading.split);
    else document.querySelector<HTMLElement>('.upload-summary [aria-invalid="true"]')?.focus();
  }

  /** Enter in a box confirms, rather than submit the comparison's form around the panel. */
  const onEnter = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (!props.saving) confirm();
  };

  const problemOf = (key: keyof SplitProblems) => problems()[key];
  const splitBox = (key: 'testPercent' | 'seed', id: string, label: string, hint: string) => (
    <div class="field" classList={{ invalid: problemOf(key) !== undefined }}>
      <label for={id}>{label}</label>
      <input
        id={id}
        data-testid={id}
        type="text"
        inputmode="decimal"
        autocomplete="off"
        value={form[key]}
        disabled={props.saving}
        aria-invalid={problemOf(key) !== undefined ? 'true' : undefined}
        aria-describedby={`${id}-hint${problemOf(key) !== undefined ? ` ${id}-problem` : ''}`}
        onInput={(e) => setForm(key, e.currentTarget.value)}
        onKeyDown={onEnter}
      />
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <Show when={problemOf(key)}>
        {(problem) => (
          <p class="problem" id={`${id}-problem`} role="alert" data-testid={`${id}-problem`}>
            {problem()}
          </p>
        )}
      </Show>
    </div>
  );

  return (
    <section class="upload-summary" aria-labelledby="upload-summary-title" data-testid="upload-summary">
      <h3 id="upload-summary-title" tabIndex={-1} ref={heading}>
        Add “{props.summary.name}”?
      </h3>
      <p data-testid="upload-shape">
        {props.summary.count.toLocaleString('en-US')} {props.summary.shape} in {props.summary.classes.length} classes,
        read from {props.summary.fileName}.
      </p>
      <Show when={props.summary.notes.length > 0}>
        <ul class="upload-notes" data-testid="upload-notes">
          <For each={props.summary.notes}>{(note) => <li>{note}</li>}</For>
        </ul>
      </Show>
      <ExampleGallery
        kind={props.summary.kind}
        classes={shown().map((c) => c.name)}
        examples={props.summary.examples}
        caption={(c) => `${shown()[c].count} examples`}
        testId="upload-examples"
      />
      <Show when={rest().length > 0}>
        <p class="hint" data-testid="upload-more-classes">
          And {rest().length} more classes:{' '}
          {rest()
            .map((c) => `${c.name} (${c.count})`)
            .join(', ')}
          .
        </p>
      </Show>

      <Show
        when={props.summary.split}
        fallback={
          <>
            <div class="grid-2">
              {splitBox(
                'testPercent',
                'upload-test-share',
                'Test share (%)',
                `Held out for testing, ${plainNumber(range().min * 100)}% to ${plainNumber(range().max * 100)}%.`,
              )}
              {splitBox('seed', 'upload-seed', 'Split seed', 'The same seed gives the same split.')}
            </div>
            <label class="inline">
              <input
                type="checkbox"
                data-testid="upload-stratified"
                checked={form.stratified}
                disabled={props.saving}
                onChange={(e) => setForm('stratified', e.currentTarget.checked)}
              />
              Stratified: every class keeps its share on both sides
            </label>
          </>
        }
      >
        {(split) => (
          <p data-testid="upload-fixed-split">
            Split: the archive's own, {split().train.toLocaleString('en-US')} training and{' '}
            {split().test.toLocaleString('en-US')} test images, as every study of it uses; no test share is chosen.
          </p>
        )}
      </Show>
      <p class="hint" data-testid="upload-storage">
        Confirmed, it takes about {formatBytes(props.summary.storedBytes)} of this browser's storage (kept across
        reloads until deleted under Your datasets).
      </p>

      <div class="upload-buttons">
        <button type="button" class="primary" data-testid="upload-confirm" disabled={props.saving} onClick={confirm}>
          {props.saving ? 'Adding…' : 'Confirm'}
        </button>
        <button type="button" data-testid="upload-cancel" disabled={props.saving} onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </section>
  );
}
