/**
 * What each method trains on. For one run (chosen in a select; runs appear
 * as they finish) that picked a subset: its picked examples by class, the
 * histogram of its scores with the subset's edge, and on 2-D sets every
 * point with the picked ones highlighted. For one that distilled a set: its
 * synthetic examples by class (on 2-D sets, drawn over the real points) and
 * the distillation loss. The worker supplies the real examples; Export
 * saves the selection, or the synthetic set as a lab dataset file that
 * loads back as a dataset.
 */
import { createMemo, createResource, createSignal, Match, Show, Switch } from 'solid-js';
import type { SelectionPreview } from '../../core/data/preview';
import { ListSelect } from '../common/ListSelect';
import { downloadJson, downloadText } from '../common/download';
import { datasetFileText } from '../../core/formats/dataset-file';
import { ExampleGallery } from '../data/ExampleGallery';
import type { DataSource, DistilledRun, PickedRun, RunPicks } from '../results/experiment-state';
import { describeError } from '../lab-client';
import type { CatalogDataset } from '../../core/settings/catalog';
import type { ModelSpec } from '../../core/settings/config';
import { modelLabel } from '../../core/results/cross-arch';
import {
  settingsLine,
  chooseRun,
  classCaption,
  exportFileName,
  pickedMask,
  pickKey,
  scoreHistogram,
  selectionExport,
} from './picks-data';
import { Scatter } from './Scatter';
import { ScoreHistogram } from './ScoreHistogram';
import { syntheticExport } from './synthetic-data';
import { SyntheticSetView } from './SyntheticSetView';

export interface PicksProps {
  /** Bumped in place as runs stream in. */
  picks: () => RunPicks[];
  data: () => DataSource | null;
  load: (data: DataSource, indices: number[]) => Promise<SelectionPreview>;
  /** The model the runs trained, which made each distilled set. */
  model: () => ModelSpec | null;
  /** The catalog's entry of a dataset (its name, and a dataset file's test split), for a distilled set's file. */
  datasetOf: (id: string) => CatalogDataset | undefined;
}

interface Request {
  run: RunPicks;
  data: DataSource;
}

/** A request and what came of it; a failure is kept as data so that reading the resource never throws. */
type Loaded = Request & ({ preview: SelectionPreview; problem?: never } | { preview?: never; problem: string });

/** The method settings a run used, defaults included, so a curve can be told apart and reproduced. */
function RunSettings(props: { settings: Record<string, unknown> }) {
  return (
    <Show when={settingsLine(props.settings)}>
      {(line) => (
        <p class="muted run-settings" data-testid="run-settings">
          Settings: {line()}
        </p>
      )}
    </Show>
  );
}

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
      <RunSettings settings={props.run.settings} />
      <div class="picks-plots">
        <Show when={histogram()}>
          {(shown) => (
            <ScoreHistogram
              histogram={shown()}
              scoreName={selection().scoreName ?? 'score'}
              keepsHighest={keepsHighest()}
              pickedCount={selection().indices.length}
            />
          )}
        </Show>
        <Show when={props.preview.points}>
          {(points) => (
            <Scatter
              points={points()}
              picked={mask()}
              testId="picks-scatter"
              label="every training point, coloured by class; the picked ones larger and outlined"
            />
          )}
        </Show>
      </div>
      <ExampleGallery
        testId="picks-gallery"
        what="picked example"
        kind={props.preview.kind}
        classes={props.preview.classes}
        examples={props.preview.examples}
        caption={(c) => classCaption(props.preview.picked[c], props.preview.examples[c].length, 'picked')}
      />
    </div>
  );
}

/** A distilled set; `preview` brings the real data's classes and, on 2-D sets, its points. */
function SyntheticView(props: { run: DistilledRun; preview: SelectionPreview; model: ModelSpec | null }) {
  const withModel = () => (props.model ? ` with ${modelLabel(props.model)}` : '');
  return (
    <>
      <SyntheticSetView
        synthetic={props.run.synthetic}
        preview={props.preview}
        summary={`${props.run.label} distilled ${props.run.synthetic.classes.length} synthetic examples${withModel()} (seed ${props.run.seed}).`}
      />
      <RunSettings settings={props.run.settings} />
      <Show when={props.run.synthetic.labels}>
        <p class="muted" data-testid="soft-label-note">
          It trained on learnt soft labels. An exported file keeps each example's class only (lab dataset files hold
          hard labels), so the set loaded back trains on one-hot labels.
        </p>
      </Show>
    </>
  );
}

/** The run, typed by what it trained on, or null. */
const picked = (run: RunPicks) => (run.selection ? run : null);
const distilled = (run: RunPicks) => (run.synthetic ? run : null);

function PicksView(props: { loaded: Loaded; model: ModelSpec | null }) {
  return (
    <Show
      when={props.loaded.preview}
      fallback={<p class="problem">Could not load the examples: {props.loaded.problem}</p>}
    >
      {(preview) => (
        <Switch>
          <Match when={picked(props.loaded.run)}>{(run) => <SelectionView run={run()} preview={preview()} />}</Match>
          <Match when={distilled(props.loaded.run)}>
            {(run) => <SyntheticView run={run()} preview={preview()} model={props.model} />}
          </Match>
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
    {
      equals: (a, b) =>
        a?.run.selection === b?.run.selection && a?.run.synthetic === b?.run.synthetic && a?.data === b?.data,
    },
  );
  const [loaded] = createResource(request, async (next): Promise<Loaded> => {
    try {
      // A distilled run asks for no examples: only the class names and, on 2-D sets, the real points.
      return { ...next, preview: await props.load(next.data, next.run.selection?.indices ?? []) };
    } catch (error) {
      return { ...next, problem: describeError(error) };
    }
  });

  const [exportProblem, setExportProblem] = createSignal<string | null>(null);
  const exportChosen = async () => {
    const current = request();
    if (!current) return;
    const { run, data } = current;
    setExportProblem(null);
    if (run.selection) return downloadJson(exportFileName(run), selectionExport(run, data));
    try {
      // The class names and the kind of data (the worker has them at hand).
      const { kind, classes } = await props.load(data, []);
      const dataset = props.datasetOf(data.dataset);
      if (!dataset) throw new Error(`dataset "${data.dataset}" is no longer loaded`);
      downloadText(
        exportFileName(run),
        datasetFileText(syntheticExport(run, { dataset, kind, classes })),
        'application/json',
      );
    } catch (error) {
      setExportProblem(`Could not export the set: ${describeError(error)}`);
    }
  };

  return (
    <section class="panel" data-testid="picks">
      <header class="panel-header">
        <h2>What each method trains on</h2>
        <Show when={chosen()}>
          {(run) => (
            <div class="row">
              <ListSelect
                aria-label="run to show"
                data-testid="picks-run"
                options={props.picks().map((option) => ({ value: pickKey(option), label: pickKey(option) }))}
                value={pickKey(run())}
                onChange={(e) => setChoice(e.currentTarget.value)}
              />
              <button type="button" data-testid="picks-export" onClick={() => void exportChosen()}>
                Export
              </button>
            </div>
          )}
        </Show>
      </header>
      <Show when={exportProblem()}>
        {(message) => (
          <p class="problem" role="alert" data-testid="picks-export-problem">
            {message()}
          </p>
        )}
      </Show>
      <Show
        when={chosen()}
        fallback={
          <p class="muted">
            After a run, the examples each subset method picked, and the set each distillation method made, show here.
          </p>
        }
      >
        {/* `latest` keeps the previous run on show while the next one loads. */}
        <Show when={loaded.latest} fallback={<p class="muted">Loading the examples…</p>}>
          {(shown) => <PicksView loaded={shown()} model={props.model()} />}
        </Show>
      </Show>
    </section>
  );
}
