/** The chart's points as a table ("Show data"): each row's mean accuracy at each x, for those who cannot read the plot. */
import { For } from 'solid-js';
import { formatX, rowPoints, X_AXIS_LABELS, type ChartData, type XAxisKind } from './chart-data';

export function ChartDataTable(props: { chart: ChartData; xAxis: XAxisKind }) {
  return (
    <div class="table-scroll">
      <table class="results chart-data" id="chart-data-table" data-testid="chart-data-table">
        <caption>
          The chart's points: each row's test accuracy (mean over seeds) by {X_AXIS_LABELS[props.xAxis].toLowerCase()}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col" class="num">
              {X_AXIS_LABELS[props.xAxis]}
            </th>
            <th scope="col" class="num">
              Test accuracy (%)
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.chart.rows}>
            {(row) => (
              <For each={rowPoints(props.chart, row)}>
                {(point) => (
                  <tr data-testid="chart-data-row">
                    <th scope="row">{row.label}</th>
                    <td class="num">{formatX(point.x, props.xAxis)}</td>
                    <td class="num">{point.acc.toFixed(1)}</td>
                  </tr>
                )}
              </For>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
