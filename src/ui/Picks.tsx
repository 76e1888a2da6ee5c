/**
 * What each method trains on. For one run (chosen in a select; runs appear
 * as they finish) that picked a subset: its picked examples by class, the
 * histogram of its scores with the subset's edge, and on 2-D sets every
 * point with the picked ones highlighted. For one that distilled a set: its
 * synthetic examples by class (on 2-D sets, drawn over the real points) and
 * the distillation loss. The worker supplies the real examples; Export
 * saves the selection or the synthetic set.
 */
import { createMemo, createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import type { SelectionPreview } from '../engine/data/preview';
import { downloadJson } from './download';
import { ExampleGallery } from './ExampleGallery';
import type { DataSource, DistilledRun, PickedRun, RunPicks } from './experiment-state';
import { describeError } from './lab-client';
import { LossChart } from './LossChart';
import { formatSignificant } from './format';
import { chooseRun, classCaption, exportFileName, pickedMask, pickKey, scoreHistogram, selectionExport } from './picks-data';
import { Scatter } from './Scatter';
import { ScoreHistogram } from './ScoreHistogram';
import { classCounts, rangeBeyondUnit, syntheticExport, syntheticImages, syntheticPoints } from './synthetic-data';

/** Synthetic images per class on show, as many as the worker sends of picked ones. */
const SYNTHETIC_PER_CLASS = 12;

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

function SelectionView(props: { run: PickedRun; preview: SelectionPreview }) {
  const selection = () => props.run.selection;
  const keepsHighest = () => selection().keepsHighest ?? true;
  const histogram = createMemo(() => {
    const { scores, indices } = selection();
    return scores ? scoreHistogram(scores, indices, keepsHighest()) : null;
  });
  const mask = createMemo(() => {
    const points = props.preview.points;
    return points ? pickedMask(points.x.length, selection().indices) : undefined;
  });
  return (
    <div class="picks-body">
      <p class="muted">
        {props.run.label} picked {selection().indices.length} training examples (seed {props.run.seed}).
      </p>
      <div class="picks-plots">
        <Show when={histogram()}>
          {(shown) => <ScoreHistogram histogram={shown()} scoreName={selection().scoreName ?? 'score'} keepsHighest={keepsHighest()} pickedCount={selection().indices.length} />}
        </Show>
        <Show when={props.preview.points}>
          {(points) => <Scatter points={points()} picked={mask()} testId="picks-scatter" label="every training point, coloured by class; the picked ones larger and outlined" />}
        </Show>
      </div>
      <ExampleGallery
        testId="picks-gallery"
        kind={props.preview.kind}
        classes={props.preview.classes}
        examples={props.preview.examples}
        caption={(c) => classCaption(props.preview.picked[c], props.preview.examples[c].length, 'picked')}
      />
    </div>
  );
}

/** A distilled set; `preview` brings the real data's classes and, on 2-D sets, its points. */
function SyntheticView(props: { run: DistilledRun; preview: SelectionPreview }) {
  const synthetic = () => props.run.synthetic;
  const classCount = () => props.preview.classes.length;
  const counts = createMemo(() => classCounts(synthetic().classes, classCount()));
  // 2-D points show in the scatter, not the gallery.
  const images = createMemo(() => (props.preview.kind === 'image' ? syntheticImages(synthetic(), classCount(), SYNTHETIC_PER_CLASS) : counts().map(() => [])));
  const overlay = createMemo(() => (props.preview.points ? syntheticPoints(synthetic()) : undefined));
  const clamped = createMemo(() => (props.preview.kind === 'image' ? rangeBeyondUnit(synthetic().values) : null));
  return (
    <div class="picks-body">
      <p class="muted">
        {props.run.label} distilled {synthetic().classes.length} synthetic examples (seed {props.run.seed}).
        <Show when={overlay()}> The scatter draws them as crosses over every real training point.</Show>
        <Show when={clamped()}>{(range) => ` Their pixel values run from ${formatSignificant(range()[0])} to ${formatSignificant(range()[1])}; the images clamp them to 0–1.`}</Show>
      </p>
      <div class="picks-plots">
        <Show when={props.preview.points}>
          {(points) => (
            <Scatter
              points={points()}
              overlay={overlay()}
              testId="synthetic-scatter"
              label="every real training point, coloured by class and faded; the distilled points over them as outlined crosses"
            />
          )}
        </Show>
        <LossChart loss={synthetic().loss} />
      </div>
      <ExampleGallery
        testId="synthetic-gallery"
        kind={props.preview.kind}
        classes={props.preview.classes}
        examples={images()}
        caption={(c) => classCaption(counts()[c], images()[c].length, 'distilled')}
      />
    </div>
  );
}

/** The run, typed by what it trained on, or null. */
const picked = (run: RunPicks) => (run.selection ? run : null);
const distilled = (run: RunPicks) => (run.synthetic ? run : null);

function PicksView(props: { loaded: Loaded }) {
  return (
    <Show when={props.loaded.preview} fallback={<p class="problem">Could not load the examples: {props.loaded.problem}</p>}>
      {(preview) => (
        <Switch>
          <Match when={picked(props.loaded.run)}>{(run) => <SelectionView run={run()} preview={preview()} />}</Match>
          <Match when={distilled(props.loaded.run)}>{(run) => <SyntheticView run={run()} preview={preview()} />}</Match>
        </Switch>
      )}
    </Show>
  );
}

export function Picks(props: PicksProps) {
  const [choice, setChoice] = createSignal<string | null>(null);
  const chosen = () => chooseRun(props.picks(), choice());
  // The view changes with every curve point: ask the worker again only when the run's data on show changes.
  const request = createMemo<Request | null>(
    () => {
      const run = chosen();
      const data = props.data();
      return run && data ? { run, data } : null;
    },
    null,
    { equals: (a, b) => a?.run.selection === b?.run.selection && a?.run.synthetic === b?.run.synthetic && a?.data === b?.data },
  );
  const [loaded] = createResource(request, async (next): Promise<Loaded> => {
    try {
      // A distilled run asks for no examples: only the class names and, on 2-D sets, the real points.
      return { ...next, preview: await props.load(next.data, next.run.selection?.indices ?? []) };
    } catch (error) {
      return { ...next, problem: describeError(error) };
    }
  });

  const exportChosen = () => {
    const current = request();
    if (!current) return;
    const { run, data } = current;
    downloadJson(exportFileName(run), run.selection ? selectionExport(run, data) : syntheticExport(run, data));
  };

  return (
    <section class="panel" data-testid="picks">
      <header class="panel-header">
        <h2>What each method trains on</h2>
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
      <Show when={chosen()} fallback={<p class="muted">After a run, the examples each subset method picked, and the set each distillation method made, show here.</p>}>
        {/* `latest` keeps the previous run on show while the next one loads. */}
        <Show when={loaded.latest} fallback={<p class="muted">Loading the examples…</p>}>
          {(shown) => <PicksView loaded={shown()} />}
        </Show>
      </Show>
    </section>
  );
}
