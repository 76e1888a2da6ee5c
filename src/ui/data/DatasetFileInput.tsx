/**
 * "Load a dataset file": a lab dataset file (a distilled set a run
 * exported), or a CIFAR-10 or CIFAR-100 archive as published, becomes one
 * of the datasets, kept across reloads. The worker reads
 * and checks the file; a bad one is refused with its message and changes
 * nothing; one whose distillation ran away loads with a warning. Whatever
 * the file says is shown as text only.
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import { describeError } from '../lab-client';
import type { CatalogDataset } from '../../core/settings/catalog';

interface DatasetFileInputProps {
  disabled: boolean;
  /** Reads the file in the worker and adds it to the datasets; rejects with the reason it was refused. */
  load: (file: File) => Promise<CatalogDataset>;
  /** Called with the dataset once it is among the choices. */
  onLoaded: (dataset: CatalogDataset) => void;
}

type LoadState =
  | { kind: 'idle' }
  | { kind: 'loading'; file: string }
  | { kind: 'loaded'; name: string; warning?: string }
  | { kind: 'failed'; message: string };

export function DatasetFileInput(props: DatasetFileInputProps) {
  const [state, setState] = createSignal<LoadState>({ kind: 'idle' });
  let latest = 0;

  async function pick(input: HTMLInputElement) {
    const file = input.files?.[0];
    // Cleared, so that picking the same file again (after fixing it) loads it again.
    input.value = '';
    if (!file) return;
    const request = ++latest;
    setState({ kind: 'loading', file: file.name });
    try {
      const dataset = await props.load(file);
      if (request !== latest) return;
      props.onLoaded(dataset);
      setState({ kind: 'loaded', name: dataset.name, warning: dataset.warning });
    } catch (error) {
      if (request === latest) setState({ kind: 'failed', message: describeError(error) });
    }
  }

  const current = <K extends LoadState['kind']>(kind: K) => {
    const now = state();
    return now.kind === kind ? (now as Extract<LoadState, { kind: K }>) : undefined;
  };

  return (
    <div class="field dataset-file">
      <label for="dataset-file">Load a dataset file</label>
      <input
        id="dataset-file"
        data-testid="dataset-file"
        type="file"
        accept=".json,application/json,.tar.gz,.tgz,.tar"
        disabled={props.disabled || state().kind === 'loading'}
        aria-describedby="dataset-file-help"
        onChange={(e) => void pick(e.currentTarget)}
      />
      <Switch
        fallback={
          <p id="dataset-file-help" class="hint">
            A distilled set that a run's Export saved trains like any dataset, tested on the held-out split it names. A
            CIFAR-10 or CIFAR-100 archive as published (.tar.gz) trains on its own train/test split, and takes about 180
            MB of the browser's storage. Either is kept across reloads (where the browser allows storage) and listed
            under Your datasets, where it can be deleted.
          </p>
        }
      >
        <Match when={current('loading')}>
          {(loading) => (
            <p id="dataset-file-help" class="hint" data-testid="dataset-file-status">
              Reading {loading().file}…
            </p>
          )}
        </Match>
        <Match when={current('loaded')}>
          {(loaded) => (
            <>
              <p id="dataset-file-help" class="hint" data-testid="dataset-file-status">
                Loaded “{loaded().name}”; it is now the chosen dataset.
              </p>
              <Show when={loaded().warning}>
                {(warning) => (
                  <p class="notice warning" role="alert" data-testid="dataset-file-warning">
                    Warning: {warning()}
                  </p>
                )}
              </Show>
            </>
          )}
        </Match>
        <Match when={current('failed')}>
          {(failed) => (
            <p id="dataset-file-help" class="problem" role="alert" data-testid="dataset-file-problem">
              Not loaded: {failed().message}
            </p>
          )}
        </Match>
      </Switch>
    </div>
  );
}
