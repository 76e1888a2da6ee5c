/** The classroom indicator: the lesson's view is on, which controls it hides, and the way out. */
import { Show } from 'solid-js';
import type { ClassroomView } from '../../core/share/share-link';
import { hiddenSummary } from './share-state';

interface ClassroomBarProps {
  classroom: () => ClassroomView | null;
  /** Leaves classroom mode: every control on show again, with the values it held. */
  onShowAll: () => void;
}

export function ClassroomBar(props: ClassroomBarProps) {
  return (
    <Show when={props.classroom()}>
      {(classroom) => (
        <section class="panel classroom-bar" aria-labelledby="classroom-title" data-testid="classroom">
          <div class="panel-header">
            <h2 id="classroom-title">Classroom</h2>
            <button type="button" data-testid="classroom-show-all" onClick={() => props.onShowAll()}>
              Show all controls
            </button>
          </div>
          <p class="hint" data-testid="classroom-hidden">
            {hiddenSummary(classroom())}
          </p>
        </section>
      )}
    </Show>
  );
}
