/**
 * The live time-to-accuracy chart. Points stream in often, so redraws are
 * throttled; the plot is rebuilt only when its series change, otherwise its
 * data is swapped in place. The target is a dashed line that can be dragged
 * (or moved with the keys on its handle); the legend says where each row
 * reaches it. Hovering shows each row's value nearest the cursor, and "Show
 * data" lists every point as a table. The training loss is drawn under it,
 * on the same x axis.
 */
import { createEffect, createMemo, createSignal, For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import {
  buildChartData,
  chartSummary,
  crossings,
  seedsNote,
  X_AXIS_LABELS,
  type ChartData,
  type XAxisKind,
} from './chart-data';
import { ChartDataTable } from './ChartDataTable';
import { createKeyReading } from './chart-keys';
import { ChartLegend } from './ChartLegend';
import { plotLook, plotOptions, shapeOf } from './chart-plot';
import { attachDrag, handleTop, type Target } from './chart-target';
import { ChartTooltip, hoverAt, type Hover } from './ChartTooltip';
import type { RunCurve } from './experiment-state';
import { TargetHandle } from './TargetHandle';
import { trainingLossPlot } from './training-loss';
import { TRAINING_LOSS_BOX, TrainingLoss } from './TrainingLoss';

const REDRAW_INTERVAL_MS = 250;
/** Room left under a projector's plot for its x axis's label. */
const ROOM_MARGIN_PX = 16;

interface ChartProps extends Target {
  runs: () => readonly (RunCurve | undefined)[];
  /** Bumped whenever `runs` changed in place. */
  version: () => number;
  /** Large type, thick lines and a tall plot, for a projector (presentation mode). */
  large?: () => boolean;
  /** A kept comparison laid over the chart (its rows dotted): its name, and how to take it off. */
  overlay?: { name: () => string | null; remove: () => void };
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

export function Chart(props: ChartProps) {
  const [xAxis, setXAxis] = createSignal<XAxisKind>('time');
  const [chart, setChart] = createSignal<ChartData>({ rows: [], marks: [], columns: [[]] });
  const [hover, setHover] = createSignal<Hover | null>(null);
  /** The target handle's top in the plot frame (CSS px), or null when the line is off the plot. */
  const [handleAt, setHandleAt] = createSignal<number | null>(null);
  const [showData, setShowData] = createSignal(false);
  let frame!: HTMLDivElement;
  let container!: HTMLDivElement;
  let plot: uPlot | null = null;
  let plotShape = '';
  /** The screen's height below the plot's top on the page, with a margin: a projector's plot fills it. */
  const [room, setRoom] = createSignal(0);
  const look = createMemo(
    () => {
      const large = props.large?.() ?? false;
      // Read again with the room: the page's type follows the screen's width, as the room does.
      const typePx = large ? Number.parseFloat(getComputedStyle(document.documentElement).fontSize) : 0;
      return plotLook(large, room(), typePx);
    },
    undefined,
    { equals: (a, b) => a.height === b.height && a.largeTypePx === b.largeTypePx },
  );
  const keys = createKeyReading({ chart, xAxis, plot: () => plot, hover, setHover });

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

  // Drawn with the chart, on its throttle.
  const lossPlot = createMemo(() => {
    chart();
    return trainingLossPlot(props.runs(), xAxis(), TRAINING_LOSS_BOX);
  });

  const crossed = createMemo(() => {
    chart();
    const target = props.targetAcc();
    return target === null ? new Map<string, number | null>() : crossings(props.runs(), target, xAxis());
  });

  createEffect(() => {
    const data = chart();
    const axis = xAxis();
    const shape = shapeOf(data, axis, look());
    if (plot && shape === plotShape) {
      plot.setData(data.columns as uPlot.AlignedData);
      return;
    }
    plot?.destroy();
    setHover(null);
    plot = new uPlot(
      plotOptions(
        data,
        axis,
        container.clientWidth,
        props.targetAcc,
        {
          draw: [(u) => setHandleAt(handleTop(u, props.targetAcc(), frame))],
          setCursor: [(u) => setHover(hoverAt(u, chart(), frame))],
        },
        look(),
      ),
      data.columns as uPlot.AlignedData,
      container,
    );
    attachDrag(plot, props);
    plot.over.addEventListener('pointermove', keys.release);
    plot.over.addEventListener('mouseleave', () => setHover(null));
    plotShape = shape;
  });

  // A new target redraws the line (and its handle) without rebuilding the paths.
  createEffect(() => {
    props.targetAcc();
    plot?.redraw(false, false);
  });

  onMount(() => {
    const resize = new ResizeObserver(() => plot?.setSize({ width: container.clientWidth, height: look().height }));
    resize.observe(container);
    // A projector's plot follows the screen (a window resized, full screen entered) and what sits above it.
    // Only a projector's plot sizes itself by the page: elsewhere no layout is read as the page grows during a run.
    const measure = () => {
      if (!props.large?.()) return;
      setRoom(window.innerHeight - (container.getBoundingClientRect().top + window.scrollY) - ROOM_MARGIN_PX);
    };
    const page = new ResizeObserver(measure);
    page.observe(document.body);
    window.addEventListener('resize', measure);
    onCleanup(() => {
      resize.disconnect();
      page.disconnect();
      window.removeEventListener('resize', measure);
    });
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
      <Show when={props.overlay?.name()}>
        {(name) => (
          <p class="muted overlay-note" data-testid="overlay-note">
            Dotted: {name()}, a kept comparison laid over this one.{' '}
            <button
              type="button"
              class="link-button"
              data-testid="overlay-remove"
              onClick={() => props.overlay?.remove()}
            >
              Remove
            </button>
          </p>
        )}
      </Show>
      <div class="plot-frame" ref={frame}>
        <div
          class="plot"
          ref={container}
          role="img"
          tabindex="0"
          aria-label={chartSummary(chart(), xAxis(), props.targetAcc(), crossed())}
          aria-describedby="chart-keys-hint"
          id="chart-plot"
          data-testid="chart-plot"
          onKeyDown={keys.onKeyDown}
          onBlur={keys.onBlur}
        />
        <p id="chart-keys-hint" class="visually-hidden">
          Focused, the left and right arrow keys read the chart's values point by point; Home and End go to the first
          and last.
        </p>
        <p class="visually-hidden" aria-live="polite" data-testid="chart-reading">
          {keys.text()}
        </p>
        <TargetHandle target={props} top={handleAt()} plot={() => plot} />
        <ChartTooltip hover={hover()} xAxis={xAxis()} frame={frame} />
      </div>
      <Show
        when={chart().rows.length > 0}
        fallback={<p class="muted">Curves appear here while the comparison runs.</p>}
      >
        <Show when={seedsNote(chart().rows)}>
          {(note) => (
            <p class="muted seeds-note" data-testid="seeds-note">
              {note()}
            </p>
          )}
        </Show>
        <ChartLegend
          chart={chart()}
          xAxis={xAxis()}
          target={props.targetAcc()}
          crossed={crossed()}
          draggable={props.onTarget !== undefined}
        />
        <TrainingLoss plot={lossPlot()} xAxis={xAxis()} />
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
          <ChartDataTable chart={chart()} xAxis={xAxis()} />
        </Show>
      </Show>
    </section>
  );
}
