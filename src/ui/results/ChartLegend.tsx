/**
 * The chart's legend: each row in its colour and where it reaches the target,
 * each part-way evaluation's marker, and the target line.
 */
import { For, Show } from 'solid-js';
import { formatPercent } from '../common/format';
import { formatX, type ChartData, type XAxisKind } from './chart-data';

interface ChartLegendProps {
  chart: ChartData;
  xAxis: XAxisKind;
  target: number | null;
  /** Per row label, the x where it first reaches the target, or null where it never does. */
  crossed: Map<string, number | null>;
  /** The line can be dragged: the legend says so. */
  draggable: boolean;
}

export function ChartLegend(props: ChartLegendProps) {
  const crossingText = (label: string) => {
    const target = props.target;
    if (target === null) return '';
    const at = props.crossed.get(label);
    return at === null || at === undefined
      ? `never reaches ${formatPercent(target)}`
      : `reaches ${formatPercent(target)} at ${formatX(at, props.xAxis)}`;
  };

  return (
    <ul class="legend" data-testid="chart-legend">
      <For each={props.chart.rows}>
        {(row) => (
          <li data-testid="legend-item">
            <span
              class="swatch"
              classList={{ dotted: row.dotted }}
              style={row.dotted ? { 'border-top-color': row.colour } : { background: row.colour }}
            />
            <span data-testid="legend-label">{row.label}</span>
            <Show when={crossingText(row.label)}>
              <span class="muted" data-testid="legend-crossing">
                {crossingText(row.label)}
              </span>
            </Show>
          </li>
        )}
      </For>
      <For each={props.chart.marks}>
        {(mark) => (
          <li data-testid="evaluation-mark">
            <span class="swatch mark" style={{ background: mark.colour }} />
            <span>
              {mark.label} evaluated after {mark.iteration + 1} distillation iterations: {formatPercent(mark.testAcc)}
            </span>
            <Show when={props.chart.rows.find((row) => row.label === mark.label)!.seeds > 1}>
              <span class="muted">(seed {mark.seed})</span>
            </Show>
          </li>
        )}
      </For>
      <Show when={props.target !== null}>
        <li class="muted">
          <span class="swatch dashed" />
          <span>target {formatPercent(props.target!)}</span>
          <Show when={props.draggable}>
            <span>(drag the line to move it)</span>
          </Show>
        </li>
      </Show>
    </ul>
  );
}
