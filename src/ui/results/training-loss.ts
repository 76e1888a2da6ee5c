/**
 * The training loss beside the chart: each method row's training loss (at
 * each curve point, the mean over the steps since the point before; the
 * mean over seeds, matched by point as the chart's lines are), on the
 * chart's x axis and in its colours, scaled into a box. The loss falls over
 * orders of magnitude, so it is drawn on a log scale.
 */
import { coloursByLabel, groupByLabel, X_OF, type XAxisKind } from './chart-data';
import type { RunCurve } from './experiment-state';

export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface LossLine {
  label: string;
  colour: string;
  /** [x, y] in the box's coordinates. */
  points: [number, number][];
}

export interface TrainingLossPlot {
  lines: LossLine[];
  /** The x axis's first and last values, and the lowest and highest loss drawn. */
  x: [number, number];
  loss: [number, number];
}

/** Each row's mean training loss at each of its points that has one: [x, loss]. */
function rowLosses(group: RunCurve[], xAxis: XAxisKind): [number, number][] {
  const length = Math.max(0, ...group.map((run) => run.points.length));
  const line: [number, number][] = [];
  for (let k = 0; k < length; k++) {
    const points = group.flatMap((run) => {
      const point = run.points[k];
      return point?.trainLoss !== undefined && Number.isFinite(point.trainLoss) && point.trainLoss > 0 ? [point] : [];
    });
    if (points.length === 0) continue;
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    line.push([mean(points.map(X_OF[xAxis])), mean(points.map((p) => p.trainLoss!))]);
  }
  return line;
}

/** The plot, or null where no run has a training loss yet. */
export function trainingLossPlot(
  runs: readonly (RunCurve | undefined)[],
  xAxis: XAxisKind,
  box: PlotBox,
): TrainingLossPlot | null {
  const colours = coloursByLabel(runs);
  const rows = [...groupByLabel(runs)].map(([label, group]) => ({ label, losses: rowLosses(group, xAxis) }));
  const all = rows.flatMap((row) => row.losses);
  if (all.length === 0) return null;
  const xs = all.map(([x]) => x);
  const logs = all.map(([, loss]) => Math.log10(loss));
  // From 0, as the chart's x axis is.
  const [first, last] = [Math.min(0, ...xs), Math.max(...xs)];
  const [low, high] = [Math.min(...logs), Math.max(...logs)];
  const across = (x: number) => box.left + (last > first ? ((x - first) / (last - first)) * box.width : box.width / 2);
  const up = (log: number) => box.top + (high > low ? (1 - (log - low) / (high - low)) * box.height : box.height / 2);
  return {
    lines: rows
      .filter((row) => row.losses.length > 0)
      .map((row) => ({
        label: row.label,
        colour: colours.get(row.label)!,
        points: row.losses.map(([x, loss]) => [across(x), up(Math.log10(loss))]),
      })),
    x: [first, last],
    loss: [10 ** low, 10 ** high],
  };
}
