/**
 * "Your data": a zip of class folders of images, a CSV, a JSON Lines file
 * or a CIFAR archive becomes a dataset. The file is chosen (or dropped), read with the options
 * its kind takes, shown with the split to make of it, and once confirmed
 * kept across reloads and chosen. The worker reads and checks everything; a
 * refused file shows its message, as text, and changes nothing, as does a
 * reading cancelled part way.
 */
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { createStore } from 'solid-js/store';
import { formatBytes } from '../common/format';
import {
  describeError,
  isUploadCancelled,
  type InspectedUpload,
  type SplitChoice,
  type UploadChoices,
} from '../lab-client';
import { UploadConfirm } from './UploadConfirm';
import type { UploadHost } from './upload-host';
import { UploadOptions, type UploadChoicesForm } from './UploadOptions';
import { nextReading, readingText, type ReadingProgress } from './upload-progress';
import { acceptedExtensions, limitsNote, optionsFor } from './upload-text';
import { YourDatasets } from './YourDatasets';

// The panel's users name its host by this module.
export type { UploadHost };

interface UploadPanelProps {
  host: UploadHost;
  /** A comparison runs: nothing may change. */
  disabled: boolean;
  /** The form's dataset. */
  chosen: string;
  /** Makes a dataset the form's, as picking it in the list does. */
  choose: (id: string) => void;
}

type Step =
  | { kind: 'idle' }
  | { kind: 'chosen'; file: File }
  /** `progress` once the worker first reports; `cancelling` once Cancel is pressed, until the worker stops. */
  | { kind: 'reading'; file: File; progress?: ReadingProgress; cancelling: boolean }
  | { kind: 'confirming'; file: File; inspected: InspectedUpload; saving: boolean };

const CANCELLED = 'Reading cancelled; nothing was added.';

export function UploadPanel(props: UploadPanelProps) {
  const api = props.host.client.api;
  const [settings] = createResource(() => api.uploadSettings());
  const [step, setStep] = createSignal<Step>({ kind: 'idle' });
  const [choices, setChoices] = createStore<UploadChoicesForm>({ size: 28, colour: 'grey', labelColumn: '' });
  const [problem, setProblem] = createSignal<string | null>(null);
  const [said, setSaid] = createSignal('');
  const [over, setOver] = createSignal(false);
  let statusElement: HTMLParagraphElement | undefined;

  const inStep = <K extends Step['kind']>(kind: K) => {
    const current = step();
    return current.kind === kind ? (current as Extract<Step, { kind: K }>) : undefined;
  };
  const busy = () => props.disabled || inStep('reading') !== undefined || inStep('confirming')?.saving === true;

  function pick(file: File | undefined) {
    if (!file || busy()) return;
    if (inStep('confirming')) void api.discardUpload();
    setProblem(null);
    setSaid('');
    setStep({ kind: 'chosen', file });
  }

  async function read(file: File) {
    const options = optionsFor(file.name);
    const request: UploadChoices = options.images ? { size: choices.size, colour: choices.colour } : {};
    if (options.labelColumn && choices.labelColumn.trim() !== '') request.labelColumn = choices.labelColumn.trim();
    setProblem(null);
    setSaid('');
    setStep({ kind: 'reading', file, cancelling: false });
    try {
      const inspected = await props.host.client.inspectUpload(file, request, (done, total, unit) => {
        const reading = inStep('reading');
        if (reading?.file === file)
          setStep({ ...reading, progress: nextReading(reading.progress, done, total, unit, performance.now()) });
      });
      if (inStep('reading')?.cancelling) {
        // Read whole before the Cancel reached the worker: dropped all the same.
        void api.discardUpload();
        return stopped(file, CANCELLED);
      }
      setStep({ kind: 'confirming', file, inspected, saving: false });
    } catch (error) {
      if (isUploadCancelled(error)) return stopped(file, CANCELLED);
      stopped(file, '');
      setProblem(describeError(error));
    }
  }

  /** Back to the file and its options, to change them or choose another file; `message` is said, and takes the focus from the Cancel that is gone. */
  function stopped(file: File, message: string) {
    setStep({ kind: 'chosen', file });
    setSaid(message);
    if (message) queueMicrotask(() => statusElement?.focus());
  }

  /** The worker stops at its next image (or stage) and keeps nothing; the panel waits for it. */
  function stopReading(reading: Extract<Step, { kind: 'reading' }>) {
    setStep({ ...reading, cancelling: true });
    void api.cancelUpload();
  }

  async function confirm(current: Extract<Step, { kind: 'confirming' }>, split: SplitChoice) {
    setStep({ ...current, saving: true });
    setProblem(null);
    try {
      const dataset = await api.confirmUpload(current.inspected.token, split);
      // In the form's list before it is chosen: choosing fits the model to its kind.
      await props.host.refreshCatalog();
      props.choose(dataset.id);
      setStep({ kind: 'idle' });
      setSaid(`Added “${dataset.name}”; it is now the chosen dataset.`);
      queueMicrotask(() => statusElement?.focus());
    } catch (error) {
      // A refused split or a full storage: the upload still waits, as it was.
      setStep({ ...current, saving: false });
      setProblem(describeError(error));
    }
  }

  function cancel() {
    if (inStep('confirming')) void api.discardUpload();
    setStep({ kind: 'idle' });
    setProblem(null);
  }

  /** Enter in a box reads the file, rather than submit the comparison's form around the panel. */
  const readOnEnter = (e: KeyboardEvent, file: File) => {
    if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement)) return;
    e.preventDefault();
    void read(file);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    pick(e.dataTransfer?.files[0]);
  };

  return (
    <fieldset class="upload" data-testid="upload">
      <legend>Your data</legend>
      <Show when={settings()}>
        {(current) => (
          <>
            {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone is a mouse-only shortcut; its file input is the keyboard's way in */}
            <div
              class="drop-zone"
              classList={{ over: over() }}
              data-testid="upload-drop"
              onDragOver={(e) => {
                e.preventDefault();
                setOver(!busy());
              }}
              onDragLeave={() => setOver(false)}
              onDrop={onDrop}
            >
              <label for="upload-file">
                Upload a zip of class folders of images, a CSV, a JSON Lines file, or a CIFAR-10 or CIFAR-100 archive
                (.tar.gz, as published)
              </label>
              <input
                id="upload-file"
                data-testid="upload-file"
                type="file"
                accept={acceptedExtensions(current())}
                disabled={busy()}
                aria-describedby="upload-limits"
                onChange={(e) => {
                  pick(e.currentTarget.files?.[0]);
                  // Cleared, so that choosing the same file again (after fixing it) reads it again.
                  e.currentTarget.value = '';
                }}
              />
              <p class="hint">Or drop the file here.</p>
            </div>
            <p id="upload-limits" class="hint" data-testid="upload-limits">
              {limitsNote(current())}
            </p>

            <Switch>
              <Match when={inStep('chosen')}>
                {(chosen) => (
                  // biome-ignore lint/a11y/noStaticElementInteractions: Enter in any of the options below reads the file, as in a form
                  <div class="upload-chosen" onKeyDown={(e) => readOnEnter(e, chosen().file)}>
                    <p data-testid="upload-chosen">
                      <strong>{chosen().file.name}</strong> ({formatBytes(chosen().file.size)})
                    </p>
                    <UploadOptions
                      settings={current()}
                      options={optionsFor(chosen().file.name)}
                      choices={choices}
                      setChoices={setChoices}
                      disabled={busy()}
                    />
                    <div class="upload-buttons">
                      <button
                        type="button"
                        class="primary"
                        data-testid="upload-read"
                        disabled={busy()}
                        onClick={() => void read(chosen().file)}
                      >
                        Read the file
                      </button>
                      <button type="button" data-testid="upload-cancel" onClick={cancel}>
                        Cancel
                      </button>
                    </div>
                  </div>
                )}
              </Match>
              <Match when={inStep('reading')}>
                {(reading) => (
                  <div class="upload-progress" data-testid="upload-progress">
                    <span>Reading {reading().file.name}…</span>
                    {/* Until the reader says how far it has to go, the bar stays indeterminate. */}
                    <Show
                      when={reading().progress}
                      fallback={<progress aria-label={`Reading ${reading().file.name}`} />}
                    >
                      {(progress) => (
                        <>
                          <progress
                            aria-label={`Reading ${reading().file.name}`}
                            max={progress().total}
                            value={progress().done}
                          />
                          <span data-testid="upload-progress-text">{readingText(progress())}</span>
                        </>
                      )}
                    </Show>
                    <button
                      type="button"
                      data-testid="upload-cancel"
                      disabled={reading().cancelling}
                      onClick={() => stopReading(reading())}
                    >
                      {reading().cancelling ? 'Cancelling…' : 'Cancel'}
                    </button>
                  </div>
                )}
              </Match>
              <Match when={inStep('confirming')}>
                {(confirming) => (
                  <UploadConfirm
                    summary={confirming().inspected.summary}
                    settings={current()}
                    saving={confirming().saving}
                    onConfirm={(split) => void confirm(confirming(), split)}
                    onCancel={cancel}
                  />
                )}
              </Match>
            </Switch>

            <Show when={problem()}>
              <p class="problem" role="alert" data-testid="upload-problem">
                Not added: {problem()}
              </p>
            </Show>
            <p class="hint" role="status" tabIndex={-1} ref={statusElement} data-testid="upload-status">
              {said()}
            </p>
            <YourDatasets host={props.host} disabled={busy()} chosen={props.chosen} choose={props.choose} />
          </>
        )}
      </Show>
    </fieldset>
  );
}
