/**
 * "Your datasets": the uploads and dataset files kept across reloads, with
 * their sizes and the storage the page uses, each deletable after a second
 * click. Deleting the chosen dataset chooses the lab's default instead, and
 * says so.
 */
import { createEffect, createResource, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { onChange } from '../../store/changes';
import { ConfirmDelete } from '../common/ConfirmDelete';
import { formatBytes, storageUseText } from '../common/format';
import { describeError, type YourDatasetList } from '../lab-client';
import type { UploadHost } from './upload-host';

interface YourDatasetsProps {
  host: UploadHost;
  disabled: boolean;
  chosen: string;
  choose: (id: string) => void;
}

type YourDataset = YourDatasetList['datasets'][number];

const KIND_WORDS: Record<string, string> = { image: 'images', tokens: 'texts', vector: 'vectors' };

const describe = (d: YourDataset) =>
  `${d.examples.toLocaleString('en-US')} ${KIND_WORDS[d.kind] ?? d.kind} in ${d.classes} classes, ${formatBytes(d.bytes)}${d.kept ? '' : ', for this session only'}`;

export function YourDatasets(props: YourDatasetsProps) {
  const api = props.host.client.api;
  const [list, { refetch: refetchList }] = createResource(() => api.yourDatasets());
  const [use, { refetch: refetchUse }] = createResource(() => api.storageUse());
  const refetch = () => {
    void refetchList();
    void refetchUse();
  };
  // Read again whenever the datasets are: an upload or a dataset file added, one deleted.
  createEffect(on(props.host.datasets, refetch, { defer: true }));

  // The dataset whose deletion waits for its second click.
  const [asking, setAsking] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<string | null>(null);
  let noteElement: HTMLParagraphElement | undefined;

  // Another tab kept or deleted a dataset: this tab's worker follows, and the
  // form never stays on a dataset that is gone.
  async function followOtherTab() {
    await api.syncYourDatasets();
    const { datasets } = await api.catalog();
    if (!datasets.some((d) => d.id === props.chosen)) {
      props.choose(props.host.fallback.id);
      setNote(`The chosen dataset was deleted in another tab; ${props.host.fallback.name} is chosen now.`);
    }
    await props.host.refreshCatalog();
  }
  onCleanup(
    onChange(
      'datasets',
      () =>
        void followOtherTab().catch((error: unknown) =>
          setProblem(`Another tab changed your datasets, and this tab could not follow: ${describeError(error)}`),
        ),
    ),
  );

  async function remove(dataset: YourDataset) {
    setDeleting(true);
    setProblem(null);
    try {
      await props.host.client.deleteDataset(dataset.id);
      const wasChosen = props.chosen === dataset.id;
      // Chosen before the list loses it, so the form never names a dataset that is gone.
      if (wasChosen) props.choose(props.host.fallback.id);
      await props.host.refreshCatalog();
      setNote(
        `Deleted “${dataset.name}”.${wasChosen ? ` It was the chosen dataset; ${props.host.fallback.name} is chosen now.` : ''}`,
      );
      queueMicrotask(() => noteElement?.focus());
    } catch (error) {
      setProblem(`“${dataset.name}” was not deleted: ${describeError(error)}`);
    } finally {
      setDeleting(false);
      setAsking(null);
    }
  }

  const storageText = () => storageUseText(use() ?? {}) ?? 'The browser does not say how much storage the page uses.';

  return (
    <section class="your-datasets" aria-labelledby="your-datasets-title" data-testid="your-datasets">
      <h3 id="your-datasets-title">Your datasets</h3>
      <Show when={list()}>
        {(current) => (
          <>
            <Show when={!current().keeps}>
              <p class="hint">
                This browser gives the page no storage: uploads and dataset files last until the page is closed.
              </p>
            </Show>
            <Show
              when={current().datasets.length > 0}
              fallback={<p class="hint">None yet: an upload or dataset file you add is kept here across reloads.</p>}
            >
              <ul class="your-dataset-list">
                <For each={current().datasets}>
                  {(dataset) => (
                    <li data-testid="your-dataset" data-id={dataset.id}>
                      <span class="your-dataset-name">{dataset.name}</span>
                      <span class="hint"> {describe(dataset)}</span>
                      <Show when={dataset.problem}>
                        <p class="problem">{dataset.problem}</p>
                      </Show>
                      <ConfirmDelete
                        what={dataset.name}
                        testId="your-dataset"
                        asking={asking() === dataset.id}
                        onAsking={(on) => setAsking(on ? dataset.id : null)}
                        onDelete={() => void remove(dataset)}
                        disabled={props.disabled}
                        deleting={deleting()}
                        buttonClass="link-button"
                        askClass="your-dataset-ask"
                      />
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
      <p class="hint" data-testid="storage-use">
        {storageText()}
      </p>
      <Show when={problem()}>
        <p class="problem" role="alert" data-testid="your-datasets-problem">
          {problem()}
        </p>
      </Show>
      <p class="hint" role="status" tabIndex={-1} ref={noteElement} data-testid="your-datasets-note">
        {note()}
      </p>
    </section>
  );
}
