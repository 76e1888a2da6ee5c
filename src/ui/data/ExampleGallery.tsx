/**
 * Examples grouped by class: images drawn on canvases, texts as plain text
 * (never as HTML), 2-D points only as their class's swatch. Used by the data
 * preview and by the picks panel; its images and texts by the mixing preview.
 */
import { createEffect, For, Index, Match, Show, Switch } from 'solid-js';
import type { PreviewExample } from '../../core/data/preview';
import type { DatasetPreview } from '../lab-client';
import { classColour } from '../common/class-colours';

const TEXT_PREVIEW_CHARS = 160;

type ImageExample = Extract<PreviewExample, { pixels: Uint8Array }>;

/**
 * An image example drawn on a canvas at its own size (the stylesheet scales
 * it). A new example redraws the same canvas: a live distillation's
 * snapshots replace every image a few times a second, and fresh canvases and
 * contexts each time would hold up the page.
 */
export function ExampleImage(props: { example: ImageExample }) {
  let canvas!: HTMLCanvasElement;
  createEffect(() => {
    const { pixels, width, height, channels } = props.example;
    // Resizing clears the canvas and its context's state: only when the size changes.
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const image = new ImageData(width, height);
    for (let i = 0; i < width * height; i++) {
      const base = i * channels;
      image.data[i * 4] = pixels[base];
      image.data[i * 4 + 1] = pixels[base + (channels >= 3 ? 1 : 0)];
      image.data[i * 4 + 2] = pixels[base + (channels >= 3 ? 2 : 0)];
      image.data[i * 4 + 3] = 255;
    }
    canvas.getContext('2d')!.putImageData(image, 0, 0);
  });
  return <canvas ref={canvas} class="example-image" />;
}

/** A long text cut to a preview's length. */
export function truncate(text: string): string {
  return text.length > TEXT_PREVIEW_CHARS ? `${text.slice(0, TEXT_PREVIEW_CHARS)}…` : text;
}

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
                  <Index each={props.examples[c()] as ImageExample[]}>{(example) => <ExampleImage example={example()} />}</Index>
                </div>
              </Match>
              <Match when={props.kind === 'tokens'}>
                <ul class="example-texts">
                  <For each={props.examples[c()]}>{(example) => <li>{'text' in example ? truncate(example.text) : ''}</li>}</For>
                </ul>
              </Match>
            </Switch>
          </div>
        )}
      </For>
    </div>
  );
}
