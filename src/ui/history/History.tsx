/**
 * The experiments this browser kept, newest first: when each ran, on what,
 * how it ended (one cut off by a reload shows as interrupted, with the runs
 * it finished) and its best row; Open reads its whole record and shows its
 * results as they were, Delete removes it after a second click. "Load a
 * results file" reads a results JSON (the page's export, the CLI's --out)
 * in the worker, keeps it here and shows it; a bad file is refused with its
 * message and changes nothing. Under the
 * list, how much of the browser's storage the page uses. The list reads only
 * the experiments' listings, so it stays quick however many are kept.
 */
import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { onChange } from '../../store/changes';
import {
  type ExperimentListing,
  type LabStore,
  loadedExperiment,
  type StorageUse,
  type StoredExperiment,
} from '../../store/lab-store';
import { ConfirmDelete } from '../common/ConfirmDelete';
import { storageUseText } from '../common/format';
import { MAX_RESULTS_BYTES, type ResultsFile, type ResultsFileRead } from '../../core/results/results-file';
import { historyRow } from './history-data';
import { describeError } from '../lab-client';

interface HistoryProps {
  /** Null where the browser keeps nothing. */
  store: LabStore | null;
  /** Bumped when an experiment was written: the list reads again. */
  version: () => number;
  /** While a comparison runs its view is on show: nothing opens over it. */
  busy: () => boolean;
  datasetName: (id: string) => string | undefined;
  onOpen: (experiment: StoredExperiment) => void;
  /** Lays an experiment's curves over the chart on show. */
  onOverlay: (experiment: StoredExperiment) => void;
  /** Reads and checks a results file's text (in the worker). */
  readResults: (text: string) => Promise<ResultsFileRead>;
}

/** What the store holds; where it could not be read, nothing and why. */
interface Kept {
  experiments: ExperimentListing[];
  use: StorageUse;
  problem?: string;
}

export function History(props: HistoryProps) {
  // Bumped by a deletion here and by another tab's change: the list reads again.
  const [rereads, setRereads] = createSignal(0);
  onCleanup(onChange('experiments', () => setRereads((n) => n + 1)));
  // The experiment whose deletion waits for its second click.
  const [asking, setAsking] = createSignal<string | null>(null);
  // What went wrong with the last Open or Delete.
  const [problem, setProblem] = createSignal<string | null>(null);
  let heading!: HTMLHeadingElement;
  const [kept] = createResource(
    () => props.store && { store: props.store, version: props.version() + rereads() },
    async ({ store }): Promise<Kept> => {
      try {
        const [experiments, use] = await Promise.all([store.listings(), store.storageUse()]);
        return { experiments, use };
      } catch (error) {
        return { experiments: [], use: {}, problem: `The kept experiments could not be read: ${describeError(error)}` };
      }
    },
  );

  /** Reads an experiment's whole record and hands it to `use` (Open, Overlay). */
  const withRecord = async (store: LabStore, id: string, use: (experiment: StoredExperiment) => void) => {
    setProblem(null);
    try {
      const experiment = await store.experiment(id);
      if (experiment) use(experiment);
      else setProblem('It is no longer kept (deleted in another tab?).');
    } catch (error) {
      setProblem(`Could not read it: ${describeError(error)}`);
    }
  };

  /** Kept where the browser keeps anything (and listed), else only shown. */
  const keepAndOpen = async (file: ResultsFile, name: string) => {
    const store = props.store;
    const experiment = store ? await store.experiment(await store.keepLoaded(file, name)) : undefined;
    props.onOpen(experiment ?? loadedExperiment(file, name));
    setRereads((n) => n + 1);
  };

  const loadFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    // Cleared, so that picking the same file again (after fixing it) loads it again.
    input.value = '';
    if (!file) return;
    setProblem(null);
    try {
      if (file.size > MAX_RESULTS_BYTES)
        return setProblem(
          `${file.name}: it is larger than ${MAX_RESULTS_BYTES / 2 ** 20} MB, more than a results file holds.`,
        );
      const read = await props.readResults(await file.text());
      if (!read.ok) return setProblem(`${file.name}: ${read.problem}`);
      await keepAndOpen(read.file, file.name);
    } catch (error) {
      setProblem(`Could not load ${file.name}: ${describeError(error)}`);
    }
  };

  const remove = async (store: LabStore, id: string) => {
    setAsking(null);
    setProblem(null);
    try {
      await store.deleteExperiment(id);
    } catch (error) {
      setProblem(`Could not delete it: ${describeError(error)}`);
    }
    setRereads((n) => n + 1);
    // Its row, and the button that had focus, are gone.
    heading.focus();
  };

  return (
    <section class="panel" data-testid="history" aria-labelledby="history-heading">
      <header class="panel-header">
        <h2 id="history-heading" tabindex="-1" ref={heading}>
          History
        </h2>
        <label class="file-button">
          Load a results file
          <input
            type="file"
            data-testid="results-file"
            accept=".json,application/json"
            disabled={props.busy()}
            onChange={(e) => void loadFile(e.currentTarget)}
          />
        </label>
      </header>
      <Show
        when={props.store}
        fallback={
          <p class="muted" data-testid="history-not-kept">
            History is off: this browser gives the page no storage, so comparisons last until it closes.
          </p>
        }
      >
        {(store) => (
          <Show when={kept.latest}>
            {(shown) => (
              <Show when={!shown().problem} fallback={<p class="problem">{shown().problem}</p>}>
                <Show
                  when={shown().experiments.length > 0}
                  fallback={<p class="muted">No comparisons kept yet: each one run is kept here, with its results.</p>}
                >
                  <div class="table-scroll">
                    <table class="results history" data-testid="history-table">
                      <thead>
                        <tr>
                          <th scope="col">Started</th>
                          <th scope="col">Dataset</th>
                          <th scope="col">Methods</th>
                          <th scope="col">Status</th>
                          <th scope="col">Best row</th>
                          <th scope="col">Actions</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={shown().experiments}>
                          {(experiment) => {
                            const row = historyRow(experiment, props.datasetName);
                            return (
                              <tr data-testid="history-row" data-id={row.id} data-status={row.status}>
                                <th scope="row">{row.date}</th>
                                <td>{row.dataset}</td>
                                <td>{row.methods}</td>
                                <td data-testid="history-status">{row.statusText}</td>
                                <td data-testid="history-best">{row.best}</td>
                                <td class="history-actions">
                                  <button
                                    type="button"
                                    data-testid="history-open"
                                    aria-label={`Open the comparison started ${row.date}`}
                                    disabled={!row.openable || props.busy()}
                                    onClick={() => void withRecord(store(), row.id, props.onOpen)}
                                  >
                                    Open
                                  </button>
                                  <button
                                    type="button"
                                    data-testid="history-overlay"
                                    aria-label={`Overlay the comparison started ${row.date} on the chart`}
                                    disabled={!row.openable}
                                    onClick={() => void withRecord(store(), row.id, props.onOverlay)}
                                  >
                                    Overlay
                                  </button>
                                  <ConfirmDelete
                                    what={`the comparison started ${row.date}`}
                                    testId="history"
                                    asking={asking() === row.id}
                                    onAsking={(on) => setAsking(on ? row.id : null)}
                                    onDelete={() => void remove(store(), row.id)}
                                    disabled={row.status === 'running'}
                                  />
                                </td>
                              </tr>
                            );
                          }}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
                <Show when={storageUseText(shown().use)}>
                  {(text) => (
                    <p class="muted" data-testid="history-storage-use">
                      {text()}
                    </p>
                  )}
                </Show>
              </Show>
            )}
          </Show>
        )}
      </Show>
      <Show when={problem()}>
        {(message) => (
          <p class="problem" role="alert" data-testid="history-problem">
            {message()}
          </p>
        )}
      </Show>
    </section>
  );
}
