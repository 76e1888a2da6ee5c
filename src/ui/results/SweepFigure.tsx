/**
 * A budget sweep's figure (the papers' central one): accuracy against the
 * budget on a log axis, and time to target against it, a line per method
 * in the chart's colours with a band of ± its spread over seeds, full data
 * as a level line, matched-random controls dashed. Its numbers are below
 * it as a table. Nothing shows unless the rows hold two budgets or more.
 */
import { createMemo, For, Show } from 'solid-js';
import { sweepTable, sweepView } from '../../core/results/sweep';
import type { SummaryRow } from '../../core/results/types';
import { budgetsText } from './export-files';
import { SWEEP_SIZE, sweepPlot, type SweepPanel } from './sweep-plot';

const GREY = '#777';

function Panel(props: {
  panel: SweepPanel;
  xTicks: { x: number; label: string }[];
  colourOf: (key: string) => string;
  testId: string;
}) {
  const box = () => props.panel.box;
  const bottom = () => box().top + box().height;
  const right = () => box().left + box().width;
  return (
    <g data-testid={props.testId}>
      <line class="axis" x1={box().left} x2={box().left} y1={box().top} y2={bottom()} />
      <line class="axis" x1={box().left} x2={right()} y1={bottom()} y2={bottom()} />
      <For each={props.panel.yTicks}>
        {(tick) => (
          <>
            <line class="grid" x1={box().left} x2={right()} y1={tick.y} y2={tick.y} />
            <text x={box().left - 4} y={tick.y + 4} text-anchor="end">
              {tick.label}
            </text>
          </>
        )}
      </For>
      <For each={props.xTicks}>
        {(tick) => (
          <text x={tick.x} y={bottom() + 14} text-anchor="middle">
            {tick.label}
          </text>
        )}
      </For>
      <text class="axis-name" x={box().left} y={box().top - 2}>
        {props.panel.title}
      </text>
      <For each={props.panel.references}>
        {(ref) => (
          <>
            <line class="reference" data-testid="sweep-reference" x1={box().left} x2={right()} y1={ref.y} y2={ref.y} />
            <text x={right() + 4} y={ref.labelY + 4}>
              {ref.name}
            </text>
          </>
        )}
      </For>
      <For each={props.panel.lines}>
        {(line) => (
          <g
            data-testid="sweep-line"
            data-name={line.name}
            style={{ color: line.control ? GREY : props.colourOf(line.colourKey) }}
          >
            <Show when={line.band.length > 0}>
              <polygon class="band" points={line.band.map((p) => p.join(',')).join(' ')} />
            </Show>
            <polyline
              class={line.control ? 'mean control' : 'mean'}
              points={line.points.map((p) => p.join(',')).join(' ')}
            />
            <For each={line.points}>{([x, y]) => <circle data-testid="sweep-point" cx={x} cy={y} r={3} />}</For>
            <text x={right() + 4} y={line.labelY + 4}>
              {line.name}
            </text>
          </g>
        )}
      </For>
    </g>
  );
}

export function SweepFigure(props: {
  rows: () => readonly SummaryRow[];
  colourOf: (label: string) => string | undefined;
}) {
  const view = createMemo(() => sweepView(props.rows()));
  return (
    <Show when={view()}>
      {(shown) => {
        const plot = createMemo(() => sweepPlot(shown()));
        const table = createMemo(() => sweepTable(shown()));
        const budgets = () =>
          budgetsText(shown().budgets.map((b) => (shown().kind === 'ipc' ? { ipc: b } : { fraction: b })));
        return (
          <figure class="sweep-figure" data-testid="sweep-figure">
            <svg
              viewBox={`0 0 ${SWEEP_SIZE.width} ${2 * SWEEP_SIZE.panelHeight}`}
              role="img"
              aria-label={`Accuracy and time to target against the budget (log scale), ${budgets()}, for ${shown()
                .lines.map((line) => line.name)
                .join(', ')}.`}
            >
              <Panel
                panel={plot().accuracy}
                xTicks={plot().xTicks}
                colourOf={(key) => props.colourOf(key) ?? GREY}
                testId="sweep-accuracy"
              />
              <Panel
                panel={plot().time}
                xTicks={plot().xTicks}
                colourOf={(key) => props.colourOf(key) ?? GREY}
                testId="sweep-time"
              />
            </svg>
            <figcaption class="muted">
              Against the budget ({budgets()}, log scale): each line's band is ± its spread over seeds; full data takes
              no budget and is drawn level; a dashed grey line is a method's matched random control.
            </figcaption>
            <details>
              <summary>The figure's numbers</summary>
              <table class="sweep-table" data-testid="sweep-table">
                <thead>
                  <tr>
                    <For each={table()[0]}>{(cell) => <th scope="col">{cell}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={table().slice(1)}>
                    {(row) => (
                      <tr>
                        <For each={row}>{(cell) => <td>{cell}</td>}</For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </details>
          </figure>
        );
      }}
    </Show>
  );
}
