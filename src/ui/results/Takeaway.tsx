/** The finished comparison's story in a sentence or three, under the chart (results/takeaway.ts). */
import { Show } from 'solid-js';
import type { SummaryRow } from '../../core/results/types';
import { takeaway } from './takeaway';

interface TakeawayProps {
  rows: () => SummaryRow[];
  targetAcc: () => number | null;
  /** While runs are under way the rows are partial: nothing is said until they are done. */
  running: () => boolean;
}

export function Takeaway(props: TakeawayProps) {
  const text = () => (props.running() ? null : takeaway(props.rows(), props.targetAcc()));
  return (
    <Show when={text()}>
      {(said) => (
        <p class="takeaway" data-testid="takeaway">
          {said()}
        </p>
      )}
    </Show>
  );
}
