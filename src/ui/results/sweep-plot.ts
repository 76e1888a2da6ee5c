/**
 * Where a sweep's figure draws its marks (SweepFigure.tsx): two panels on
 * one log budget axis, accuracy and time to target, each line's points
 * with a band of ± its spread over seeds, references (full data) as level
 * lines across. Pure geometry, so it can be tested alone.
 */
import { budgetTick, type SweepView } from '../../core/results/sweep';
import { accuracyRange, niceTicks, tickLabels } from './chart-axes';

export const SWEEP_SIZE = { width: 640, panelHeight: 200 };
const PAD = { left: 56, right: 130, top: 12, bottom: 36 };

export interface PanelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PlottedLine {
  name: string;
  colourKey: string;
  control: boolean;
  /** [x, y] of each point that has a value in this panel. */
  points: [number, number][];
  /** The band's outline (mean + spread forward, mean - spread back); empty without spread. */
  band: [number, number][];
  /** Where its name stands, right of the plot: by its last point, moved apart from the other names. */
  labelY: number;
}

export interface SweepPanel {
  box: PanelBox;
  /** What the y axis measures, for its title. */
  title: string;
  yTicks: { y: number; label: string }[];
  lines: PlottedLine[];
  references: { name: string; y: number; labelY: number }[];
}

/** The least distance between two names at the plot's right, in px (a line of its 11 px text). */
const LABEL_GAP = 12;

/**
 * Name positions near the wanted ones, in the same order, none closer than
 * LABEL_GAP: pushed down past their neighbours, then the whole stack up
 * where it would run past the panel's bottom.
 */
export function spreadLabels(wanted: readonly number[], bottom: number): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed: number[] = [];
  for (const [k, { y }] of order.entries()) placed.push(k === 0 ? y : Math.max(y, placed[k - 1] + LABEL_GAP));
  const over = placed.length > 0 ? placed[placed.length - 1] - bottom : 0;
  const shifted = over > 0 ? placed.map((y) => y - over) : placed;
  const result = new Array<number>(wanted.length);
  order.forEach(({ i }, k) => {
    result[i] = shifted[k];
  });
  return result;
}

export interface SweepPlot {
  xTicks: { x: number; label: string }[];
  accuracy: SweepPanel;
  time: SweepPanel;
}

/** The log position of each budget, the axis reaching a little past the smallest and the largest. */
function budgetScale(budgets: readonly number[], box: PanelBox): (budget: number) => number {
  const low = Math.log(budgets[0]);
  const high = Math.log(budgets[budgets.length - 1]);
  const margin = (high - low) * 0.08 || 1;
  return (budget) => box.left + ((Math.log(budget) - low + margin) / (high - low + 2 * margin)) * box.width;
}

function boxAt(index: number): PanelBox {
  const top = index * SWEEP_SIZE.panelHeight + PAD.top;
  return {
    left: PAD.left,
    top,
    width: SWEEP_SIZE.width - PAD.left - PAD.right,
    height: SWEEP_SIZE.panelHeight - PAD.top - PAD.bottom,
  };
}

type Value = { mean: number; std: number } | null;

/** One panel: each line's values (`pointValue` of a point in the panel's unit, null where it has none) on a y axis over `range`. */
function panel(
  view: SweepView,
  box: PanelBox,
  x: (budget: number) => number,
  title: string,
  range: [number, number],
  pointValue: (point: SweepView['lines'][number]['points'][number], control: boolean) => Value,
  referenceOf: (ref: SweepView['references'][number]) => number | null,
): SweepPanel {
  const [low, high] = range;
  const y = (value: number) => box.top + (1 - (value - low) / (high - low || 1)) * box.height;
  const ticks = niceTicks(low, high, 4);
  const labels = tickLabels(ticks);
  const lines = view.lines.flatMap((line) => {
    const values = line.points.flatMap((p) => {
      const value = pointValue(p, line.control);
      return value ? [{ budget: p.budget, ...value }] : [];
    });
    if (values.length === 0) return [];
    const upper = values.map((v): [number, number] => [x(v.budget), y(Math.min(high, v.mean + v.std))]);
    const lower = values.map((v): [number, number] => [x(v.budget), y(Math.max(low, v.mean - v.std))]).reverse();
    return [
      {
        name: line.name,
        colourKey: line.colourKey,
        control: line.control,
        points: values.map((v): [number, number] => [x(v.budget), y(v.mean)]),
        band: values.some((v) => v.std > 0) ? [...upper, ...lower] : [],
        labelY: 0,
      },
    ];
  });
  const references = view.references.flatMap((ref) => {
    const value = referenceOf(ref);
    return value === null ? [] : [{ name: ref.name, y: y(Math.min(high, Math.max(low, value))), labelY: 0 }];
  });
  const named = [...lines.map((line) => line.points[line.points.length - 1][1]), ...references.map((ref) => ref.y)];
  const placed = spreadLabels(named, box.top + box.height);
  lines.forEach((line, i) => {
    line.labelY = placed[i];
  });
  references.forEach((ref, i) => {
    ref.labelY = placed[lines.length + i];
  });
  return { box, title, yTicks: ticks.map((tick, i) => ({ y: y(tick), label: labels[i] })), lines, references };
}

export function sweepPlot(view: SweepView): SweepPlot {
  const accuracyBox = boxAt(0);
  const x = budgetScale(view.budgets, accuracyBox);
  const accs = [
    ...view.lines.flatMap((l) => l.points.flatMap((p) => [p.accMean - p.accStd, p.accMean + p.accStd])),
    ...view.references.map((r) => r.accMean),
  ].map((acc) => acc * 100);
  const seconds = [
    ...view.lines.flatMap((l) =>
      l.points.flatMap((p) => (p.timeToTargetMs === null ? [] : [p.timeToTargetMs + (p.timeToTargetMsStd ?? 0)])),
    ),
    ...view.references.flatMap((r) => (r.timeToTargetMs === null ? [] : [r.timeToTargetMs])),
  ].map((ms) => ms / 1000);
  const timeHigh = Number((Math.max(0.001, ...seconds) * 1.1).toPrecision(2));
  return {
    xTicks: view.budgets.map((budget) => ({ x: x(budget), label: budgetTick(view.kind, budget) })),
    accuracy: panel(
      view,
      accuracyBox,
      x,
      'test accuracy (%)',
      accuracyRange(Math.min(...accs), Math.max(...accs)),
      (p) => ({ mean: p.accMean * 100, std: p.accStd * 100 }),
      (ref) => ref.accMean * 100,
    ),
    time: panel(
      view,
      boxAt(1),
      x,
      'time to target (s)',
      [0, timeHigh],
      (p, control) =>
        control || p.timeToTargetMs === null
          ? null
          : { mean: p.timeToTargetMs / 1000, std: (p.timeToTargetMsStd ?? 0) / 1000 },
      (ref) => (ref.timeToTargetMs === null ? null : ref.timeToTargetMs / 1000),
    ),
  };
}
