/**
 * The lab's session on the page: the form and its validation, the run
 * lifecycle (validate, run, stream events into the view, and on failure fall
 * back to the previous results; pause, step and "evaluate now"), and the
 * comparison's link (opened from the address, written there on Run). Lab.tsx
 * lays out the panels over it.
 */
import { createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import type { Catalog, CatalogDataset } from '../core/settings/catalog';
import type { ClassSizes } from '../core/settings/fit';
import { formFitWarnings } from './settings/form-fit';
import { sweepNote } from './settings/sweep-note';
import type { LabConfig } from '../core/settings/config';
import { budgetExamples } from '../core/settings/budget';
import type { ClassroomView } from '../core/share/share-link';
import { focusFirstBadControl, focusIsLost } from './common/focus';
import type { UploadHost } from './data/UploadPanel';
import { recordExperiment, type KeptOnOpen } from './history/history-keeper';
import { settingsDifferences } from './history/settings-match';
import { describeError, isCancellation, type BackendChoice, type LabClient } from './lab-client';
import { applyToView, emptyView, viewFromResult } from './results/experiment-state';
import { nextProgress, type RunProgress } from './results/time-left';
import { workPlan, type WorkPlan } from './results/work-plan';
import { createResultsView } from './results/results-view';
import type { LabStatus } from './results/StatusLine';
import { configFromForm, formFromConfig, type FormState } from './settings/form-state';
import {
  formProblems,
  groupProblems,
  type ClassCounts,
  type GroupedProblems,
  type ProblemsByControl,
} from './settings/form-problems';
import { createPlayback, PLAYING, type StartHold } from './share/playback';
import { type LinkSource, useShareLocation } from './share/share-location';
import type { Presentation } from './share/presentation';
import { openedLink, sharedState, type LinkNotice, type LinkReading } from './share/share-state';

/** How long the form must rest before problems already on show are checked again. */
const REVALIDATE_DELAY_MS = 300;

export interface LabSessionProps {
  client: LabClient;
  catalog: Catalog;
  defaults: LabConfig;
  /** What the browser kept from earlier visits: the form starts from the settings last run, the results from the latest experiment. */
  kept: KeptOnOpen;
  setBackend: (choice: BackendChoice) => void;
  /** An uncaught error of the worker, if any. */
  workerError: () => string | null;
  /** The page's presentation mode, which a lesson link turns on. */
  presentation: Presentation;
}

export type LabSession = ReturnType<typeof createLabSession>;

export function createLabSession(props: LabSessionProps) {
  const api = props.client.api;
  const [form, setForm] = createStore<FormState>(
    formFromConfig(props.kept.lastConfig ?? props.defaults, props.catalog),
  );
  // The worker's datasets: bundled, then those added (dataset files, uploads); read again after each addition or deletion.
  const [datasets, setDatasets] = createSignal(props.catalog.datasets);
  const catalog = createMemo<Catalog>(() => ({ ...props.catalog, datasets: datasets() }));
  const datasetOf = (id: string) => catalog().datasets.find((d) => d.id === id);
  const refreshCatalog = async () => void setDatasets((await api.catalog()).datasets);
  const uploads: UploadHost = {
    client: props.client,
    refreshCatalog,
    fallback: datasetOf(props.defaults.dataset)!,
    datasets,
  };
  // The settings the form does not show (momentum, a model's width, ...) come from the comparison the form was opened with.
  const [base, setBase] = createSignal(props.kept.lastConfig ?? props.defaults);
  const [problems, setProblems] = createSignal<ProblemsByControl>({});
  // Training examples per class, by dataset, as the preview reports them: the form checks an ipc budget against them.
  const [classSizes, setClassSizes] = createSignal<Record<string, ClassSizes>>({});
  const countsOf = (id: string): ClassCounts | undefined => classSizes()[id]?.train;
  const [status, setStatus] = createSignal<LabStatus>({ kind: 'ready' });
  let statusElement: HTMLElement | undefined;
  const [busy, setBusy] = createSignal(false);
  // Requests to the distillation under way; the worker forgets them when a run starts, and so does the page.
  const playback = createPlayback(api);
  const [evaluationAsked, setEvaluationAsked] = createSignal(false);
  const results = createResultsView();
  const [storeProblem, setStoreProblem] = createSignal<string | null>(null);
  const [historyVersion, setHistoryVersion] = createSignal(0);
  const [classroom, setClassroom] = createSignal<ClassroomView | null>(null);
  const [linkNotice, setLinkNotice] = createSignal<LinkNotice | null>(null);
  const presentation = props.presentation;

  if (props.kept.latest) results.showKept(props.kept.latest);

  createEffect(() => {
    const message = props.workerError();
    if (message !== null)
      setStatus({
        kind: 'failed',
        message: `the lab's worker reported an error (${message}). If nothing moves, reload the page.`,
      });
  });

  /** The form's config if it is valid (the form's own checks, then the schema in the worker); else its problems, placed by control. */
  async function checkForm(): Promise<{ config: LabConfig } | GroupedProblems> {
    const current = unwrap(form);
    const { input, rows } = configFromForm(current, base(), catalog());
    const own = formProblems(current, catalog(), countsOf(current.dataset));
    const result = await api.validate(input);
    if (result.ok && Object.keys(own).length === 0) return { config: result.config };
    return groupProblems(result.ok ? [] : result.problems, rows, own, catalog());
  }

  /** Shows the check's problems by their controls, or clears them; the config if it is valid. */
  function showCheck(check: { config: LabConfig } | GroupedProblems): LabConfig | null {
    if ('config' in check) {
      setProblems({});
      if (status().kind === 'invalid') setStatus({ kind: 'ready' });
      return check.config;
    }
    setProblems(check.byControl);
    setStatus({ kind: 'invalid', problems: check.summary });
    return null;
  }

  const validateForm = async () => showCheck(await checkForm());

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
          const check = await checkForm();
          if (started === generation && !busy()) showCheck(check);
        }, REVALIDATE_DELAY_MS);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(revalidateTimer));

  /**
   * Where finished results are on show that the form's settings did not make
   * (opened from History, or the form edited since the run), the parts that
   * differ; empty otherwise.
   */
  const otherSettings = createMemo(() => {
    const shown = results.shown();
    if (!shown || busy()) return [];
    return settingsDifferences(form, base(), shown.result.config, catalog());
  });

  /** Puts the settings that made the results on show into the form. */
  function loadShownSettings() {
    const shown = results.shown();
    if (!shown) return;
    const config = shown.result.config;
    setBase(config);
    setForm(reconcile(formFromConfig(config, catalog())));
    setProblems({});
    if (status().kind === 'invalid') setStatus({ kind: 'ready' });
    // The notice and its button are gone: the status line, which says what to do next, takes focus.
    queueMicrotask(() => {
      if (focusIsLost()) statusElement?.focus();
    });
  }

  /** A lab link (in the address, pasted there, or a preset's) opens its comparison in the form, and its classroom view. */
  function openLink(reading: LinkReading, source: LinkSource) {
    const opened = openedLink(reading, catalog(), props.defaults);
    setBase(opened.base);
    setForm(reconcile(opened.form));
    setClassroom(opened.classroom);
    // A lesson link is followed to be shown to a class; a preset from the menu is tried out first.
    if (source === 'address' && opened.classroom) presentation.enter();
    setLinkNotice(opened.notice);
    setProblems({});
    if (status().kind === 'invalid') setStatus({ kind: 'ready' });
  }
  const share = useShareLocation(api, openLink);

  /** The form's comparison as a link, checked as Run checks it; with a lesson's view, a lesson's link, which leaves this page's address as it is. */
  async function copyLink(lesson: ClassroomView | null): Promise<string | null> {
    const config = await validateForm();
    if (!config) return null;
    return lesson ? share.linkOf(sharedState(config, lesson)) : share.write(sharedState(config, classroom()));
  }

  function cancel() {
    setStatus({ kind: 'cancelling' });
    void api.cancel();
  }

  /** Classroom "reset": stops the run under way and clears the results; the settings stay. */
  async function reset() {
    if (busy()) cancel();
    while (busy()) await new Promise((resolve) => setTimeout(resolve, 50));
    results.clear();
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
        queueMicrotask(focusFirstBadControl);
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

  /**
   * The comparison's work, for the time-left estimate: the budget's examples
   * from the class sizes where the preview counted them (else, for a budget
   * per class, as if there were 10 classes).
   */
  function workPlanOf(config: LabConfig, trainCount: number): WorkPlan {
    const counts = countsOf(config.dataset);
    return workPlan(config, trainCount, (budget) =>
      counts
        ? budgetExamples(budget, counts)
        : budget.ipc !== undefined
          ? budget.ipc * 10
          : Math.round((budget.fraction ?? 1) * trainCount),
    );
  }

  async function runValid(config: LabConfig, start: StartHold) {
    const previous = results.view();
    const previousResults = results.shown();
    results.setShown(null);
    setStoreProblem(null);
    const record = recordExperiment(props.kept.store, config, {
      report: setStoreProblem,
      changed: () => setHistoryVersion((v) => v + 1),
    });
    const startedAtMs = Date.now();
    const live = emptyView({ dataset: config.dataset, data: config.data }, config.model);
    results.show(live);
    let progress: RunProgress | null = null;
    let plan: WorkPlan | undefined;
    let finished = 0;
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
          if (event.type === 'run-end') {
            record.run(event.run);
            finished++;
          }
          if (applyToView(live, event) !== null) results.touch();
          if (event.type === 'dataset') plan = workPlanOf(config, event.trainCount);
          progress = nextProgress(progress, event, performance.now(), plan);
          // Events may trail the result or a cancel; they must not revive the "running" line.
          if (status().kind === 'running') setStatus({ kind: 'running', progress });
        },
        playback.begin(start),
      );
      void record.end({ status: 'done', result });
      results.show(viewFromResult(result));
      results.setShown({ result, startedAt: startedAtMs, status: 'done', kept: false });
      if (result.wall && result.evaluation) results.setTiming({ wall: result.wall, evaluation: result.evaluation });
      setStatus({ kind: 'done', runs: result.runs.length, elapsedMs: performance.now() - startedAt });
    } catch (error) {
      void record.end(
        isCancellation(error) ? { status: 'cancelled' } : { status: 'failed', error: describeError(error) },
      );
      results.show(previous);
      results.setShown(previousResults);
      setStatus(
        isCancellation(error) ? { kind: 'cancelled', finished } : { kind: 'failed', message: describeError(error) },
      );
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

  return {
    form,
    setForm,
    base,
    catalog,
    datasetOf,
    datasetName: (id: string) => datasetOf(id)?.name,
    uploads,
    async loadDatasetFile(file: File): Promise<CatalogDataset> {
      const dataset = await props.client.loadDatasetFile(file);
      await refreshCatalog();
      return dataset;
    },
    problemsOf: (key: keyof ProblemsByControl) => problems()[key],
    classCounts: () => countsOf(form.dataset),
    /** Settings that cannot learn or cannot tell methods apart, for the form to say before Run. */
    fitWarnings: () => formFitWarnings(form, catalog(), classSizes()[form.dataset]),
    /** What a sweep in the budget box will cost, before Run; undefined for one budget or a form with problems. */
    sweepNote: () => {
      const sizes = classSizes()[form.dataset];
      if (!sizes || Object.keys(formProblems(form, catalog(), sizes.train)).length > 0) return undefined;
      const { input } = configFromForm(form, base(), catalog());
      return sweepNote(input as unknown as LabConfig, sizes.train, results.shown()?.result ?? null);
    },
    /** The preview has counted a dataset's classes. */
    countedClasses: (id: string, sizes: ClassSizes) => setClassSizes((all) => ({ ...all, [id]: sizes })),
    status,
    setStatusElement: (element: HTMLElement) => {
      statusElement = element;
    },
    busy,
    playback,
    evaluationAsked,
    results,
    storeProblem,
    historyVersion,
    classroom,
    presentation,
    showAllControls: () => setClassroom(null),
    otherSettings,
    loadShownSettings,
    linkNotice,
    dismissLinkNotice: () => setLinkNotice(null),
    share,
    copyLink,
    run,
    cancel,
    reset,
    evaluateNow() {
      setEvaluationAsked(true);
      void api.evaluateNow();
    },
  };
}
