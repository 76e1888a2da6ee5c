/**
 * The results on show: the experiment's view (streamed in place as events
 * arrive, or a finished or kept result), the target dragged on the chart,
 * the wall time, the finished results the exports and the notice read, and
 * a kept comparison laid over the chart to compare with.
 */
import { createSignal } from 'solid-js';
import { retarget } from '../../core/results/summary';
import type { StoredExperiment } from '../../store/lab-store';
import { dateText, type ShownResults, shownFromKept } from '../history/history-data';
import { coloursByLabel } from './chart-data';
import { type ExperimentView, emptyView, type RunCurve, viewFromResult } from './experiment-state';
import type { WallTiming } from './WallTime';

export type ResultsView = ReturnType<typeof createResultsView>;

export function createResultsView() {
  const [view, setView] = createSignal<ExperimentView>(emptyView());
  // The view is updated in place as events stream in; this tells readers it changed.
  const [version, setVersion] = createSignal(0);
  const touch = () => setVersion((v) => v + 1);
  const read = () => {
    version();
    return view();
  };
  // A target dragged on the chart, over the run's own until the next run or a reset; the table follows it.
  const [chartTarget, setChartTarget] = createSignal<number | null>(null);
  const [timing, setTiming] = createSignal<WallTiming | null>(null);
  // The finished results on show (none while a run streams in), for the exports and the notice.
  const [shown, setShown] = createSignal<ShownResults | null>(null);
  // A kept comparison's curves over the chart: its name, and its runs labelled by it.
  const [overlay, setOverlay] = createSignal<{ name: string; runs: RunCurve[] } | null>(null);

  /** Shows `next` (a live view, a result's, or the one before a failed run) with the run's own target. */
  function show(next: ExperimentView) {
    setView(next);
    setChartTarget(null);
    touch();
  }

  return {
    view,
    version,
    read,
    touch,
    show,
    timing,
    setTiming,
    shown,
    setShown,
    chartTarget,
    setChartTarget,
    colours: () => coloursByLabel(read().runs),
    overlay,
    /** The chart's runs: those on show, then the laid-over comparison's (after them, so the rows keep their colours). */
    chartRuns: (): readonly (RunCurve | undefined)[] => [...read().runs, ...(overlay()?.runs ?? [])],
    /** Lays a kept experiment's curves over the chart, each row named by where it comes from; null takes it off. */
    overlayKept(experiment: StoredExperiment | null) {
      const kept = experiment && shownFromKept(experiment);
      if (!kept) return setOverlay(null);
      const name = experiment.loadedFrom ?? `kept ${dateText(experiment.startedAt)}`;
      const runs = viewFromResult(kept.result).runs.map((run, i) => ({
        ...run,
        // Apart from the runs on show, whose indices count from 0.
        runIndex: 1_000_000 + i,
        label: `${name} · ${run.label}`,
        overlay: true,
      }));
      setOverlay({ name, runs });
    },
    targetAcc: () => chartTarget() ?? read().targetAcc,
    targetRule: () => (chartTarget() !== null ? 'chart' : read().targetRule),
    summaryRows: () => {
      const target = chartTarget();
      const current = read();
      return target === null
        ? current.summary
        : retarget(
            current.summary,
            current.runs.filter((run) => run !== undefined),
            target,
          );
    },
    /** Shows a kept experiment's results as they were; one cut short, its finished runs. */
    showKept(experiment: StoredExperiment) {
      const kept = shownFromKept(experiment);
      if (!kept) return;
      show(viewFromResult(kept.result));
      const { wall, evaluation } = kept.result;
      setTiming(wall && evaluation ? { wall, evaluation } : null);
      setShown(kept);
    },
    /** No results: the classroom's reset. */
    clear() {
      show(emptyView());
      setTiming(null);
      setShown(null);
    },
  };
}
