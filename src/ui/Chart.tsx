/**
 * The live time-to-accuracy chart. Points stream in often, so redraws are
 * throttled; the plot is rebuilt only when its series change, otherwise its
 * data is swapped in place.
 */
import { createEffect, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { buildChartData, X_AXIS_LABELS, type ChartData, type XAxisKind } from './chart-data';
import type { RunCurve } from './experiment-state';
import { formatPercent } from './format';

const REDRAW_INTERVAL_MS = 250;
const PLOT_HEIGHT = 320;

interface ChartProps {
  runs: () => readonly (RunCurve | undefined)[];
  /** Bumped whenever `runs` changed in place. */
  version: () => number;
  targetAcc: () => number | null;
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
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.restore();
  };
}

function plotOptions(chart: ChartData, xAxis: XAxisKind, width: number, target: () => number | null): uPlot.Options {
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
    series[mark.column] = { label: mark.label, stroke: '#222', width: 0, paths: () => null, points: { show: true, size: 11, width: 2, stroke: '#222', fill: mark.colour } };
  }
  return {
    width,
    height: PLOT_HEIGHT,
    legend: { show: false },
    scales: { x: { time: false }, y: { range: accuracyRange } },
    axes: [{ label: X_AXIS_LABELS[xAxis] }, { label: 'Test accuracy (%)' }],
    series,
    bands,
    hooks: { draw: [targetLine(target)] },
  };
}

/** Rows, bands and x axis: if these stay the same, new data can go into the existing plot. */
function shapeOf(chart: ChartData, xAxis: XAxisKind): string {
  return JSON.stringify([xAxis, chart.rows.map((r) => [r.label, r.band]), chart.marks.map((m) => m.column)]);
}

export function Chart(props: ChartProps) {
  const [xAxis, setXAxis] = createSignal<XAxisKind>('time');
  const [chart, setChart] = createSignal<ChartData>({ rows: [], marks: [], columns: [[]] });
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

  createEffect(() => {
    const data = chart();
    const axis = xAxis();
    props.targetAcc();
    const shape = shapeOf(data, axis);
    if (plot && shape === plotShape) {
      plot.setData(data.columns as uPlot.AlignedData);
      return;
    }
    plot?.destroy();
    plot = new uPlot(plotOptions(data, axis, container.clientWidth, props.targetAcc), data.columns as uPlot.AlignedData, container);
    plotShape = shape;
  });

  onMount(() => {
    const resize = new ResizeObserver(() => plot?.setSize({ width: container.clientWidth, height: PLOT_HEIGHT }));
    resize.observe(container);
    onCleanup(() => resize.disconnect());
  });
  onCleanup(() => {
    if (pending !== null) clearTimeout(pending);
    plot?.destroy();
  });

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
      <div class="plot" ref={container} />
      <Show when={chart().rows.length > 0} fallback={<p class="muted">Curves appear here while the comparison runs.</p>}>
        <ul class="legend" data-testid="chart-legend">
          <For each={chart().rows}>
            {(row) => (
              <li data-testid="legend-item">
                <span class="swatch" style={{ background: row.colour }} />
                <span>{row.label}</span>
                <Show when={row.seeds > 1}>
                  <span class="muted">(mean of {row.seeds} seeds, band min–max)</span>
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
            </li>
          </Show>
        </ul>
      </Show>
    </section>
  );
}
