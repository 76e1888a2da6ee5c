/** Fair evaluation as tables show it (see SummaryRow.fair). */
import type { SummaryRow } from './types';

/** Whether any row has matched controls: the tables then give them columns. */
export const hasFair = (rows: readonly Pick<SummaryRow, 'fair'>[]) => rows.some((row) => row.fair);

/** "+12.3 ± 1.0 pts": the row's gain over its matched random, in accuracy points; "–" without controls. */
export function fairGainText(row: Pick<SummaryRow, 'fair' | 'runs'>): string {
  if (!row.fair) return '–';
  const points = (x: number) => (x * 100).toFixed(1);
  const gain = `${row.fair.gainMean >= 0 ? '+' : ''}${points(row.fair.gainMean)}`;
  return `${row.runs > 1 ? `${gain} ± ${points(row.fair.gainStd)}` : gain} pts`;
}

/** "64%": the share of the gain the set keeps with hard labels; "–" for a set without soft labels or no gain. */
export function hardLabelShareText(row: Pick<SummaryRow, 'fair'>): string {
  const share = row.fair?.hardLabelShare;
  return share === undefined || share === null ? '–' : `${Math.round(share * 100)}%`;
}
