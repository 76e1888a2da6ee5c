/**
 * A look at the data before training: a few images or texts per class, or
 * all points of a 2-D set coloured by class. Loads when the dataset is picked.
 */
import { createEffect, createSignal, Match, Show, Switch } from 'solid-js';
import type { DatasetPreview as Preview } from '../lab-client';
import { describeError } from '../lab-client';
import { formatBytes } from '../common/format';
import { ExampleGallery } from './ExampleGallery';
import { Scatter } from '../picks/Scatter';

interface DatasetPreviewProps {
  datasetId: () => string;
  load: (datasetId: string, onProgress: (loaded: number, total: number) => void) => Promise<Preview>;
}

type PreviewState =
  | { kind: 'loading'; loaded: number; total: number }
  | { kind: 'ready'; preview: Preview }
  | { kind: 'failed'; message: string };

export function DatasetPreview(props: DatasetPreviewProps) {
  const [state, setState] = createSignal<PreviewState>({ kind: 'loading', loaded: 0, total: 0 });
  // Only the latest request may update the panel: a slow download must not overwrite a newer pick.
  let latestRequest = 0;

  createEffect(() => {
    const id = props.datasetId();
    const request = ++latestRequest;
    setState({ kind: 'loading', loaded: 0, total: 0 });
    props
      .load(id, (loaded, total) => {
        if (request === latestRequest) setState({ kind: 'loading', loaded, total });
      })
      .then(
        (preview) => request === latestRequest && setState({ kind: 'ready', preview }),
        (error: unknown) => request === latestRequest && setState({ kind: 'failed', message: describeError(error) }),
      );
  });

  const inState = <K extends PreviewState['kind']>(kind: K) => {
    const current = state();
    return current.kind === kind ? (current as Extract<PreviewState, { kind: K }>) : undefined;
  };

  return (
    <section class="panel" data-testid="preview">
      <header class="panel-header">
        <h2>The data</h2>
      </header>
      <Switch>
        <Match when={inState('loading')}>
          {(loading) => (
            <div class="preview-loading" data-testid="preview-loading">
              <span>
                Loading the dataset
                <Show when={loading().loaded > 0}>
                  {' '}
                  ({formatBytes(loading().loaded)}
                  <Show when={loading().total > 0}> of {formatBytes(loading().total)}</Show>)
                </Show>
                …
              </span>
              {/* Without a known size the bar stays indeterminate (no value at all). */}
              <Show when={loading().total > 0} fallback={<progress />}>
                <progress max={loading().total} value={loading().loaded} />
              </Show>
            </div>
          )}
        </Match>
        <Match when={inState('failed')}>
          {(failed) => <p class="problem">Could not load the dataset: {failed().message}</p>}
        </Match>
        <Match when={inState('ready')}>
          {(ready) => (
            <div class="preview-body">
              <Show when={ready().preview.points}>
                {(points) => (
                  <Scatter
                    points={points()}
                    testId="preview-scatter"
                    label={`every training point of ${ready().preview.name}, coloured by class`}
                  />
                )}
              </Show>
              <ExampleGallery
                kind={ready().preview.kind}
                classes={ready().preview.classes}
                examples={ready().preview.examples}
                caption={(c) => `${ready().preview.counts.train[c]} train / ${ready().preview.counts.test[c]} test`}
              />
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}
