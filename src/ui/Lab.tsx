/**
 * The lab page once the worker is up: settings on the left; status, chart,
 * results, what the methods picked and the data preview on the right. Owns
 * the run lifecycle: validate, run, stream events into the view, and on
 * failure fall back to the previous results; and the live distillation's
 * pause and "evaluate now" requests.
 */
import { createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import type { LabConfig } from '../engine/config';
import { Boundaries } from './Boundaries';
import { Chart } from './Chart';
import { coloursByLabel } from './chart-data';
import { Controls } from './Controls';
import { DatasetPreview } from './DatasetPreview';
import {
  applyToView,
  emptyView,
  nextProgress,
  viewFromResult,
  type ExperimentView,
  type RunProgress,
} from './experiment-state';
import {
  augmentationsFor,
  augmentationsInUse,
  configFromForm,
  formFromConfig,
  formProblems,
  groupProblems,
  mixPreviewRequest,
  type ClassCounts,
  type FormState,
  type ProblemsByControl,
} from './form-state';
import { describeError, isCancellation, type BackendChoice, type Catalog, type CatalogDataset, type LabClient } from './lab-client';
import { LiveDistillationView } from './LiveDistillation';
import { MixPreviewPanel } from './MixPreview';
import { Picks } from './Picks';
import { retarget } from '../engine/experiment/summary';
import { ResultsTable } from './ResultsTable';
import { StatusLine, type LabStatus } from './StatusLine';
import { WallTime, type WallTiming } from './WallTime';

/** How long the form must rest before problems already on show are checked again. */
const REVALIDATE_DELAY_MS = 300;

interface LabProps {
  client: LabClient;
  catalog: Catalog;
  defaults: LabConfig;
  setBackend: (choice: BackendChoice) => void;
  /** An uncaught error of the worker, if any. */
  workerError: () => string | null;
}

/** The first control marked invalid, in the form's order; or the first method box when no method is ticked. */
function firstBadControl(): HTMLElement | null {
  const marked = document.querySelector<HTMLElement>('.controls [aria-invalid="true"]:not(:disabled)');
  const noMethod = document.querySelector('[data-testid="problem-methods"]')
    ? document.querySelector<HTMLElement>('.controls .methods input[type="checkbox"]')
    : null;
  if (!marked || !noMethod) return marked ?? noMethod;
  return marked.compareDocumentPosition(noMethod) & Node.DOCUMENT_POSITION_FOLLOWING ? marked : noMethod;
}

/** Focus that was on a control the run disabled, or on nothing, has nowhere to be. */
function focusIsLost(): boolean {
  const active = document.activeElement as HTMLElement | null;
  return active === null || active === document.body || (active as HTMLInputElement).disabled === true;
}

export function Lab(props: LabProps) {
  const [form, setForm] = createStore<FormState>(formFromConfig(props.defaults, props.catalog));
  // Dataset files loaded this session join the worker's catalog.
  const [fileDatasets, setFileDatasets] = createSignal<CatalogDataset[]>([]);
  const catalog = createMemo<Catalog>(() => ({ ...props.catalog, datasets: [...props.catalog.datasets, ...fileDatasets()] }));
  const datasetOf = (id: string) => catalog().datasets.find((d) => d.id === id);
  async function loadDatasetFile(file: File): Promise<CatalogDataset> {
    const dataset = await props.client.loadDatasetFile(file);
    setFileDatasets((list) => [...list.filter((d) => d.id !== dataset.id), dataset]);
    return dataset;
  }
  const [problems, setProblems] = createSignal<ProblemsByControl>({});
  // Training examples per class, by dataset, as the preview reports them: the form checks an ipc budget against them.
  const [classCounts, setClassCounts] = createSignal<Record<string, ClassCounts>>({});
  const countsOf = (id: string): ClassCounts | undefined => classCounts()[id];
  let statusElement: HTMLElement | undefined;
  const [status, setStatus] = createSignal<LabStatus>({ kind: 'ready' });
  const [timing, setTiming] = createSignal<WallTiming | null>(null);
  const [busy, setBusy] = createSignal(false);
  // Requests to the distillation under way; the worker forgets them when a run starts, and so does the page.
  const [pauseAsked, setPauseAsked] = createSignal(false);
  const [evaluationAsked, setEvaluationAsked] = createSignal(false);
  const [view, setView] = createSignal<ExperimentView>(emptyView());
  // The view is updated in place as events stream in; this tells readers it changed.
  const [viewVersion, setViewVersion] = createSignal(0);
  const touchView = () => setViewVersion((v) => v + 1);

  const readView = () => {
    viewVersion();
    return view();
  };
  const colours = () => coloursByLabel(readView().runs);
  // A target dragged on the chart, over the run's own until the next run or a reset; the table follows it.
  const [chartTarget, setChartTarget] = createSignal<number | null>(null);
  const targetAcc = () => chartTarget() ?? readView().targetAcc;
  const summaryRows = () => {
    const target = chartTarget();
    const shown = readView();
    return target === null ? shown.summary : retarget(shown.summary, shown.runs.filter((run) => run !== undefined), target);
  };

  createEffect(() => {
    const message = props.workerError();
    if (message !== null) setStatus({ kind: 'failed', message: `the lab's worker reported an error (${message}). If nothing moves, reload the page.` });
  });

  /**
   * Validates the form (its own checks, then the schema in the worker); shows
   * problems by their controls and returns the config if it is valid.
   */
  async function validateForm(): Promise<LabConfig | null> {
    const current = unwrap(form);
    const { input, rows } = configFromForm(current, props.defaults, props.catalog);
    const own = formProblems(current, props.catalog, countsOf(current.dataset));
    const result = await props.client.api.validate(input);
    if (result.ok && Object.keys(own).length === 0) {
      setProblems({});
      return result.config;
    }
    const { byControl, summary } = groupProblems(result.ok ? [] : result.problems, rows, own);
    setProblems(byControl);
    setStatus({ kind: 'invalid', problems: summary });
    return null;
  }

  // Once problems are on show, check again as the user edits, so fixed ones disappear.
  // A check started before a Run (or while one ran) must not touch what the Run reports:
  // each Run bumps `generation`, and a check only speaks for the generation it began in.
  let revalidateTimer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  createEffect(
    on(
      () => JSON.stringify(form),
      () => {
        if (Object.keys(problems()).length === 0 && status().kind !== 'invalid') return;
        clearTimeout(revalidateTimer);
        revalidateTimer = setTimeout(async () => {
          if (busy()) return;
          const started = generation;
          const current = unwrap(form);
          const { input, rows } = configFromForm(current, props.defaults, props.catalog);
          const own = formProblems(current, props.catalog, countsOf(current.dataset));
          const result = await props.client.api.validate(input);
          if (started !== generation || busy()) return;
          if (result.ok && Object.keys(own).length === 0) {
            setProblems({});
            if (status().kind === 'invalid') setStatus({ kind: 'ready' });
            return;
          }
          const { byControl, summary } = groupProblems(result.ok ? [] : result.problems, rows, own);
          setProblems(byControl);
          setStatus({ kind: 'invalid', problems: summary });
        }, REVALIDATE_DELAY_MS);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(revalidateTimer));

  async function run() {
    if (busy()) return;
    generation++;
    clearTimeout(revalidateTimer);
    setBusy(true);
    try {
      const config = await validateForm();
      if (config === null) {
        // Refused: take the user to the first thing to fix.
        queueMicrotask(() => {
          const bad = firstBadControl();
          // A method in a folded family: unfold it first, or it cannot take focus.
          const family = bad?.closest('details');
          if (family && !family.open) family.open = true;
          bad?.focus();
        });
        return;
      }
      await runValid(config);
    } catch (error) {
      setStatus({ kind: 'failed', message: describeError(error) });
    } finally {
      setBusy(false);
      // The run disabled the control that had focus: give it to the status line, which says how it ended.
      if (status().kind !== 'invalid' && focusIsLost()) statusElement?.focus();
    }
  }

  // Escape cancels a running comparison.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && busy() && status().kind === 'running') {
      event.preventDefault();
      cancel();
    }
  };
  document.addEventListener('keydown', onKeyDown);
  onCleanup(() => document.removeEventListener('keydown', onKeyDown));

  async function runValid(config: LabConfig) {
    const previous = view();
    const live = emptyView({ dataset: config.dataset, data: config.data });
    setView(live);
    setChartTarget(null);
    touchView();
    let progress: RunProgress | null = null;
    setPauseAsked(false);
    setEvaluationAsked(false);
    const startedAt = performance.now();
    setStatus({ kind: 'running', progress });
    // The Run button is disabled now; keep focus on the page, where the run's progress is said.
    if (focusIsLost()) statusElement?.focus();
    try {
      const result = await props.client.run(config, (event) => {
        if (event.type === 'backend') {
          const { type: _type, ...choice } = event;
          props.setBackend(choice);
        }
        if (event.type === 'run-start') setPauseAsked(false);
        if (event.type === 'run-start' || event.type === 'distill-evaluation') setEvaluationAsked(false);
        if (applyToView(live, event) !== null) touchView();
        progress = nextProgress(progress, event, performance.now());
        // Events may trail the result or a cancel; they must not revive the "running" line.
        if (status().kind === 'running') setStatus({ kind: 'running', progress });
      });
      setView(viewFromResult(result));
      touchView();
      if (result.wall && result.evaluation) setTiming({ wall: result.wall, evaluation: result.evaluation });
      setStatus({ kind: 'done', runs: result.runs.length, elapsedMs: performance.now() - startedAt });
    } catch (error) {
      setView(previous);
      touchView();
      setStatus(isCancellation(error) ? { kind: 'cancelled' } : { kind: 'failed', message: describeError(error) });
    }
  }

  function cancel() {
    setStatus({ kind: 'cancelling' });
    void props.client.api.cancel();
  }

  function setPaused(paused: boolean) {
    setPauseAsked(paused);
    void (paused ? props.client.api.pause() : props.client.api.resume());
  }

  function evaluateNow() {
    setEvaluationAsked(true);
    void props.client.api.evaluateNow();
  }

  return (
    <div class="layout">
      <aside class="sidebar">
        <Controls
          catalog={catalog()}
          loadDatasetFile={loadDatasetFile}
          form={form}
          setForm={setForm}
          problemsOf={(key) => problems()[key]}
          classCounts={() => countsOf(form.dataset)}
          running={busy()}
          onRun={() => void run()}
          onCancel={cancel}
        />
      </aside>
      <main class="content">
        <StatusLine status={status} ref={(element) => (statusElement = element)} />
        <WallTime timing={timing} />
        <Chart runs={() => view().runs} version={viewVersion} targetAcc={targetAcc} onTarget={setChartTarget} />
        <LiveDistillationView
          live={() => readView().live}
          data={() => readView().data}
          load={(data, indices) => props.client.api.selection(data, indices)}
          pauseAsked={pauseAsked}
          evaluationAsked={evaluationAsked}
          onPause={() => setPaused(true)}
          onResume={() => setPaused(false)}
          onEvaluate={evaluateNow}
        />
        <ResultsTable
          rows={summaryRows}
          targetAcc={targetAcc}
          targetRule={() => (chartTarget() !== null ? 'chart' : readView().targetRule)}
          onResetTarget={() => setChartTarget(null)}
          colourOf={(label) => colours().get(label)}
        />
        <Boundaries boundaries={() => readView().boundaries} data={() => readView().data} load={(data, indices) => props.client.api.selection(data, indices)} />
        <Picks
          picks={() => readView().picks}
          data={() => readView().data}
          load={(data, indices) => props.client.api.selection(data, indices)}
          datasetOf={datasetOf}
        />
        <DatasetPreview
          datasetId={() => form.dataset}
          load={async (id, onProgress) => {
            const preview = await props.client.preview(id, onProgress);
            setClassCounts((counts) => ({ ...counts, [id]: preview.counts.train }));
            return preview;
          }}
        />
        <MixPreviewPanel
          augmentations={() => augmentationsFor(catalog(), form.dataset)}
          inUse={() => augmentationsInUse(form, catalog().augmentations)}
          context={() => `${form.dataset} ${form.model}`}
          request={(augmentation, seed) => mixPreviewRequest(unwrap(form), props.defaults, augmentation, seed)}
          load={(request) => props.client.api.mixPreview(request)}
          running={busy}
        />
      </main>
    </div>
  );
}
