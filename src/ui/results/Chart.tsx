/**
 * The live time-to-accuracy chart. Points stream in often, so redraws are
 * throttled; the plot is rebuilt only when its series change, otherwise its
 * data is swapped in place. The target is a dashed line that can be dragged
 * (or moved with the keys on its handle); the legend says where each row
 * reaches it. Hovering shows each row's value nearest the cursor, and "Show
 * data" lists every point as a table.
 */
import { createEffect, createMemo, createSignal, For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import {
  buildChartData,
  chartSummary,
  crossings,
  formatX,
  rowPoints,
  seedsNote,
  valuesNear,
  X_AXIS_LABELS,
  type ChartData,
  type RowPoint,
  type XAxisKind,
} from './chart-data';
import type { RunCurve } from './experiment-state';
import { formatPercent } from '../common/format';

const REDRAW_INTERVAL_MS = 250;
const PLOT_HEIGHT = 320;
/** How near the target line (CSS px) a press starts dragging it. */
const GRAB_PX = 6;

interface ChartProps {
  runs: () => readonly (RunCurve | undefined)[];
  /** Bumped whenever `runs` changed in place. */
  version: () => number;
  targetAcc: () => number | null;
  /** Sets the target (0..1), dragged on the chart or moved with the keys; without it the line stays put. */
  onTarget?: (acc: number) => void;
  /** Buttons that save the chart, given what it shows; under the legend. */
  exports?: (chart: ChartOnShow) => JSX.Element;
}

/** What the chart shows, for its exports: its data and axis, the target, and the plot's canvas once drawn. */
export interface ChartOnShow {
  data: () => ChartData;
  xAxis: () => XAxisKind;
  target: () => number | null;
  canvas: () => HTMLCanvasElement | undefined;
}

/** Accuracy axis: the data's range with some air, within 0..100. */
function accuracyRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null) return [0, 100];
  return [Math.max(0, Math.floor((min - 5) / 5) * 5), Math.min(100, Math.ceil((max + 2) / 5) * 5)];
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

function plotOptions(
  chart: ChartData,
  xAxis: XAxisKind,
  width: number,
  target: () => number | null,
  hooks: uPlot.Hooks.Arrays,
): uPlot.Options {
  const series: uPlot.Series[] = [{ label: X_AXIS_LABELS[xAxis] }];
  const bands: uPlot.Band[] = [];
  for (const row of chart.rows) {
    series[row.mean] = { label: row.label, stroke: row.colour, width: 2, spanGaps: true, points: { show: true, size: 5 } };
    if (row.band) {
      const edge: uPlot.Series = { label: row.label, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } };
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
      points: { show: true, size: 11, width: 2, stroke: '#222', fill: mark.colour },
    };
  }
  return {
    width,
    height: PLOT_HEIGHT,
    legend: { show: false },
    // A press on the plot drags the target line, so it does not zoom.
    cursor: { drag: { x: false, y: false, setScale: false } },
    scales: { x: { time: false }, y: { range: accuracyRange } },
    axes: [{ label: X_AXIS_LABELS[xAxis] }, { label: 'Test accuracy (%)' }],
    series,
    bands,
    hooks: { ...hooks, draw: [targetLine(target), ...(hooks.draw ?? [])] },
  };
}

/** Rows, bands and x axis: if these stay the same, new data can go into the existing plot. */
function shapeOf(chart: ChartData, xAxis: XAxisKind): string {
  return JSON.stringify([xAxis, chart.rows.map((r) => [r.label, r.band]), chart.marks.map((m) => m.column)]);
}

interface Hover {
  /** The cursor, in the plot frame's CSS px. */
  left: number;
  top: number;
  /** In the frame's right half the tooltip opens to the cursor's left, so that it stays on the plot. */
  leftward: boolean;
  x: number;
  values: (RowPoint & { label: string; colour: string })[];
}

export function Chart(props: ChartProps) {
  const [xAxis, setXAxis] = createSignal<XAxisKind>('time');
  const [chart, setChart] = createSignal<ChartData>({ rows: [], marks: [], columns: [[]] });
  const [hover, setHover] = createSignal<Hover | null>(null);
  /** The x column the keyboard reads (arrow keys on the focused plot), or null while the pointer reads. */
  const [keyColumn, setKeyColumn] = createSignal<number | null>(null);
  /** The target handle's top in the plot frame (CSS px), or null when the line is off the plot. */
  const [handleTop, setHandleTop] = createSignal<number | null>(null);
  const [showData, setShowData] = createSignal(false);
  let frame!: HTMLDivElement;
  let container!: HTMLDivElement;
  let plot: uPlot | null = null;
  let plotShape = '';

  // Throttle: recompute at most every REDRAW_INTERVAL_MS, always ending on the latest data.
  let pending: ReturnType<typeof setTimeout> | null = null;
  let lastDrawAt = 0;
  const draw = () => {
    pending = null;
    lastDrawAt = performance.now();
    setChart(buildChartData(props.runs(), xAxis()));
  };
  createEffect(() => {
    props.version();
    props.runs();
    xAxis();
    if (pending !== null) return;
    pending = setTimeout(draw, Math.max(0, lastDrawAt + REDRAW_INTERVAL_MS - performance.now()));
  });

  const crossed = createMemo(() => {
    chart();
    const target = props.targetAcc();
    return target === null ? new Map<string, number | null>() : crossings(props.runs(), target, xAxis());
  });

  /** The plot's drawing area relative to the frame: where the cursor's and the line's coordinates start. */
  const overOffset = (u: uPlot) => {
    const over = u.over.getBoundingClientRect();
    const outer = frame.getBoundingClientRect();
    return { left: over.left - outer.left, top: over.top - outer.top };
  };

  const placeHandle = (u: uPlot) => {
    const acc = props.targetAcc();
    if (acc === null) return setHandleTop(null);
    const y = u.valToPos(acc * 100, 'y');
    setHandleTop(y < 0 || y > u.over.clientHeight ? null : overOffset(u).top + y);
  };

  const showHover = (u: uPlot) => {
    const { left, top } = u.cursor;
    if (left === undefined || top === undefined || left < 0 || top < 0) return setHover(null);
    const x = u.posToVal(left, 'x');
    const values = valuesNear(chart(), x);
    if (values.length === 0) return setHover(null);
    const offset = overOffset(u);
    const at = offset.left + left;
    setHover({ left: at, top: offset.top + top, leftward: at > frame.clientWidth / 2, x, values });
  };

  /** The accuracy (0..1) at a pointer's height over the plot, within the axis. */
  const accAt = (u: uPlot, clientY: number) => {
    const y = clientY - u.over.getBoundingClientRect().top;
    const percent = u.posToVal(y, 'y');
    const min = u.scales.y.min ?? 0;
    const max = u.scales.y.max ?? 100;
    return Math.min(max, Math.max(min, percent)) / 100;
  };

  const nearLine = (u: uPlot, clientY: number) => {
    const acc = props.targetAcc();
    if (acc === null) return false;
    return Math.abs(clientY - u.over.getBoundingClientRect().top - u.valToPos(acc * 100, 'y')) <= GRAB_PX;
  };

  /** Drags the target with the pointer from a press on the line or its handle until release. */
  const startDrag = (event: PointerEvent, u: uPlot) => {
    if (!props.onTarget || event.button !== 0) return;
    event.preventDefault();
    const move = (e: PointerEvent) => props.onTarget?.(accAt(u, e.clientY));
    const end = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    move(event);
  };

  /** The pointer on the plot: a press near the line grabs it; near it, the cursor says it can be dragged. */
  const attachDrag = (u: uPlot) => {
    u.over.addEventListener('pointerdown', (event) => {
      if (nearLine(u, event.clientY)) startDrag(event, u);
    });
    u.over.addEventListener('pointermove', (event) => {
      // The pointer reads now, not the keyboard.
      setKeyColumn(null);
      u.over.style.cursor = props.onTarget && nearLine(u, event.clientY) ? 'ns-resize' : '';
    });
  };

  createEffect(() => {
    const data = chart();
    const axis = xAxis();
    const shape = shapeOf(data, axis);
    if (plot && shape === plotShape) {
      plot.setData(data.columns as uPlot.AlignedData);
      return;
    }
    plot?.destroy();
    setHover(null);
    plot = new uPlot(
      plotOptions(data, axis, container.clientWidth, props.targetAcc, {
        draw: [placeHandle],
        setCursor: [showHover],
      }),
      data.columns as uPlot.AlignedData,
      container,
    );
    attachDrag(plot);
    plot.over.addEventListener('mouseleave', () => setHover(null));
    plotShape = shape;
  });

  // A new target redraws the line (and its handle) without rebuilding the paths.
  createEffect(() => {
    props.targetAcc();
    plot?.redraw(false, false);
  });

  /** Puts the cursor on x column `index`, at the first row's value there: the hook shows its values as hovering does. */
  const readColumn = (index: number) => {
    const xs = chart().columns[0] as number[];
    if (!plot || xs.length === 0) return;
    const column = Math.min(xs.length - 1, Math.max(0, index));
    const x = xs[column];
    const first = valuesNear(chart(), x)[0];
    setKeyColumn(column);
    plot.setCursor({ left: plot.valToPos(x, 'x'), top: plot.valToPos(first?.acc ?? 0, 'y') });
  };

  /** The plot read from the keyboard: left and right step through its points, Home and End jump, Escape stops. */
  const readKeys = (event: KeyboardEvent) => {
    const count = (chart().columns[0] as number[]).length;
    const at = keyColumn();
    if (event.key === 'Escape') {
      setKeyColumn(null);
      setHover(null);
      return;
    }
    const next = { ArrowRight: (at ?? -1) + 1, ArrowLeft: (at ?? count) - 1, Home: 0, End: count - 1 }[event.key];
    if (next === undefined || count === 0) return;
    event.preventDefault();
    readColumn(next);
  };
  const stopReading = () => {
    if (keyColumn() === null) return;
    setKeyColumn(null);
    setHover(null);
  };

  /** What the keyboard's point says, for screen readers (the tooltip itself is hidden from them). */
  const readText = () => {
    const shown = hover();
    if (keyColumn() === null || !shown) return '';
    return shown.values.map((value) => `${value.label}: ${value.acc.toFixed(1)}% at ${formatX(value.x, xAxis())}`).join('; ');
  };

  const nudge = (event: KeyboardEvent) => {
    const acc = props.targetAcc();
    if (acc === null || !props.onTarget) return;
    const step = { ArrowUp: 0.1, ArrowRight: 0.1, ArrowDown: -0.1, ArrowLeft: -0.1, PageUp: 1, PageDown: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    props.onTarget(Math.min(100, Math.max(0, Math.round(acc * 1000 + step * 10) / 10)) / 100);
  };

  onMount(() => {
    const resize = new ResizeObserver(() => plot?.setSize({ width: container.clientWidth, height: PLOT_HEIGHT }));
    resize.observe(container);
    onCleanup(() => resize.disconnect());
  });
  onCleanup(() => {
    if (pending !== null) clearTimeout(pending);
    plot?.destroy();
  });

  const crossingText = (label: string) => {
    const target = props.targetAcc();
    if (target === null) return '';
    const at = crossed().get(label);
    return at === null || at === undefined
      ? `never reaches ${formatPercent(target)}`
      : `reaches ${formatPercent(target)} at ${formatX(at, xAxis())}`;
  };

  return (
    <section class="panel chart-panel" data-testid="chart">
      <header class="panel-header">
        <h2>Time to accuracy</h2>
        <div class="segmented" role="radiogroup" aria-label="x axis">
          <For each={Object.keys(X_AXIS_LABELS) as XAxisKind[]}>
            {(kind) => (
              <button
                type="button"
                role="radio"
                aria-checked={xAxis() === kind}
                classList={{ active: xAxis() === kind }}
                onClick={() => setXAxis(kind)}
              >
                {X_AXIS_LABELS[kind]}
              </button>
            )}
          </For>
        </div>
      </header>
      <div class="plot-frame" ref={frame}>
        <div
          class="plot"
          ref={container}
          role="img"
          tabindex="0"
          aria-label={chartSummary(chart(), xAxis(), props.targetAcc(), crossed())}
          aria-describedby="chart-keys-hint"
          data-testid="chart-plot"
          onKeyDown={readKeys}
          onBlur={stopReading}
        />
        <p id="chart-keys-hint" class="visually-hidden">
          Focused, the left and right arrow keys read the chart's values point by point; Home and End go to the first and last.
        </p>
        <p class="visually-hidden" aria-live="polite" data-testid="chart-reading">
          {readText()}
        </p>
        <Show when={props.onTarget && handleTop() !== null && props.targetAcc() !== null}>
          {/* biome-ignore lint/a11y/useFocusableInteractive: it has tabindex="0"; the rule does not see Solid's lowercase attribute */}
          <div
            class="target-handle"
            role="slider"
            tabindex="0"
            aria-label="Target accuracy"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Number((props.targetAcc()! * 100).toFixed(1))}
            aria-valuetext={`target ${formatPercent(props.targetAcc()!)}`}
            title="Drag, or use the arrow keys, to move the target"
            data-testid="target-handle"
            style={{ top: `${handleTop()}px` }}
            onPointerDown={(event) => plot && startDrag(event, plot)}
            onKeyDown={nudge}
          >
            {formatPercent(props.targetAcc()!)}
          </div>
        </Show>
        <Show when={hover()}>
          {(shown) => (
            <div
              class="chart-tooltip"
              data-testid="chart-tooltip"
              aria-hidden="true"
              style={
                shown().leftward
                  ? { right: `${frame.clientWidth - shown().left + 12}px`, top: `${shown().top + 12}px` }
                  : { left: `${shown().left + 12}px`, top: `${shown().top + 12}px` }
              }
            >
              <For each={shown().values}>
                {(value) => (
                  <div>
                    <span class="swatch" style={{ background: value.colour }} />
                    {value.label}: {value.acc.toFixed(1)}% at {formatX(value.x, xAxis())}
                  </div>
                )}
              </For>
            </div>
          )}
        </Show>
      </div>
      <Show when={chart().rows.length > 0} fallback={<p class="muted">Curves appear here while the comparison runs.</p>}>
        <Show when={seedsNote(chart().rows)}>
          {(note) => (
            <p class="muted seeds-note" data-testid="seeds-note">
              {note()}
            </p>
          )}
        </Show>
        <ul class="legend" data-testid="chart-legend">
          <For each={chart().rows}>
            {(row) => (
              <li data-testid="legend-item">
                <span class="swatch" style={{ background: row.colour }} />
                <span data-testid="legend-label">{row.label}</span>
                <Show when={crossingText(row.label)}>
                  <span class="muted" data-testid="legend-crossing">
                    {crossingText(row.label)}
                  </span>
                </Show>
              </li>
            )}
          </For>
          <For each={chart().marks}>
            {(mark) => (
              <li data-testid="evaluation-mark">
                <span class="swatch mark" style={{ background: mark.colour }} />
                <span>
                  {mark.label} evaluated after {mark.iteration + 1} distillation iterations: {formatPercent(mark.testAcc)}
                </span>
                <Show when={chart().rows.find((row) => row.label === mark.label)!.seeds > 1}>
                  <span class="muted">(seed {mark.seed})</span>
                </Show>
              </li>
            )}
          </For>
          <Show when={props.targetAcc() !== null}>
            <li class="muted">
              <span class="swatch dashed" />
              <span>target {formatPercent(props.targetAcc()!)}</span>
              <Show when={props.onTarget}>
                <span>(drag the line to move it)</span>
              </Show>
            </li>
          </Show>
        </ul>
        <button
          type="button"
          class="link-button"
          aria-expanded={showData()}
          aria-controls="chart-data-table"
          data-testid="chart-data-toggle"
          onClick={() => setShowData(!showData())}
        >
          {showData() ? 'Hide data' : 'Show data'}
        </button>
        {props.exports?.({ data: chart, xAxis, target: props.targetAcc, canvas: () => plot?.ctx.canvas })}
        <Show when={showData()}>
          <div class="table-scroll">
            <table class="results chart-data" id="chart-data-table" data-testid="chart-data-table">
              <caption>The chart's points: each row's test accuracy (mean over seeds) by {X_AXIS_LABELS[xAxis()].toLowerCase()}.</caption>
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col" class="num">
                    {X_AXIS_LABELS[xAxis()]}
                  </th>
                  <th scope="col" class="num">
                    Test accuracy (%)
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={chart().rows}>
                  {(row) => (
                    <For each={rowPoints(chart(), row)}>
                      {(point) => (
                        <tr data-testid="chart-data-row">
                          <th scope="row">{row.label}</th>
                          <td class="num">{formatX(point.x, xAxis())}</td>
                          <td class="num">{point.acc.toFixed(1)}</td>
                        </tr>
                      )}
                    </For>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
    </section>
  );
}
