/**
 * The decision-boundary panels' data path, apart from their drawing
 * (Boundaries.tsx): which runs have a panel (one seed per method, or every
 * seed), the seed control's options, and each panel's words. Pure, so it
 * can be tested alone.
 */
import type { SelectOption } from '../common/ListSelect';
import type { RunBoundary } from '../results/experiment-state';
import { pickKey } from './picks-data';

/** A seed, or every seed at once. */
export type SeedChoice = number | 'all';

/** The seed control's value for every seed. */
const ALL = 'all';

/** The seeds among the runs, in the order they first come (the comparison's own order). */
export function boundarySeeds(runs: readonly RunBoundary[]): number[] {
  return [...new Set(runs.map((run) => run.seed))];
}

/** The seed on show: the chosen one while a run has it (every seed always), else the first; null without runs. */
export function seedOnShow(runs: readonly RunBoundary[], chosen: SeedChoice | null): SeedChoice | null {
  const seeds = boundarySeeds(runs);
  if (seeds.length === 0) return null;
  if (chosen === 'all' || (chosen !== null && seeds.includes(chosen))) return chosen;
  return seeds[0];
}

/** The runs grouped by their label (a method's row), labels in the order they first come, each group in seed order. */
export function byMethod(runs: readonly RunBoundary[]): RunBoundary[][] {
  const groups = new Map<string, RunBoundary[]>();
  for (const run of runs) {
    const group = groups.get(run.label);
    if (group) group.push(run);
    else groups.set(run.label, [run]);
  }
  return [...groups.values()];
}

/**
 * The runs with a panel, method by method: every run with `all`, else one
 * per method: the chosen seed's, or the method's first run where it lacks
 * that seed (a run still to come, or one that failed).
 */
export function shownBoundaries(runs: readonly RunBoundary[], seed: SeedChoice): RunBoundary[] {
  const groups = byMethod(runs);
  if (seed === 'all') return groups.flat();
  return groups.map((group) => group.find((run) => run.seed === seed) ?? group[0]);
}

/** The seed control's options: each seed, then every seed at once. */
export function seedOptions(seeds: readonly number[]): SelectOption[] {
  return [
    ...seeds.map((seed) => ({ value: String(seed), label: `seed ${seed}` })),
    { value: ALL, label: 'every seed' },
  ];
}

/** The seed control's value as a choice. */
export function seedValue(choice: SeedChoice): string {
  return String(choice);
}

/** A seed control's value read back. */
export function parseSeed(value: string): SeedChoice {
  return value === ALL ? 'all' : Number(value);
}

/** A panel's caption, as the picks panel names a run: "random 10% · seed 0". */
export const panelCaption = pickKey;

/** What a panel's plot shows, for screen readers. */
export function boundaryLabel(run: Pick<RunBoundary, 'label' | 'seed'>): string {
  return `the class that ${run.label} (seed ${run.seed}) predicts over the data's range, shaded by class, under every training point coloured by its class`;
}

/** The enlarged panel's description of what it draws. */
export function boundaryDescription(run: RunBoundary): string {
  const { size } = run.boundary;
  return `The shading is the class the model of ${run.label} (seed ${run.seed}) predicts at each of ${size}×${size} points over the data's range, after training; the dots are the training points, coloured by their class.`;
}

/** A panel's name as a button: its caption first (the words on screen), what it shows, and what pressing it does. */
export function panelLabel(run: Pick<RunBoundary, 'label' | 'seed'>): string {
  return `${panelCaption(run)}: ${boundaryLabel(run)}. Show it large`;
}
