/** The comparison table: one row per method row (label), aggregated over seeds. */
import { createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { crossArchLabels, crossArchText } from '../../core/results/cross-arch';
import { fairGainText, hardLabelShareText, hasFair } from '../../core/results/fair-text';
import { divergedText, noiseLine, notReachedText, overheadBreakdown, targetRuleText } from '../../core/results/summary';
import type { SummaryRow, TargetRule } from '../../core/results/types';
import { formatPercent, formatSeconds } from '../common/format';

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
    <td class="num detail" data-testid="overhead">
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

/** What the headline columns count to the target: wall-clock time (overhead and training) or optimizer steps (the same on every machine). */
type Headline = 'time' | 'steps';

/** "1.23" or, over several timings, "1.23 ± 0.10". */
function timeText(row: SummaryRow): string {
  const spread = row.timeToTargetMsStd ?? 0;
  return spread > 0
    ? `${formatSeconds(row.timeToTargetMs!)} ± ${formatSeconds(spread)}`
    : formatSeconds(row.timeToTargetMs!);
}

function toTargetText(row: SummaryRow, by: Headline): string {
  const value = by === 'time' ? row.timeToTargetMs : row.stepsToTarget;
  if (value === null || value === undefined) return notReachedText(row);
  return by === 'time' ? timeText(row) : value.toFixed(1);
}

function speedupText(row: SummaryRow, by: Headline): string {
  const speedup = by === 'time' ? row.speedupVsFull : row.speedupVsFullSteps;
  if (speedup === null || speedup === undefined) return '–';
  const spread = by === 'time' ? (row.speedupVsFullStd ?? 0) : 0;
  return spread > 0 ? `${speedup.toFixed(2)}× ± ${spread.toFixed(2)}` : `${speedup.toFixed(2)}×`;
}

/** "target 86.5%: …" as a sentence. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether the box is narrower than what it holds (it scrolls sideways), kept up to date as either is resized. */
function watchOverflow(box: HTMLElement, set: (overflows: boolean) => void): void {
  const check = () => set(box.scrollWidth > box.clientWidth + 1);
  const resized = new ResizeObserver(check);
  resized.observe(box);
  if (box.firstElementChild) resized.observe(box.firstElementChild);
  onCleanup(() => resized.disconnect());
}

export function ResultsTable(props: ResultsTableProps) {
  const [by, setBy] = createSignal<Headline>('time');
  const [overflows, setOverflows] = createSignal(false);
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
        <fieldset class="headline-choice" data-testid="headline-choice">
          <legend>Count the time to target in</legend>
          <label class="inline">
            <input
              type="radio"
              name="headline"
              value="time"
              data-testid="headline-time"
              checked={by() === 'time'}
              onChange={() => setBy('time')}
            />
            wall-clock seconds (overhead and training, on this machine)
          </label>
          <label class="inline">
            <input
              type="radio"
              name="headline"
              value="steps"
              data-testid="headline-steps"
              checked={by() === 'steps'}
              onChange={() => setBy('steps')}
            />
            optimizer steps (the same on every machine)
          </label>
        </fieldset>
        {/* On a narrow screen the table scrolls sideways: the hint says so, and a shadow marks the hidden side. */}
        <Show when={overflows()}>
          <p class="hint scroll-hint" data-testid="table-scroll-hint">
            More columns to the right: scroll the table sideways →
          </p>
        </Show>
        <div class="table-scroll" data-testid="table-scroll" ref={(box) => watchOverflow(box, setOverflows)}>
          <table class="results" data-testid="results-table">
            <thead>
              <tr>
                <th scope="col">Method</th>
                <th scope="col" class="num">
                  Final test accuracy
                </th>
                <th scope="col" class="num">
                  {by() === 'time' ? `Time to${targetText()} (s)` : `Steps to${targetText()}`}
                </th>
                <th scope="col" class="num">
                  {/* "Speed-up" in one piece: a header wraps between words, not at the hyphen. */}
                  <span class="nowrap">Speed-up</span> vs full ({by() === 'time' ? 'time' : 'steps'})
                </th>
                <th scope="col" class="num detail">
                  Overhead (s)
                </th>
                <th scope="col" class="num detail">
                  Train time (s)
                </th>
                <th scope="col" class="num detail">
                  Steps
                </th>
                <For each={crossArchLabels(props.rows())}>
                  {(label) => (
                    <th scope="col" class="num" data-testid="cross-arch-header">
                      Set on {label}
                    </th>
                  )}
                </For>
                <Show when={hasFair(props.rows())}>
                  <th
                    scope="col"
                    class="num"
                    title="Final accuracy less that of random real examples of the same count, trained the same way (with a full-data teacher's soft labels where the set learnt soft labels)"
                  >
                    Gain over matched random
                  </th>
                  <th
                    scope="col"
                    class="num"
                    title="The share of that gain the set keeps when it and the random examples train on hard labels (sets with soft labels)"
                  >
                    Gain kept with hard labels
                  </th>
                </Show>
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
                    <td
                      class="num"
                      data-testid="accuracy"
                      classList={{ diverged: row.diverged !== undefined || row.didNotLearn !== undefined }}
                      title={row.diverged?.first.message}
                    >
                      {divergedText(row) ?? accuracyText(row)}
                      <Show when={!row.diverged && row.didNotLearn}>
                        {(failed) => (
                          <span class="overhead-parts row-note" data-testid="did-not-learn">
                            did not learn{row.runs > 1 ? ` (${failed().runs} of ${row.runs} seeds)` : ''}:{' '}
                            {failed().reason}
                          </span>
                        )}
                      </Show>
                    </td>
                    <td class="num" data-testid="time-to-target">
                      {toTargetText(row, by())}
                    </td>
                    <td class="num" data-testid="speedup">
                      {speedupText(row, by())}
                    </td>
                    <OverheadCell row={row} />
                    <td class="num detail">{formatSeconds(row.trainMsMean)}</td>
                    <td class="num detail">{row.steps}</td>
                    <For each={crossArchLabels(props.rows())}>
                      {(label) => (
                        <td class="num" data-testid="cross-arch">
                          {crossArchText(row, label)}
                        </td>
                      )}
                    </For>
                    <Show when={hasFair(props.rows())}>
                      <td class="num" data-testid="fair-gain">
                        {fairGainText(row)}
                      </td>
                      <td class="num" data-testid="fair-hard-share">
                        {hardLabelShareText(row)}
                      </td>
                    </Show>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={props.targetAcc() !== null && props.targetRule()}>
          {(rule) => (
            <p class="muted target-rule" data-testid="target-rule">
              {sentence(targetRuleText(props.targetAcc()!, rule()))}.{' '}
              {by() === 'time'
                ? "Speed-up is full data's time to the target divided by the row's (± its spread seed by seed and repeat by repeat); times are interpolated between curve points."
                : "Speed-up is full data's steps to the target divided by the row's: the same on every machine and every click, but blind to a method's overhead."}
              <Show when={rule() === 'chart' && props.onResetTarget}>
                {' '}
                <button
                  type="button"
                  class="link-button"
                  data-testid="target-reset"
                  onClick={() => props.onResetTarget?.()}
                >
                  Back to the run's target
                </button>
              </Show>
            </p>
          )}
        </Show>
        <Show when={by() === 'time' && noiseLine(props.rows())}>
          {(line) => (
            <p class="muted" data-testid="noise-line">
              {line()}
            </p>
          )}
        </Show>
      </Show>
    </section>
  );
}
