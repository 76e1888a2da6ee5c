/**
 * The chart's data path, apart from its drawing: runs become one line per
 * method row (the mean over seeds) and a band (min..max over seeds), and
 * each "evaluate now" point of a distillation a marker of its own, all on
 * one shared x axis as uPlot wants it.
 */
import { crossing, type Crossing } from '../../core/results/target';
import type { CurvePoint } from '../../core/results/types';
import type { RunCurve } from './experiment-state';

export type XAxisKind = 'time' | 'steps' | 'samples';

export const X_AXIS_LABELS: Record<XAxisKind, string> = {
  time: 'Time (s)',
  steps: 'Steps',
  samples: 'Samples seen',
};

export const X_OF: Record<XAxisKind, (p: CurvePoint) => number> = {
  time: (p) => p.timeMs / 1000,
  steps: (p) => p.step,
  samples: (p) => p.samples,
};

/** Colour-blind-friendly, distinct on white (Okabe-Ito, then Tableau). */
const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#7f7f7f',
  '#8c564b',
  '#bcbd22',
  '#17becf',
];

function colourOf(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** Runs of the same label (seeds) grouped, labels in the order their first run started. */
export function groupByLabel(runs: readonly (RunCurve | undefined)[]): Map<string, RunCurve[]> {
  const byLabel = new Map<string, RunCurve[]>();
  for (const run of runs) {
    if (!run) continue;
    const group = byLabel.get(run.label);
    if (group) group.push(run);
    else byLabel.set(run.label, [run]);
  }
  return byLabel;
}

/** One colour per method row, the same in the chart and the table. */
export function coloursByLabel(runs: readonly (RunCurve | undefined)[]): Map<string, string> {
  return new Map([...groupByLabel(runs).keys()].map((label, i) => [label, colourOf(i)]));
}

export interface ChartRow {
  label: string;
  colour: string;
  seeds: number;
  /** Index in `columns` of the mean line. */
  mean: number;
  /** Indices in `columns` of the band's upper and lower edges, when several seeds ran. */
  band: [number, number] | null;
  /** A kept comparison's row laid over the one on show: drawn dotted. */
  dotted: boolean;
}

/** A distilled set evaluated part-way: one point of one run, in its row's colour. */
export interface ChartMark {
  label: string;
  seed: number;
  colour: string;
  /** The distillation iteration after which the set was evaluated. */
  iteration: number;
  testAcc: number;
  /** Index in `columns` of its single point. */
  column: number;
}

export interface ChartData {
  rows: ChartRow[];
  marks: ChartMark[];
  /** columns[0] is x; the others are y in percent, null where a row has no point at that x. */
  columns: (number | null)[][];
}

interface Aggregate {
  x: number;
  mean: number;
  min: number;
  max: number;
}

/** Point k of every seed is the same moment of the schedule, so seeds are matched by index. */
function aggregateSeeds(runs: RunCurve[], xOf: (p: CurvePoint) => number): Aggregate[] {
  const length = Math.max(0, ...runs.map((r) => r.points.length));
  const result: Aggregate[] = [];
  for (let k = 0; k < length; k++) {
    const points = runs.flatMap((r) => (k < r.points.length ? [r.points[k]] : []));
    const accs = points.map((p) => p.testAcc * 100);
    result.push({
      x: points.reduce((sum, p) => sum + xOf(p), 0) / points.length,
      mean: accs.reduce((a, b) => a + b, 0) / accs.length,
      min: Math.min(...accs),
      max: Math.max(...accs),
    });
  }
  return result;
}

export function buildChartData(runs: readonly (RunCurve | undefined)[], xAxis: XAxisKind): ChartData {
  const byLabel = groupByLabel(runs);
  const rows: ChartRow[] = [];
  const lines: { x: number; y: number }[][] = [];
  [...byLabel.entries()].forEach(([label, group], i) => {
    const aggregates = aggregateSeeds(group, X_OF[xAxis]);
    const mean = lines.push(aggregates.map((a) => ({ x: a.x, y: a.mean })));
    let band: [number, number] | null = null;
    if (group.length > 1) {
      const upper = lines.push(aggregates.map((a) => ({ x: a.x, y: a.max })));
      const lower = lines.push(aggregates.map((a) => ({ x: a.x, y: a.min })));
      band = [upper, lower];
    }
    rows.push({ label, colour: colourOf(i), seeds: group.length, mean, band, dotted: group[0].overlay === true });
  });
  // A column each: seeds are not averaged, and on the steps axis every mark sits at 0.
  const marks: ChartMark[] = rows.flatMap(({ label, colour }) =>
    byLabel.get(label)!.flatMap((run) =>
      (run.evaluations ?? []).map(({ iteration, point }) => {
        const column = lines.push([{ x: X_OF[xAxis](point), y: point.testAcc * 100 }]);
        return { label, seed: run.seed, colour, iteration, testAcc: point.testAcc, column };
      }),
    ),
  );

  const xs = [...new Set(lines.flatMap((line) => line.map((p) => p.x)))].sort((a, b) => a - b);
  const rowOfX = new Map(xs.map((x, i) => [x, i]));
  const columns: (number | null)[][] = [xs];
  for (const line of lines) {
    const column = new Array<number | null>(xs.length).fill(null);
    for (const p of line) column[rowOfX.get(p.x)!] = p.y;
    columns.push(column);
  }
  return { rows, marks, columns };
}

/**
 * Where each row first reaches `target` (0..1) on the x axis: the mean over
 * seeds of each seed's crossing, interpolated between the points around it,
 * null if a seed never reaches it. On the time axis, in seconds, this is
 * the table's time to target (summary.ts): the same rule.
 */
export function crossings(
  runs: readonly (RunCurve | undefined)[],
  target: number,
  xAxis: XAxisKind,
): Map<string, number | null> {
  const result = new Map<string, number | null>();
  for (const [label, group] of groupByLabel(runs)) {
    const hits = group.map((run) => crossing(run.points, target));
    const x = (hit: Crossing) => (xAxis === 'time' ? hit.timeMs / 1000 : xAxis === 'steps' ? hit.steps : hit.samples);
    result.set(
      label,
      hits.every((hit) => hit !== null) ? hits.reduce((sum, hit) => sum + x(hit!), 0) / hits.length : null,
    );
  }
  return result;
}

/** A value at the x axis's unit: "1.25 s", "step 120", "3,200 samples". */
export function formatX(x: number, xAxis: XAxisKind): string {
  switch (xAxis) {
    case 'time':
      return `${x < 10 ? x.toFixed(2) : x.toFixed(1)} s`;
    case 'steps':
      return `step ${Math.round(x).toLocaleString('en')}`;
    case 'samples':
      return `${Math.round(x).toLocaleString('en')} samples`;
  }
}

/** One point of a row's mean line (accuracy in percent). */
export interface RowPoint {
  x: number;
  acc: number;
}

/** A row's mean line, its points in x order. */
export function rowPoints(chart: ChartData, row: ChartRow): RowPoint[] {
  const xs = chart.columns[0];
  const ys = chart.columns[row.mean];
  const points: RowPoint[] = [];
  for (let i = 0; i < xs.length; i++)
    if (ys[i] !== null && ys[i] !== undefined) points.push({ x: xs[i]!, acc: ys[i]! });
  return points;
}

/** What hovering at `x` shows: each row's point nearest `x` on its own mean line. */
export function valuesNear(chart: ChartData, x: number): (RowPoint & { label: string; colour: string })[] {
  return chart.rows.flatMap((row) => {
    const points = rowPoints(chart, row);
    if (points.length === 0) return [];
    const nearest = points.reduce((best, p) => (Math.abs(p.x - x) < Math.abs(best.x - x) ? p : best));
    return [{ label: row.label, colour: row.colour, ...nearest }];
  });
}

/** The seed note, said once for the whole legend: null with one seed. */
export function seedsNote(rows: readonly ChartRow[]): string | null {
  const counts = [...new Set(rows.map((row) => row.seeds))];
  const most = Math.max(0, ...counts);
  if (most < 2) return null;
  return counts.length === 1
    ? `Each line is the mean of ${most} seeds, its band their min–max.`
    : `Each line is the mean of its seeds (up to ${most}), its band their min–max.`;
}

/** The chart in a sentence per row, for screen readers: where it ends and, with a target, where it reaches it. */
export function chartSummary(
  chart: ChartData,
  xAxis: XAxisKind,
  target: number | null,
  crossed: Map<string, number | null>,
): string {
  if (chart.rows.length === 0) return 'Test accuracy against time: no curves yet.';
  const sentences = chart.rows.map((row) => {
    const points = rowPoints(chart, row);
    const last = points[points.length - 1];
    const end = last ? `ends at ${last.acc.toFixed(1)}% at ${formatX(last.x, xAxis)}` : 'has no points yet';
    if (target === null) return `${row.label} ${end}.`;
    const at = crossed.get(row.label);
    return `${row.label} ${end}; ${at === null || at === undefined ? `never reaches ${(target * 100).toFixed(1)}%` : `reaches ${(target * 100).toFixed(1)}% at ${formatX(at, xAxis)}`}.`;
  });
  return `Test accuracy against ${X_AXIS_LABELS[xAxis].toLowerCase()}. ${sentences.join(' ')}`;
}
