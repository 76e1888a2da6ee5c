/**
 * The lab page once the worker is up: settings on the left; status, chart,
 * results, what the methods picked and the data preview on the right. Owns
 * the run lifecycle: validate, run, stream events into the view, and on
 * failure fall back to the previous results; the run's pause and step
 * (playback) and the live distillation's "evaluate now"; and the
 * comparison's link: opened from the address, written there on Run.
 */
import { createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import type { LabConfig } from '../core/settings/config';
import type { ClassroomControl, ClassroomView } from '../core/share/share-link';
import { ClassroomBar } from './share/ClassroomBar';
import { ClassroomPlayback } from './share/ClassroomPlayback';
import { Boundaries } from './picks/Boundaries';
import { Chart } from './results/Chart';
import { coloursByLabel } from './results/chart-data';
import { Controls } from './settings/Controls';
import { DatasetPreview } from './data/DatasetPreview';
import { ChartExports, ResultExports } from './results/Exports';
import { applyToView, emptyView, nextProgress, viewFromResult, type ExperimentView, type RunProgress } from './results/experiment-state';
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
} from './settings/form-state';
import { describeError, isCancellation, type BackendChoice, type Catalog, type CatalogDataset, type LabClient } from './lab-client';
import { History } from './history/History';
import { shownFromKept, type ShownResults } from './history/history-data';
import { recordExperiment, type KeptOnOpen } from './history/history-keeper';
import { limitsNotice, type BrowserLimits } from './browser-limits';
import { HistoryNotice } from './history/HistoryNotice';
import { LiveDistillationView } from './picks/LiveDistillation';
import { MixPreviewPanel } from './settings/MixPreview';
import { createPlayback, PLAYING, type StartHold } from './share/playback';
import { Presets } from './share/Presets';
import { Picks } from './picks/Picks';
import { retarget } from '../core/results/summary';
import { useShareLocation } from './share/share-location';
import { isHidden, openedLink, sharedState, type LinkNotice, type LinkReading } from './share/share-state';
import { ShareLink } from './share/ShareLink';
import { ShareNotice } from './share/ShareNotice';
import { ResultsTable } from './results/ResultsTable';
import { StatusLine, type LabStatus } from './results/StatusLine';
import type { UploadHost } from './data/UploadPanel';
import { WallTime, type WallTiming } from './results/WallTime';
import type { StoredExperiment } from '../store/lab-store';

/** How long the form must rest before problems already on show are checked again. */
const REVALIDATE_DELAY_MS = 300;

interface LabProps {
  client: LabClient;
  catalog: Catalog;
  defaults: LabConfig;
  /** What the browser kept from earlier visits: the form starts from the settings last run, the results from the latest experiment. */
  kept: KeptOnOpen;
  /** What the browser refuses the page (storage, Web Locks), said once at the top. */
  limits: BrowserLimits;
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
  const [form, setForm] = createStore<FormState>(formFromConfig(props.kept.lastConfig ?? props.defaults, props.catalog));
  // The worker's datasets: bundled, then those added (dataset files, uploads); read again after each addition or deletion.
  const [datasets, setDatasets] = createSignal(props.catalog.datasets);
  const catalog = createMemo<Catalog>(() => ({ ...props.catalog, datasets: datasets() }));
  const datasetOf = (id: string) => catalog().datasets.find((d) => d.id === id);
  const refreshCatalog = async () => void setDatasets((await props.client.api.catalog()).datasets);
  const uploads: UploadHost = { client: props.client, refreshCatalog, fallback: datasetOf(props.defaults.dataset)!, datasets };
  async function loadDatasetFile(file: File): Promise<CatalogDataset> {
    const dataset = await props.client.loadDatasetFile(file);
    await refreshCatalog();
    return dataset;
  }
  // The settings the form does not show (momentum, a model's width, ...) come from the comparison the form was opened with.
  const [base, setBase] = createSignal(props.kept.lastConfig ?? props.defaults);
  const [problems, setProblems] = createSignal<ProblemsByControl>({});
  // Training examples per class, by dataset, as the preview reports them: the form checks an ipc budget against them.
  const [classCounts, setClassCounts] = createSignal<Record<string, ClassCounts>>({});
  const countsOf = (id: string): ClassCounts | undefined => classCounts()[id];
  let statusElement: HTMLElement | undefined;
  const [status, setStatus] = createSignal<LabStatus>({ kind: 'ready' });
  const [timing, setTiming] = createSignal<WallTiming | null>(null);
  const [busy, setBusy] = createSignal(false);
  // Requests to the distillation under way; the worker forgets them when a run starts, and so does the page.
  const playback = createPlayback(props.client.api);
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
    return target === null
      ? shown.summary
      : retarget(
          shown.summary,
          shown.runs.filter((run) => run !== undefined),
          target,
        );
  };

  // The finished results on show (none while a run streams in), for the exports and the notice.
  const [shownResults, setShownResults] = createSignal<ShownResults | null>(null);
  const [storeProblem, setStoreProblem] = createSignal<string | null>(null);
  const [historyVersion, setHistoryVersion] = createSignal(0);
  const datasetName = (id: string) => datasetOf(id)?.name;

  /** Shows a kept experiment's results as they were; one cut short, its finished runs. */
  function showKept(experiment: StoredExperiment) {
    const kept = shownFromKept(experiment);
    if (!kept) return;
    setView(viewFromResult(kept.result));
    setChartTarget(null);
    touchView();
    const { wall, evaluation } = kept.result;
    setTiming(wall && evaluation ? { wall, evaluation } : null);
    setShownResults(kept);
  }
  if (props.kept.latest) showKept(props.kept.latest);

  createEffect(() => {
    const message = props.workerError();
    if (message !== null)
      setStatus({ kind: 'failed', message: `the lab's worker reported an error (${message}). If nothing moves, reload the page.` });
  });

  /**
   * Validates the form (its own checks, then the schema in the worker); shows
   * problems by their controls and returns the config if it is valid.
   */
  async function validateForm(): Promise<LabConfig | null> {
    const current = unwrap(form);
    const { input, rows } = configFromForm(current, base(), props.catalog);
    const own = formProblems(current, props.catalog, countsOf(current.dataset));
    const result = await props.client.api.validate(input);
    if (result.ok && Object.keys(own).length === 0) {
      setProblems({});
      return result.config;
    }
    const { byControl, summary } = groupProblems(result.ok ? [] : result.problems, rows, own, catalog());
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
          const { input, rows } = configFromForm(current, base(), props.catalog);
          const own = formProblems(current, props.catalog, countsOf(current.dataset));
          const result = await props.client.api.validate(input);
          if (started !== generation || busy()) return;
          if (result.ok && Object.keys(own).length === 0) {
            setProblems({});
            if (status().kind === 'invalid') setStatus({ kind: 'ready' });
            return;
          }
          const { byControl, summary } = groupProblems(result.ok ? [] : result.problems, rows, own, catalog());
          setProblems(byControl);
          setStatus({ kind: 'invalid', problems: summary });
        }, REVALIDATE_DELAY_MS);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(revalidateTimer));

  /** A lab link (in the address, pasted there, or a preset's) opens its comparison in the form, and its classroom view. */
  const [classroom, setClassroom] = createSignal<ClassroomView | null>(null);
  const [linkNotice, setLinkNotice] = createSignal<LinkNotice | null>(null);
  function openLink(reading: LinkReading) {
    const opened = openedLink(reading, catalog(), props.defaults);
    setBase(opened.base);
    setForm(reconcile(opened.form));
    setClassroom(opened.classroom);
    setLinkNotice(opened.notice);
    setProblems({});
    if (status().kind === 'invalid') setStatus({ kind: 'ready' });
  }
  const share = useShareLocation(props.client.api, openLink);

  /** The link of the form's comparison, checked as Run checks it; the address shows it too. */
  /** The form's comparison as a link; with controls to hide, a lesson's link, which leaves this page's address as it is. */
  async function copyLink(hide: ClassroomControl[]): Promise<string | null> {
    const config = await validateForm();
    if (!config) return null;
    return hide.length > 0 ? share.linkOf(sharedState(config, { hide })) : share.write(sharedState(config, classroom()));
  }

  /** Classroom "reset": stops the run under way and clears the results; the settings stay. */
  async function reset() {
    if (busy()) cancel();
    while (busy()) await new Promise((resolve) => setTimeout(resolve, 50));
    setView(emptyView());
    setChartTarget(null);
    touchView();
    setTiming(null);
    setShownResults(null);
    setStatus({ kind: 'ready' });
  }

  async function run(start: StartHold = PLAYING) {
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
      void share.write(sharedState(config, classroom()));
      await runValid(config, start);
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

  async function runValid(config: LabConfig, start: StartHold) {
    const previous = view();
    const previousResults = shownResults();
    setShownResults(null);
    setStoreProblem(null);
    const record = recordExperiment(props.kept.store, config, { report: setStoreProblem, changed: () => setHistoryVersion((v) => v + 1) });
    const startedAtMs = Date.now();
    const live = emptyView({ dataset: config.dataset, data: config.data });
    setView(live);
    setChartTarget(null);
    touchView();
    let progress: RunProgress | null = null;
    setEvaluationAsked(false);
    const startedAt = performance.now();
    setStatus({ kind: 'running', progress });
    // The Run button is disabled now; keep focus on the page, where the run's progress is said.
    if (focusIsLost()) statusElement?.focus();
    try {
      const result = await props.client.run(
        config,
        (event) => {
          playback.onEvent(event);
          if (event.type === 'backend') {
            const { type: _type, ...choice } = event;
            props.setBackend(choice);
          }
          if (event.type === 'run-start' || event.type === 'distill-evaluation') setEvaluationAsked(false);
          if (event.type === 'run-end') record.run(event.run);
          if (applyToView(live, event) !== null) touchView();
          progress = nextProgress(progress, event, performance.now());
          // Events may trail the result or a cancel; they must not revive the "running" line.
          if (status().kind === 'running') setStatus({ kind: 'running', progress });
        },
        playback.begin(start),
      );
      void record.end({ status: 'done', result });
      setView(viewFromResult(result));
      touchView();
      setShownResults({ result, startedAt: startedAtMs, status: 'done', kept: false });
      if (result.wall && result.evaluation) setTiming({ wall: result.wall, evaluation: result.evaluation });
      setStatus({ kind: 'done', runs: result.runs.length, elapsedMs: performance.now() - startedAt });
    } catch (error) {
      void record.end(isCancellation(error) ? { status: 'cancelled' } : { status: 'failed', error: describeError(error) });
      setView(previous);
      touchView();
      setShownResults(previousResults);
      setStatus(isCancellation(error) ? { kind: 'cancelled' } : { kind: 'failed', message: describeError(error) });
    }
  }

  function cancel() {
    setStatus({ kind: 'cancelling' });
    void props.client.api.cancel();
  }

  function evaluateNow() {
    setEvaluationAsked(true);
    void props.client.api.evaluateNow();
  }

  return (
    <div class="layout">
      <aside class="sidebar">
        <div class="share-bar">
          <Presets load={() => props.client.api.presets()} onOpen={share.open} />
          <ShareLink link={copyLink} />
        </div>
        <Controls
          catalog={catalog()}
          loadDatasetFile={loadDatasetFile}
          uploads={uploads}
          form={form}
          setForm={setForm}
          problemsOf={(key) => problems()[key]}
          classCounts={() => countsOf(form.dataset)}
          running={busy()}
          onRun={() => void run()}
          hidden={(control) => isHidden(classroom(), control)}
          onCancel={cancel}
        />
      </aside>
      <main class="content">
        <ShareNotice notice={linkNotice} onReopen={share.reopen} onDismiss={() => setLinkNotice(null)} />
        <ClassroomBar classroom={classroom} onShowAll={() => setClassroom(null)} />
        <ClassroomPlayback
          playback={playback}
          always={() => classroom() !== null}
          running={busy}
          onPlay={(start) => void run(start)}
          onReset={() => void reset()}
        />
        <StatusLine status={status} ref={(element) => (statusElement = element)} />
        <HistoryNotice shown={shownResults} problem={storeProblem} limits={limitsNotice(props.limits)} datasetName={datasetName} />
        <WallTime timing={timing} />
        <Chart
          runs={() => view().runs}
          version={viewVersion}
          targetAcc={targetAcc}
          onTarget={setChartTarget}
          exports={(chart) => <ChartExports shown={shownResults} chart={chart} />}
        />
        <LiveDistillationView
          live={() => readView().live}
          data={() => readView().data}
          load={(data, indices) => props.client.api.selection(data, indices)}
          pauseAsked={playback.paused}
          evaluationAsked={evaluationAsked}
          onPause={playback.pause}
          onResume={playback.resume}
          onEvaluate={evaluateNow}
        />
        <ResultsTable
          rows={summaryRows}
          targetAcc={targetAcc}
          targetRule={() => (chartTarget() !== null ? 'chart' : readView().targetRule)}
          onResetTarget={() => setChartTarget(null)}
          colourOf={(label) => colours().get(label)}
          actions={<ResultExports shown={shownResults} />}
        />
        <Boundaries
          boundaries={() => readView().boundaries}
          data={() => readView().data}
          load={(data, indices) => props.client.api.selection(data, indices)}
        />
        <Picks
          picks={() => readView().picks}
          data={() => readView().data}
          load={(data, indices) => props.client.api.selection(data, indices)}
          datasetOf={datasetOf}
        />
        <History store={props.kept.store} version={historyVersion} busy={busy} datasetName={datasetName} onOpen={showKept} />
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
          request={(augmentation, seed) => mixPreviewRequest(unwrap(form), base(), augmentation, seed)}
          load={(request) => props.client.api.mixPreview(request)}
          running={busy}
        />
      </main>
    </div>
  );
}
