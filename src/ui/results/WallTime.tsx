/**
 * What the last comparison took on the wall clock, beside the runs' clocks:
 * training, evaluation and set-up, and which test examples the curve points
 * were measured on. A line of its own under the status line.
 */
import { Show } from 'solid-js';
import { evaluationText, wallTimeText } from '../../core/results/wall';
import type { EvaluationInfo, WallTime as Wall } from '../../core/results/types';

export interface WallTiming {
  wall: Wall;
  evaluation: EvaluationInfo;
}

export function WallTime(props: { timing: () => WallTiming | null }) {
  return (
    <Show when={props.timing()}>
      {(timing) => (
        <p class="wall-time" data-testid="wall-time">
          {wallTimeText(timing().wall)}. {capitalized(evaluationText(timing().evaluation))}.
        </p>
      )}
    </Show>
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
