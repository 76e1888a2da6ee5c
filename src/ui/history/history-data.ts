/**
 * What the page shows of kept experiments, apart from drawing it: the
 * results an experiment left (the whole result once it finished; for one
 * cut short, the table its finished runs make), a History row per
 * experiment, and the notice over results opened from storage. Pure data,
 * so it can be tested alone.
 */
import { summarize } from '../../core/results/summary';
import type { ExperimentResult } from '../../core/results/types';
import type { ExperimentListing, ExperimentStatus, StoredExperiment } from '../../store/lab-store';
import { plural } from '../common/format';
import { formatPercent } from '../common/format';

/**
 * What the results panels and the exports need of an experiment: a whole
 * result, or for one cut short only what its finished runs give (no wall
 * time, no backend).
 */
export type KeptResult = Pick<ExperimentResult, 'config' | 'runs' | 'summary' | 'targetAcc' | 'targetRule'> &
  Partial<ExperimentResult>;

/** The results on show, and where they come from. */
export interface ShownResults {
  result: KeptResult;
  startedAt: number;
  /** How the experiment ended: 'done' for a whole result. */
  status: ExperimentStatus;
  /** True where they were opened from storage (History, or on load) rather than run in this visit. */
  kept: boolean;
  /** The results file they were loaded from, where they did not run in this browser. */
  loadedFrom?: string;
}

/**
 * The results an experiment left, their table drawn again by this lab's
 * rules (a result kept by an older version has its runs, but not every
 * column of today's table); null where it finished no run.
 */
export function keptResult(experiment: StoredExperiment): KeptResult | null {
  if (experiment.result)
    return { ...experiment.result, ...summarize(experiment.result.runs, experiment.result.config.targetAcc) };
  if (experiment.runs.length === 0) return null;
  const { config, runs } = experiment;
  return { config, runs, ...summarize(runs, config.targetAcc) };
}

/** What a kept experiment shows: its results as they were, marked by how it ended. */
export function shownFromKept(experiment: StoredExperiment): ShownResults | null {
  const result = keptResult(experiment);
  const { startedAt, status, loadedFrom } = experiment;
  return result && { result, startedAt, status, kept: true, ...(loadedFrom === undefined ? {} : { loadedFrom }) };
}

export const INTERRUPTED_TEXT = 'interrupted: the page was reloaded or closed during this run';

/** A date and time as the History list and the notices say it. */
export function dateText(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The methods an experiment compared, as its config names them: "full, random, mixup + random". */
export function methodsText(experiment: Pick<StoredExperiment, 'config'>): string {
  const names = experiment.config.methods.map((m) => (m.augment ? `${m.name} + ${m.augment.name}` : m.name));
  return [...new Set(names)].join(', ');
}

export interface HistoryRow {
  id: string;
  date: string;
  dataset: string;
  methods: string;
  status: ExperimentStatus;
  /** "done", or for one cut short with how many runs it finished: "interrupted (2 runs finished)". */
  statusText: string;
  /** "–" where no run finished. */
  best: string;
  /** Whether it left results to open. */
  openable: boolean;
}

/** `datasetName`: the dataset's name for its id, where the page knows it. */
export function historyRow(listing: ExperimentListing, datasetName: (id: string) => string | undefined): HistoryRow {
  const finished = listing.status === 'done' ? '' : ` (${plural(listing.runCount, 'run')} finished)`;
  return {
    id: listing.id,
    date: dateText(listing.startedAt),
    dataset: datasetName(listing.config.dataset) ?? listing.config.dataset,
    methods: methodsText(listing),
    status: listing.status,
    statusText: `${listing.status}${finished}${listing.loadedFrom === undefined ? '' : ', loaded from a file'}`,
    // The row with the highest final accuracy: "rs2 10% 91.2%".
    best: listing.best ? `${listing.best.label} ${formatPercent(listing.best.acc)}` : '–',
    openable: listing.runCount > 0,
  };
}

/** The notice over results opened from storage: when they ran, and, for an experiment cut short, that only its finished runs show. */
export function keptNotice(shown: ShownResults, datasetName: string): string | null {
  if (!shown.kept) return null;
  const source =
    shown.loadedFrom === undefined
      ? `${datasetName}, started ${dateText(shown.startedAt)}`
      : `${datasetName}, loaded from ${shown.loadedFrom}; what its runs picked or distilled is not read from files`;
  const finished = `Showing the ${plural(shown.result.runs.length, 'run')} it finished (${source}).`;
  switch (shown.status) {
    case 'done':
      return shown.loadedFrom === undefined
        ? `Kept results of an earlier comparison (${source}).`
        : `Results from a file (${source}).`;
    case 'interrupted':
      return `${INTERRUPTED_TEXT.charAt(0).toUpperCase()}${INTERRUPTED_TEXT.slice(1)}. ${finished}`;
    case 'running':
      return `Still running in another tab. ${finished}`;
    case 'cancelled':
      return `Cancelled. ${finished}`;
    case 'failed':
      return `Failed. ${finished}`;
  }
}
