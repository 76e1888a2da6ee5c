/**
 * The chart's uPlot set-up: a line per method row (a band where several seeds
 * ran), a lone marker per part-way evaluation, the x axis from 0 with round
 * ticks and the accuracy axis fitted to the data (chart-axes.ts), and the
 * dashed target line drawn over it.
 */
import uPlot from 'uplot';
import { X_AXIS_LABELS, type ChartData, type XAxisKind } from './chart-data';
import { accuracyRange, niceTicks, tickLabels, X_TICK_SPACING_PX, xAxisEnd, xMinStep } from './chart-axes';

const PLOT_HEIGHT = 320;

/** How the plot is drawn: its height, and for a projector the page's type size (px) its axes follow; null: the page's own. */
export interface PlotLook {
  height: number;
  largeTypePx: number | null;
}

/** On a projector the plot takes the screen's height below its top (`room`), within reason, and the page's large type. */
export function plotLook(large: boolean, room: number, typePx: number): PlotLook {
  return large
    ? { height: Math.round(Math.min(900, Math.max(260, room))), largeTypePx: Math.round(typePx) }
    : { height: PLOT_HEIGHT, largeTypePx: null };
}

/** Axis type for the back of a room, as large as the page's text, or the plot's own; the y axis is wider for "100". */
function axisType(typePx: number | null, axis: 'x' | 'y'): uPlot.Axis {
  if (typePx === null) return {};
  const tick = Math.round(typePx * 0.9);
  return {
    font: `${tick}px system-ui, sans-serif`,
    labelFont: `600 ${typePx}px system-ui, sans-serif`,
    labelSize: Math.round(typePx * 1.6),
    size: Math.round(tick * (axis === 'x' ? 2 : 3.4)),
  };
}

/** Accuracy axis: the data's range with some air, within 0..100 (the SVG export uses the same). */
function yRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  return accuracyRange(min, max);
}

/** About how many x ticks fit the plot's width. */
function xTickCount(u: uPlot): number {
  return Math.max(2, Math.floor(u.bbox.width / uPlot.pxRatio / X_TICK_SPACING_PX));
}

/** The x axis from 0 (time or a count never runs below it) to a round end, with evenly spaced round ticks. */
function xAxisScale(xAxis: XAxisKind): { scale: uPlot.Scale; axis: uPlot.Axis } {
  const minStep = xMinStep(xAxis);
  return {
    scale: { time: false, range: (u, _min, max) => [0, xAxisEnd(max, xTickCount(u), minStep)] },
    axis: {
      label: X_AXIS_LABELS[xAxis],
      splits: (u, _axis, min, max) => niceTicks(min, max, xTickCount(u), minStep),
      values: (_u, splits) => tickLabels(splits),
    },
  };
}

/** A dashed line at the target accuracy, so "time to target" can be read off the chart. */
function targetLine(target: () => number | null) {
  return (u: uPlot) => {
    const acc = target();
    if (acc === null) return;
    const y = Math.round(u.valToPos(acc * 100, 'y', true));
    if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#555';
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5 * uPlot.pxRatio;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.restore();
  };
}

export function plotOptions(
  chart: ChartData,
  xAxis: XAxisKind,
  width: number,
  target: () => number | null,
  hooks: uPlot.Hooks.Arrays,
  look: PlotLook,
): uPlot.Options {
  const series: uPlot.Series[] = [{ label: X_AXIS_LABELS[xAxis] }];
  const bands: uPlot.Band[] = [];
  const scale = look.largeTypePx === null ? 1 : 2;
  for (const row of chart.rows) {
    series[row.mean] = {
      label: row.label,
      stroke: row.colour,
      width: 2 * scale,
      ...(row.dotted ? { dash: [3 * scale, 3 * scale] } : {}),
      spanGaps: true,
      points: { show: true, size: 5 * scale },
    };
    if (row.band) {
      const edge: uPlot.Series = {
        label: row.label,
        stroke: 'transparent',
        width: 0,
        spanGaps: true,
        points: { show: false },
      };
      series[row.band[0]] = edge;
      series[row.band[1]] = { ...edge };
      bands.push({ series: row.band, fill: `${row.colour}33` });
    }
  }
  for (const mark of chart.marks) {
    // A lone marker, no line: large, in its row's colour, outlined so it stands out of the curve.
    series[mark.column] = {
      label: mark.label,
      stroke: '#222',
      width: 0,
      paths: () => null,
      points: { show: true, size: 11 * scale, width: 2 * scale, stroke: '#222', fill: mark.colour },
    };
  }
  const x = xAxisScale(xAxis);
  return {
    width,
    height: look.height,
    legend: { show: false },
    // A press on the plot drags the target line, so it does not zoom.
    cursor: { drag: { x: false, y: false, setScale: false } },
    scales: { x: x.scale, y: { range: yRange } },
    axes: [
      { ...x.axis, ...axisType(look.largeTypePx, 'x') },
      { label: 'Test accuracy (%)', ...axisType(look.largeTypePx, 'y') },
    ],
    series,
    bands,
    hooks: { ...hooks, draw: [targetLine(target), ...(hooks.draw ?? [])] },
  };
}

/** Rows, bands, x axis and look: if these stay the same, new data can go into the existing plot. */
export function shapeOf(chart: ChartData, xAxis: XAxisKind, look: PlotLook): string {
  return JSON.stringify([xAxis, look, chart.rows.map((r) => [r.label, r.band]), chart.marks.map((m) => m.column)]);
}

/** The plot's drawing area relative to the frame around it: where the cursor's and the line's coordinates start. */
export function overOffset(u: uPlot, frame: HTMLElement): { left: number; top: number } {
  const over = u.over.getBoundingClientRect();
  const outer = frame.getBoundingClientRect();
  return { left: over.left - outer.left, top: over.top - outer.top };
}
