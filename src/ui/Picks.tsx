/**
 * What each method picked. For one run (chosen in a select; runs appear as
 * they finish): its picked examples by class, the histogram of its scores
 * with the subset's edge, and on 2-D sets every point with the picked ones
 * highlighted. The worker supplies the examples; Export saves the selection.
 */
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import type { SelectionPreview } from '../engine/data/preview';
import { downloadJson } from './download';
import { ExampleGallery } from './ExampleGallery';
import type { DataSource, RunPicks } from './experiment-state';
import { describeError } from './lab-client';
import { chooseRun, classCaption, exportFileName, pickedMask, pickKey, scoreHistogram, selectionExport } from './picks-data';
import { Scatter } from './Scatter';
import { ScoreHistogram } from './ScoreHistogram';

interface PicksProps {
  /** Bumped in place as runs stream in. */
  picks: () => RunPicks[];
  data: () => DataSource | null;
  load: (data: DataSource, indices: number[]) => Promise<SelectionPreview>;
}

interface Request {
  run: RunPicks;
  data: DataSource;
}

/** A request and what came of it; a failure is kept as data so that reading the resource never throws. */
type Loaded = Request & ({ preview: SelectionPreview; problem?: never } | { preview?: never; problem: string });

function PicksView(props: { loaded: Loaded }) {
  const selection = () => props.loaded.run.selection;
  const keepsHighest = () => selection().keepsHighest ?? true;
  const histogram = createMemo(() => {
    const { scores, indices } = selection();
    return scores ? scoreHistogram(scores, indices, keepsHighest()) : null;
  });
  const mask = createMemo(() => {
    const points = props.loaded.preview?.points;
    return points ? pickedMask(points.x.length, selection().indices) : undefined;
  });
  return (
    <Show when={props.loaded.preview} fallback={<p class="problem">Could not load the picked examples: {props.loaded.problem}</p>}>
      {(preview) => (
        <div class="picks-body">
          <p class="muted">
            {props.loaded.run.label} picked {selection().indices.length} training examples (seed {props.loaded.run.seed}).
          </p>
          <div class="picks-plots">
            <Show when={histogram()}>
              {(shown) => (
                <ScoreHistogram histogram={shown()} scoreName={selection().scoreName ?? 'score'} keepsHighest={keepsHighest()} pickedCount={selection().indices.length} />
              )}
            </Show>
            <Show when={preview().points}>
              {(points) => <Scatter points={points()} picked={mask()} testId="picks-scatter" label="every training point, coloured by class; the picked ones larger and outlined" />}
            </Show>
          </div>
          <ExampleGallery
            testId="picks-gallery"
            kind={preview().kind}
            classes={preview().classes}
            examples={preview().examples}
            caption={(c) => classCaption(preview().picked[c], preview().examples[c].length)}
          />
        </div>
      )}
    </Show>
  );
}

export function Picks(props: PicksProps) {
  const [choice, setChoice] = createSignal<string | null>(null);
  const chosen = () => chooseRun(props.picks(), choice());
  // The view changes with every curve point: ask the worker again only when the selection on show changes.
  const request = createMemo<Request | null>(
    () => {
      const run = chosen();
      const data = props.data();
      return run && data ? { run, data } : null;
    },
    null,
    { equals: (a, b) => a?.run.selection === b?.run.selection && a?.data === b?.data },
  );
  const [loaded] = createResource(request, async (next): Promise<Loaded> => {
    try {
      return { ...next, preview: await props.load(next.data, next.run.selection.indices) };
    } catch (error) {
      return { ...next, problem: describeError(error) };
    }
  });

  const exportChosen = () => {
    const current = request();
    if (current) downloadJson(exportFileName(current.run), selectionExport(current.run, current.data));
  };

  return (
    <section class="panel" data-testid="picks">
      <header class="panel-header">
        <h2>What each method picked</h2>
        <Show when={chosen()}>
          {(run) => (
            <div class="row">
              <select aria-label="run to show" data-testid="picks-run" onChange={(e) => setChoice(e.currentTarget.value)}>
                {/* `selected` per option, not `value` on the select: the options are rebuilt when the final result replaces the live runs. */}
                <For each={props.picks()}>{(option) => <option selected={pickKey(option) === pickKey(run())}>{pickKey(option)}</option>}</For>
              </select>
              <button type="button" data-testid="picks-export" onClick={exportChosen}>
                Export
              </button>
            </div>
          )}
        </Show>
      </header>
      <Show when={chosen()} fallback={<p class="muted">After a run, the examples each subset method picked show here.</p>}>
        {/* `latest` keeps the previous run on show while the next one loads. */}
        <Show when={loaded.latest} fallback={<p class="muted">Loading the picked examples…</p>}>
          {(shown) => <PicksView loaded={shown()} />}
        </Show>
      </Show>
    </section>
  );
}
