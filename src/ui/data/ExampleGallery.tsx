/**
 * Examples grouped by class: images in a row, texts in a list, 2-D points
 * only as their class's swatch. Used by the data preview, the upload summary
 * and the picks panel.
 */
import { For, Index, Match, Show, Switch } from 'solid-js';
import type { PreviewExample } from '../../core/data/preview';
import type { DatasetPreview } from '../lab-client';
import { classColour } from '../common/class-colours';
import { ExampleView } from '../common/ExampleView';

interface ExampleGalleryProps {
  kind: DatasetPreview['kind'];
  classes: string[];
  /** Per class, the examples to show. */
  examples: PreviewExample[][];
  /** A note after each class's name, e.g. "800 train / 200 test". */
  caption: (classIndex: number) => string;
  testId?: string;
}

export function ExampleGallery(props: ExampleGalleryProps) {
  return (
    <div class="preview-classes" classList={{ texts: props.kind === 'tokens' }} data-testid={props.testId}>
      <For each={props.classes}>
        {(name, c) => (
          <div class="preview-class">
            <div class="preview-class-name">
              <Show when={props.kind === 'vector'}>
                <span class="swatch" style={{ background: classColour(c()) }} />
              </Show>
              <strong>{name}</strong>
              <span class="muted"> {props.caption(c())}</span>
            </div>
            <Switch>
              <Match when={props.kind === 'image'}>
                <div class="example-images">
                  {/* By position, so that new examples redraw the canvases already there. */}
                  <Index each={props.examples[c()]}>{(example) => <ExampleView example={example()} />}</Index>
                </div>
              </Match>
              <Match when={props.kind === 'tokens'}>
                <ul class="example-texts">
                  <For each={props.examples[c()]}>
                    {(example) => (
                      <li>
                        <ExampleView example={example} />
                      </li>
                    )}
                  </For>
                </ul>
              </Match>
            </Switch>
          </div>
        )}
      </For>
    </div>
  );
}
