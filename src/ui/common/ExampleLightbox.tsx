/**
 * A gallery's example shown large: an image at a whole multiple of its size,
 * its pixels kept square (image-rendering: pixelated), with its class and
 * its place in the set; Previous / Next and the arrow keys walk every
 * example of the set, class after class. A live distillation's snapshots
 * redraw it as they come, like the thumbnails.
 */
import { Show } from 'solid-js';
import type { PreviewExample } from '../../core/data/preview';
import { enlargedWidth, type GalleryPosition, galleryCount, galleryOrdinal, stepPosition } from './enlarge';
import { ExampleView } from './ExampleView';
import { Lightbox } from './Lightbox';

interface ExampleLightboxProps {
  classes: readonly string[];
  /** Per class, the examples of the set (followed as they change). */
  examples: readonly PreviewExample[][];
  at: GalleryPosition;
  onMove: (at: GalleryPosition) => void;
  onClose: () => void;
  /** What an example is, in the words shown: "picked example", "synthetic example". */
  what: string;
  testId: string;
}

/** An image's width on screen, within the window; a text or a point takes its own. */
const sized = (example: PreviewExample) =>
  'pixels' in example ? { width: `min(${enlargedWidth(example.width)}px, 80vw, 60vh)` } : undefined;

export function ExampleLightbox(props: ExampleLightboxProps) {
  const example = () => props.examples[props.at.classIndex]?.[props.at.index];
  const className = () => props.classes[props.at.classIndex] ?? `class ${props.at.classIndex}`;
  const inClass = () => props.examples[props.at.classIndex]?.length ?? 0;
  const count = () => galleryCount(props.examples);
  const title = () => `Class ${className()}, ${props.what} ${props.at.index + 1}`;
  return (
    <Lightbox
      title={title()}
      testId={props.testId}
      item={props.what}
      onClose={props.onClose}
      onStep={count() > 1 ? (delta) => props.onMove(stepPosition(props.examples, props.at, delta)) : undefined}
    >
      <Show when={example()} fallback={<p class="muted">This example is no longer in the set.</p>}>
        {(shown) => (
          <figure class="lightbox-figure">
            <div class="lightbox-image" style={sized(shown())}>
              <ExampleView example={shown()} imageClass="example-enlarged" />
            </div>
            <figcaption class="muted" data-testid={`${props.testId}-place`}>
              {props.at.index + 1} of the {inClass()} shown of this class;{' '}
              {galleryOrdinal(props.examples, props.at) + 1} of {count()} shown in all.
            </figcaption>
          </figure>
        )}
      </Show>
    </Lightbox>
  );
}
