/**
 * What the last comparison took on the wall clock, under the chart: in
 * plain words first (how long in all, how much of it the training that the
 * chart and table count), then on request the breakdown (training,
 * evaluation and set-up, and which test examples the curve points were
 * measured on).
 */
import { Show } from 'solid-js';
import { evaluationText, wallTimeText } from '../../core/results/wall';
import type { EvaluationInfo, WallTime as Wall } from '../../core/results/types';
import { formatSeconds } from '../common/format';

export interface WallTiming {
  wall: Wall;
  evaluation: EvaluationInfo;
}

export function WallTime(props: { timing: () => WallTiming | null }) {
  return (
    <Show when={props.timing()}>
      {(timing) => (
        <div class="wall-time">
          <p data-testid="wall-summary">{summary(timing().wall)}</p>
          <details>
            <summary>Where the time went</summary>
            <p data-testid="wall-time">
              {wallTimeText(timing().wall)}. {capitalized(evaluationText(timing().evaluation))}.
            </p>
          </details>
        </div>
      )}
    </Show>
  );
}

/** "The comparison took 12.3 s in all. The chart and table count only the training, 8.10 s; …" */
function summary(wall: Wall): string {
  return (
    `The comparison took ${formatSeconds(wall.totalMs)} s in all. The chart and the table count only training, ` +
    `${formatSeconds(wall.trainingMs)} s over all runs; the rest went on measuring test accuracy for the curves ` +
    'and on getting ready (loading the data, starting the backend).'
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
