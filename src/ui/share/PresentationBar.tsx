/**
 * The top of the page in presentation mode: the lesson's title and story (a
 * lesson link's, or a plain heading), full screen, and the way back to the
 * whole lab.
 */
import { Show } from 'solid-js';
import type { ClassroomView } from '../../core/share/share-link';
import type { Presentation } from './presentation';

interface PresentationBarProps {
  presentation: Presentation;
  lesson: () => ClassroomView | null;
}

export function PresentationBar(props: PresentationBarProps) {
  const presentation = props.presentation;
  return (
    <Show when={presentation.on()}>
      <section class="panel presentation-bar" aria-labelledby="lesson-title" data-testid="presentation">
        <div class="panel-header">
          <h2 id="lesson-title" data-testid="lesson-title">
            {props.lesson()?.title ?? 'Time to accuracy'}
          </h2>
          <div class="row">
            <Show when={presentation.canFullScreen}>
              <button type="button" data-testid="full-screen" onClick={() => presentation.toggleFullScreen()}>
                {presentation.fullScreen() ? 'Leave full screen' : 'Full screen'}
              </button>
            </Show>
            <button type="button" data-testid="leave-presentation" onClick={() => presentation.leave()}>
              Leave presentation
            </button>
          </div>
        </div>
        <Show when={props.lesson()?.story}>
          {(story) => (
            <p class="lesson-story" data-testid="lesson-story">
              {story()}
            </p>
          )}
        </Show>
      </section>
    </Show>
  );
}
