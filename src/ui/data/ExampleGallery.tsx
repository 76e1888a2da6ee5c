/**
 * Examples grouped by class: images in a row, texts in a list, 2-D points
 * only as their class's swatch. Used by the data preview, the upload summary
 * and the picks panel. An image is a button: pressed, it shows large. The
 * images are one tab stop, the arrow keys (and Home, End) moving among them.
 */
import { createMemo, createSignal, For, Index, Match, Show, Switch } from 'solid-js';
import type { PreviewExample } from '../../core/data/preview';
import type { DatasetPreview } from '../lab-client';
import { classColour } from '../common/class-colours';
import { type GalleryPosition, galleryKeyTarget, galleryOrdinal, galleryPosition } from '../common/enlarge';
import { ExampleLightbox } from '../common/ExampleLightbox';
import { ExampleView } from '../common/ExampleView';

interface ExampleGalleryProps {
  kind: DatasetPreview['kind'];
  classes: string[];
  /** Per class, the examples to show. */
  examples: PreviewExample[][];
  /** A note after each class's name, e.g. "800 train / 200 test". */
  caption: (classIndex: number) => string;
  testId?: string;
  /** What an example is, in the enlarged view's words: "picked example"; "example" unless told. */
  what?: string;
}

export function ExampleGallery(props: ExampleGalleryProps) {
  const [enlarged, setEnlarged] = createSignal<GalleryPosition | null>(null);
  const what = () => props.what ?? 'example';
  // The thumbnail that takes the Tab key: the last one focused while the gallery holds it, else the first.
  let root!: HTMLDivElement;
  const [focused, setFocused] = createSignal<GalleryPosition>({ classIndex: 0, index: 0 });
  const tabStop = createMemo(() =>
    galleryOrdinal(props.examples, focused()) >= 0 ? focused() : galleryPosition(props.examples, 0),
  );
  const isTabStop = (classIndex: number, index: number) =>
    tabStop()?.classIndex === classIndex && tabStop()?.index === index;
  const onThumbnailKey = (at: GalleryPosition, event: KeyboardEvent) => {
    const next = galleryKeyTarget(props.examples, at, event.key);
    if (!next) return;
    event.preventDefault();
    setFocused(next);
    root.querySelector<HTMLElement>(`[data-position="${next.classIndex}-${next.index}"]`)?.focus();
  };
  return (
    <>
      <div ref={root} class="preview-classes" classList={{ texts: props.kind === 'tokens' }} data-testid={props.testId}>
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
                    <Index each={props.examples[c()]}>
                      {(example, i) => (
                        <button
                          type="button"
                          class="example-button"
                          data-testid="example-enlarge"
                          aria-label={`Enlarge ${what()} ${i + 1} of class ${name}`}
                          data-position={`${c()}-${i}`}
                          tabIndex={isTabStop(c(), i) ? 0 : -1}
                          onFocus={() => setFocused({ classIndex: c(), index: i })}
                          onKeyDown={(event) => onThumbnailKey({ classIndex: c(), index: i }, event)}
                          onClick={() => setEnlarged({ classIndex: c(), index: i })}
                        >
                          <ExampleView example={example()} />
                        </button>
                      )}
                    </Index>
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
      <Show when={enlarged()}>
        {(at) => (
          <ExampleLightbox
            classes={props.classes}
            examples={props.examples}
            at={at()}
            onMove={setEnlarged}
            onClose={() => setEnlarged(null)}
            what={what()}
            testId="example-large"
          />
        )}
      </Show>
    </>
  );
}
