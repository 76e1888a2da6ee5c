/**
 * How each run's trained model does class by class: its test accuracy per
 * class and, for up to MATRIX_CLASSES classes, the confusion matrix (rows
 * the true class, columns the predicted one, each cell shaded by its share
 * of the row), with the most frequent mistakes in words. The engine counts
 * them at the run's last evaluation, on the whole test split, off the clock.
 */
import { createMemo, createSignal, For, Show } from 'solid-js';
import { classAccuracies, mostConfused } from '../../core/results/confusion';
import type { ConfusionMatrix } from '../../core/results/types';
import { ListSelect } from '../common/ListSelect';
import { formatPercent } from '../common/format';
import { chooseRun, pickKey } from '../picks/picks-data';
import type { RunClasses } from './experiment-state';

/** Wider matrices do not fit a panel; their classes' accuracies still show. */
const MATRIX_CLASSES = 20;

function mistakesLine(confusion: ConfusionMatrix): string {
  const top = mostConfused(confusion);
  if (top.length === 0) return 'No test example was misclassified.';
  return `Most frequent mistakes: ${top.map((m) => `${m.truth} read as ${m.predicted} (${m.count})`).join(', ')}.`;
}

function Matrix(props: { confusion: ConfusionMatrix }) {
  const rows = createMemo(() => classAccuracies(props.confusion));
  const matrix = () => props.confusion.classes.length <= MATRIX_CLASSES;
  return (
    <div class="table-scroll">
      <table class="results class-matrix" data-testid="class-matrix">
        <caption class="muted">
          {matrix()
            ? 'Rows: the true class; columns: the class the model predicted. A cell is shaded by its share of the row.'
            : `Each class's test accuracy (the matrix shows for up to ${MATRIX_CLASSES} classes).`}
        </caption>
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col" class="num">
              accuracy
            </th>
            <Show when={matrix()}>
              <For each={props.confusion.classes}>
                {(name) => (
                  <th scope="col" class="num">
                    {name}
                  </th>
                )}
              </For>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(row, t) => (
              <tr data-testid="class-row">
                <th scope="row">{row.name}</th>
                <td class="num">
                  {row.accuracy === null ? '–' : formatPercent(row.accuracy)} <span class="muted">of {row.count}</span>
                </td>
                <Show when={matrix()}>
                  <For each={props.confusion.counts[t()]}>
                    {(count, p) => {
                      const share = row.count === 0 ? 0 : count / row.count;
                      return (
                        <td
                          class="num cell"
                          classList={{ dark: share > 0.5, hit: p() === t(), zero: count === 0 }}
                          style={{ 'background-color': `rgb(11 99 196 / ${(share * 100).toFixed(0)}%)` }}
                          title={`${row.name} read as ${props.confusion.classes[p()]}: ${count} of ${row.count}`}
                        >
                          {count}
                        </td>
                      );
                    }}
                  </For>
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

export function ClassAccuracy(props: { runs: () => RunClasses[] }) {
  const [choice, setChoice] = createSignal<string | null>(null);
  const chosen = () => chooseRun(props.runs(), choice());
  return (
    <section class="panel" data-testid="class-accuracy">
      <header class="panel-header">
        <h2>Accuracy by class</h2>
        <Show when={chosen()}>
          {(run) => (
            <ListSelect
              aria-label="run to show by class"
              data-testid="class-accuracy-run"
              options={props.runs().map((option) => ({ value: pickKey(option), label: pickKey(option) }))}
              value={pickKey(run())}
              onChange={(e) => setChoice(e.currentTarget.value)}
            />
          )}
        </Show>
      </header>
      <Show
        when={chosen()}
        fallback={
          <p class="muted">After a run, its test accuracy class by class and the classes it confuses show here.</p>
        }
      >
        {(run) => (
          <>
            <p class="muted" data-testid="class-mistakes">
              {run().label}, seed {run().seed}, on the whole test split after training. {mistakesLine(run().confusion)}
            </p>
            <Matrix confusion={run().confusion} />
          </>
        )}
      </Show>
    </section>
  );
}
