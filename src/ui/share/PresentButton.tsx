/** Enters presentation mode: the chart and the story in large type, for a projector. */
import type { Presentation } from './presentation';

export function PresentButton(props: { presentation: Presentation }) {
  return (
    <div class="present">
      <button
        type="button"
        data-testid="present"
        aria-describedby="present-help"
        onClick={() => props.presentation.enter()}
      >
        Present
      </button>
      <span class="hint" id="present-help">
        For a projector: the chart and results in large type, with Play, Pause and Step.
      </span>
    </div>
  );
}
