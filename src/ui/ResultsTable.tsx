/** The comparison table: one row per method row (label), aggregated over seeds. */
import { For, Show, type JSX } from 'solid-js';
import { divergedText, overheadBreakdown, targetRuleText } from '../engine/experiment/summary';
import type { SummaryRow, TargetRule } from '../engine/experiment/types';
import { formatPercent, formatSeconds } from './format';

interface ResultsTableProps {
  rows: () => SummaryRow[];
  targetAcc: () => number | null;
  /** How the target was chosen: 'chart' where the user dragged it there. */
  targetRule: () => TargetRule | 'chart' | null;
  /** Goes back from a target set on the chart to the run's own. */
  onResetTarget?: () => void;
  /** The row's colour in the chart. */
  colourOf: (label: string) => string | undefined;
  /** Buttons beside the heading (the exports). */
  actions?: JSX.Element;
}

function accuracyText(row: SummaryRow): string {
  const mean = formatPercent(row.finalTestAccMean);
  return row.runs > 1 ? `${mean} ± ${(row.finalTestAccStd * 100).toFixed(1)}` : mean;
}

/** The overhead and, under it, its parts and any work reused off the clock. */
function OverheadCell(props: { row: SummaryRow }) {
  const breakdown = () => overheadBreakdown(props.row, formatSeconds);
  return (
    <td class="num" data-testid="overhead">
      {formatSeconds(props.row.overheadMsMean)}
      <Show when={breakdown().charged}>
        <span class="overhead-parts" data-testid="overhead-parts">
          {breakdown().charged}
        </span>
      </Show>
      <Show when={breakdown().reused}>
        <span class="overhead-parts" data-testid="overhead-reused">
          {breakdown().reused}
        </span>
      </Show>
    </td>
  );
}

/** "target 86.5%: …" as a sentence. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function ResultsTable(props: ResultsTableProps) {
  const targetText = () => {
    const target = props.targetAcc();
    return target === null ? '' : ` ${formatPercent(target)}`;
  };
  return (
    // The section is "results" from the start, before any run; the table is "results-table".
    <section class="panel" data-testid="results" aria-labelledby="results-heading">
      <header class="panel-header">
        <h2 id="results-heading">Results</h2>
        {props.actions}
      </header>
      <Show when={props.rows().length > 0} fallback={<p class="muted">No results yet: press Run.</p>}>
        <div class="table-scroll">
          <table class="results" data-testid="results-table">
            <thead>
              <tr>
                <th scope="col">Method</th>
                <th scope="col" class="num">Final test accuracy</th>
                <th scope="col" class="num">Time to{targetText()} (s)</th>
                <th scope="col" class="num">Speed-up vs full</th>
                <th scope="col" class="num">Overhead (s)</th>
                <th scope="col" class="num">Train time (s)</th>
                <th scope="col" class="num">Steps</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.rows()}>
                {(row) => (
                  <tr data-testid="result-row" data-method={row.method}>
                    <th scope="row">
                      <span class="swatch" style={{ background: props.colourOf(row.label) ?? 'transparent' }} />
                      {row.label}
                      <Show when={row.runs > 1}>
                        <span class="muted"> ×{row.runs}</span>
                      </Show>
                    </th>
                    <td class="num" data-testid="accuracy" classList={{ diverged: row.diverged !== undefined }} title={row.diverged?.first.message}>
                      {divergedText(row) ?? accuracyText(row)}
                    </td>
                    <td class="num" data-testid="time-to-target">
                      {row.diverged ? '–' : row.timeToTargetMs === null ? 'not reached' : formatSeconds(row.timeToTargetMs)}
                    </td>
                    <td class="num" data-testid="speedup">
                      {row.speedupVsFull === null ? '–' : `${row.speedupVsFull.toFixed(2)}×`}
                    </td>
                    <OverheadCell row={row} />
                    <td class="num">{formatSeconds(row.trainMsMean)}</td>
                    <td class="num">{row.steps}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={props.targetAcc() !== null && props.targetRule()}>
          {(rule) => (
            <p class="muted target-rule" data-testid="target-rule">
              {sentence(targetRuleText(props.targetAcc()!, rule()))}. Speed-up is full data's time to the target divided by the row's.
              <Show when={rule() === 'chart' && props.onResetTarget}>
                {' '}
                <button type="button" class="link-button" data-testid="target-reset" onClick={() => props.onResetTarget?.()}>
                  Back to the run's target
                </button>
              </Show>
            </p>
          )}
        </Show>
      </Show>
    </section>
  );
}
