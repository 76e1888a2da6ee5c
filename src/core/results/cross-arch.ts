/**
 * Cross-architecture evaluation as tables show it: a model's name with its
 * settings, and one column per other model any row's set was evaluated on.
 */
import type { ModelSpec } from '../settings/config';
import type { SummaryRow } from './types';

/** A model as a table names it: "mlp (width 256, depth 1)", its settings in the order its spec lists them. */
export function modelLabel({ name, ...settings }: ModelSpec): string {
  const parts = Object.entries(settings).map(([key, value]) => `${key} ${String(value)}`);
  return parts.length > 0 ? `${name} (${parts.join(', ')})` : name;
}

/** The other models any row's set was evaluated on, in the order the rows name them: one column each. */
export function crossArchLabels(rows: readonly Pick<SummaryRow, 'crossArch'>[]): string[] {
  return [...new Set(rows.flatMap((row) => (row.crossArch ?? []).map((c) => c.label)))];
}

/** A row's accuracy on one of those models as "84.1%", or "84.1 ± 0.9" over several runs; "–" where it has none. */
export function crossArchText(row: Pick<SummaryRow, 'crossArch' | 'runs'>, label: string): string {
  const found = row.crossArch?.find((c) => c.label === label);
  if (!found) return '–';
  const mean = `${(found.accMean * 100).toFixed(1)}%`;
  return row.runs > 1 ? `${mean} ± ${(found.accStd * 100).toFixed(1)}` : mean;
}
