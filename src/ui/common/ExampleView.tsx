/**
 * One example as the page shows it, by its kind: an image drawn on a canvas,
 * a text cut to a preview's length (plain text, never HTML), a 2-D point as
 * its coordinates. The data preview, the upload summary, the picks and the
 * mixing preview all show their examples with it.
 */
import { createEffect, Match, Show, Switch } from 'solid-js';
import type { PreviewExample } from '../../core/data/preview';

const TEXT_PREVIEW_CHARS = 160;

type ImageExample = Extract<PreviewExample, { pixels: Uint8Array }>;

/**
 * An image example drawn on a canvas at its own size (the stylesheet scales
 * it). A new example redraws the same canvas: a live distillation's
 * snapshots replace every image a few times a second, and fresh canvases and
 * contexts each time would hold up the page.
 */
function ExampleImage(props: { example: ImageExample; class: string }) {
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
  return <canvas ref={canvas} class={props.class} />;
}

/** A long text cut to a preview's length. */
function truncate(text: string): string {
  return text.length > TEXT_PREVIEW_CHARS ? `${text.slice(0, TEXT_PREVIEW_CHARS)}…` : text;
}

/** "(0.12, -0.50)". */
const pointText = (point: [number, number]) => `(${point.map((value) => value.toFixed(2)).join(', ')})`;

/**
 * Follows `example` as it changes (in a list kept by position): an image
 * stays on its canvas. `imageClass` styles an image's canvas apart from a
 * gallery's thumbnails ("example-image"), as the enlarged view does.
 */
export function ExampleView(props: { example: PreviewExample; imageClass?: string }) {
  return (
    <Switch>
      <Match when={'pixels' in props.example && props.example}>
        {(image) => <ExampleImage example={image()} class={props.imageClass ?? 'example-image'} />}
      </Match>
      <Match when={'text' in props.example && props.example}>
        {(text) => (
          <>
            <span class="example-text">{truncate(text().text)}</span>
            <Show when={text().note}>{(note) => <span class="example-note">{note()}</span>}</Show>
          </>
        )}
      </Match>
      <Match when={'point' in props.example && props.example}>
        {(point) => <span class="example-point">{pointText(point().point)}</span>}
      </Match>
    </Switch>
  );
}
