/**
 * Whether the results on show were made by the settings in the form: both
 * are put the same way (the form's config input, and a config's own
 * settings passed through the form), then compared part by part. Pure data,
 * so it can be tested alone.
 */
import type { Catalog } from '../../core/settings/catalog';
import type { LabConfig } from '../../core/settings/config';
import { configFromForm, formFromConfig, type FormState } from '../settings/form-state';

/** The parts of a config the form shows, as the notice names them where they differ. */
const PART_NAMES: Record<string, string> = {
  dataset: 'dataset',
  model: 'model',
  budget: 'budget',
  budgets: 'budget',
  data: 'data',
  methods: 'methods',
  train: 'training settings',
  seeds: 'seeds',
  backend: 'backend',
  targetAcc: 'target',
};

/** A value as text with its keys in order, so that two objects built in different orders compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * The parts in which the form's settings (over `base`, which holds those it
 * does not show) differ from those of `made`, the config that made the
 * results; empty where they are the same.
 */
export function settingsDifferences(form: FormState, base: LabConfig, made: LabConfig, catalog: Catalog): string[] {
  const current = configFromForm(form, base, catalog).input as Record<string, unknown>;
  const theirs = configFromForm(formFromConfig(made, catalog), made, catalog).input as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(current), ...Object.keys(theirs)])];
  const differing = keys.filter(
    (key) =>
      canonical(current[key]) !== canonical(theirs[key]) &&
      // A part the form does not show, missing from one side (a config kept by an older lab), is its default there.
      (key in PART_NAMES || (current[key] !== undefined && theirs[key] !== undefined)),
  );
  return [...new Set(differing.map((key) => PART_NAMES[key] ?? 'other settings'))];
}

/** The line by results that the form's settings did not make. */
export function otherSettingsText(differences: readonly string[]): string {
  return `These results were made with other settings than the form's (${differences.join(', ')}): pressing Run would not repeat them.`;
}
