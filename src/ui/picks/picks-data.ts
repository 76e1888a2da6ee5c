/**
 * The picks panel's data path, apart from its drawing (Picks.tsx): which
 * run is on show, the score histogram with the subset's cut, the scatter's
 * highlight, and the export file. Pure, so it can be tested alone. A
 * distilled set's own helpers are in synthetic-data.ts.
 */
import type { DataSource, PickedRun, RunPicks } from '../results/experiment-state';
import { fileSlug } from '../results/export-files';

/** Names a run in the panel's select and keeps the choice across updates: "el2n 10% · seed 0". */
export function pickKey(run: Pick<RunPicks, 'label' | 'seed'>): string {
  return `${run.label} · seed ${run.seed}`;
}

/**
 * The run on show: the chosen one while it is there (its label and seed
 * survive the final result replacing the live view, and a rerun of the same
 * comparison), else the first in the list.
 */
export function chooseRun<T extends Pick<RunPicks, 'label' | 'seed'>>(
  picks: readonly T[],
  key: string | null,
): T | null {
  return picks.find((run) => pickKey(run) === key) ?? picks[0] ?? null;
}

export interface HistogramBin {
  from: number;
  to: number;
  /** Examples whose score falls in [from, to) (the last bin includes `to`). */
  count: number;
  /** Of those, the ones the method picked. */
  picked: number;
}

export interface ScoreHistogram {
  bins: HistogramBin[];
  min: number;
  max: number;
  /** The largest bin's count, for the height scale. */
  tallest: number;
  /**
   * The score at the subset's edge: its lowest score when it keeps the
   * highest, else its highest. Null when nothing picked has a score.
   */
  cut: number | null;
}

export const HISTOGRAM_BINS = 30;

/** Bins every finite score and counts the picked examples (`picked` are indices into `scores`) per bin. Null without a finite score. */
export function scoreHistogram(
  scores: readonly number[],
  picked: readonly number[],
  keepsHighest: boolean,
  binCount = HISTOGRAM_BINS,
): ScoreHistogram | null {
  let min = Infinity;
  let max = -Infinity;
  for (const score of scores) {
    if (!Number.isFinite(score)) continue;
    if (score < min) min = score;
    if (score > max) max = score;
  }
  if (min > max) return null;
  // Equal scores have no spread to bin: one bin holds them all.
  const count = max > min ? binCount : 1;
  const width = (max - min) / count;
  const bins: HistogramBin[] = Array.from({ length: count }, (_, b) => ({
    from: min + b * width,
    to: b === count - 1 ? max : min + (b + 1) * width,
    count: 0,
    picked: 0,
  }));
  const binOf = (score: number) =>
    count === 1 ? bins[0] : bins[Math.min(count - 1, Math.floor((score - min) / width))];
  for (const score of scores) if (Number.isFinite(score)) binOf(score).count++;
  let cut: number | null = null;
  for (const index of picked) {
    const score = scores[index];
    if (!Number.isFinite(score)) continue;
    binOf(score).picked++;
    if (cut === null || (keepsHighest ? score < cut : score > cut)) cut = score;
  }
  return { bins, min, max, tallest: Math.max(...bins.map((bin) => bin.count)), cut };
}

/**
 * A class's note in the gallery, `how` being "picked" or "distilled": "25
 * picked, first 12 shown", or "3 picked" when all show (or none do, as for
 * 2-D points).
 */
export function classCaption(count: number, shown: number, how: string): string {
  return shown > 0 && shown < count ? `${count} ${how}, first ${shown} shown` : `${count} ${how}`;
}

/** 1 at each picked training index, 0 elsewhere, for drawing the picked points apart. */
export function pickedMask(trainCount: number, picked: readonly number[]): Uint8Array {
  const mask = new Uint8Array(trainCount);
  for (const index of picked) if (index >= 0 && index < trainCount) mask[index] = 1;
  return mask;
}

/** What every exported file starts with: which run, on which data. */
export function exportHeader(
  run: { method: string; label: string; seed: number; settings: Record<string, unknown> },
  source: DataSource,
) {
  return {
    version: 1,
    dataset: source.dataset,
    data: source.data,
    method: run.method,
    label: run.label,
    settings: run.settings,
    seed: run.seed,
  };
}

/** The file an Export writes: enough to reproduce or study the subset elsewhere. */
export function selectionExport(run: PickedRun, source: DataSource) {
  const { indices, scores, scoreName, keepsHighest, rounds } = run.selection;
  return {
    ...exportHeader(run, source),
    rounds,
    indices,
    ...(scores ? { scores, scoreName, keepsHighest } : {}),
  };
}

/** "picks-el2n-10-easiest-seed0.json" or "distilled-dm-10-seed0.json": the label, reduced to characters every file system accepts. */
export function exportFileName(run: RunPicks): string {
  return `${run.synthetic ? 'distilled' : 'picks'}-${fileSlug(run.label)}-seed${run.seed}.json`;
}

/**
 * A run's method settings in one line, keys as a config spells them, e.g.
 * "iterations 100 · lrRate 1e-5": those the run used (the engine leaves out
 * what did nothing, such as a teacher's settings when the run did not distil).
 */
export function settingsLine(settings: Record<string, unknown>): string {
  return Object.entries(settings)
    .map(([key, v]) => `${key} ${settingValue(v)}`)
    .join(' · ');
}

/**
 * One setting's value as text: a small number in exponent form, a list by
 * commas, a named object (a row's `augment`) as its name with its settings
 * in brackets, "mixup (alpha 1)", and any other object as its settings.
 */
function settingValue(v: unknown): string {
  if (typeof v === 'number') return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
  if (Array.isArray(v)) return v.map(settingValue).join(', ');
  if (v === null || typeof v !== 'object') return String(v);
  const { name, ...rest } = v as Record<string, unknown>;
  const inner = Object.entries(typeof name === 'string' ? rest : (v as Record<string, unknown>))
    .map(([key, value]) => `${key} ${settingValue(value)}`)
    .join(', ');
  if (typeof name !== 'string') return `(${inner})`;
  return inner ? `${name} (${inner})` : name;
}
