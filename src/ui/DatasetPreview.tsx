/**
 * A look at the data before training: a few images or texts per class, or
 * all points of a 2-D set coloured by class. Loads when the dataset is picked.
 */
import { createEffect, createSignal, For, Match, onMount, Show, Switch } from 'solid-js';
import type { PreviewExample } from '../engine/data/preview';
import type { DatasetPreview as Preview } from './lab-client';
import { describeError } from './lab-client';
import { formatBytes } from './format';

const CLASS_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8c564b', '#bcbd22', '#17becf'];
const SCATTER_SIZE = 320;
const TEXT_PREVIEW_CHARS = 160;

type ImageExample = Extract<PreviewExample, { pixels: Uint8Array }>;

interface DatasetPreviewProps {
  datasetId: () => string;
  load: (datasetId: string, onProgress: (loaded: number, total: number) => void) => Promise<Preview>;
}

type PreviewState =
  | { kind: 'loading'; loaded: number; total: number }
  | { kind: 'ready'; preview: Preview }
  | { kind: 'failed'; message: string };

function ExampleImage(props: { example: ImageExample }) {
  let canvas!: HTMLCanvasElement;
  onMount(() => {
    const { pixels, width, height, channels } = props.example;
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
  return <canvas ref={canvas} class="example-image" width={props.example.width} height={props.example.height} />;
}

function extent(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function Scatter(props: { points: NonNullable<Preview['points']> }) {
  let canvas!: HTMLCanvasElement;
  onMount(() => {
    const scale = window.devicePixelRatio || 1;
    canvas.width = SCATTER_SIZE * scale;
    canvas.height = SCATTER_SIZE * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    const { x, y, label } = props.points;
    const [minX, maxX] = extent(x);
    const [minY, maxY] = extent(y);
    const margin = 8;
    const span = SCATTER_SIZE - 2 * margin;
    for (let i = 0; i < x.length; i++) {
      ctx.fillStyle = CLASS_COLOURS[label[i] % CLASS_COLOURS.length];
      const px = margin + ((x[i] - minX) / (maxX - minX || 1)) * span;
      const py = SCATTER_SIZE - margin - ((y[i] - minY) / (maxY - minY || 1)) * span;
      ctx.globalAlpha = 0.7;
      ctx.beginPath();
      ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  });
  return <canvas ref={canvas} class="scatter" style={{ width: `${SCATTER_SIZE}px`, height: `${SCATTER_SIZE}px` }} data-testid="preview-scatter" />;
}

function truncate(text: string): string {
  return text.length > TEXT_PREVIEW_CHARS ? `${text.slice(0, TEXT_PREVIEW_CHARS)}…` : text;
}

function ClassExamples(props: { preview: Preview }) {
  return (
    <div class="preview-classes" classList={{ texts: props.preview.kind === 'tokens' }}>
      <For each={props.preview.classes}>
        {(name, c) => (
          <div class="preview-class">
            <div class="preview-class-name">
              <Show when={props.preview.kind === 'vector'}>
                <span class="swatch" style={{ background: CLASS_COLOURS[c() % CLASS_COLOURS.length] }} />
              </Show>
              <strong>{name}</strong>
              <span class="muted">
                {' '}
                {props.preview.counts.train[c()]} train / {props.preview.counts.test[c()]} test
              </span>
            </div>
            <Switch>
              <Match when={props.preview.kind === 'image'}>
                <div class="example-images">
                  <For each={props.preview.examples[c()] as ImageExample[]}>{(example) => <ExampleImage example={example} />}</For>
                </div>
              </Match>
              <Match when={props.preview.kind === 'tokens'}>
                <ul class="example-texts">
                  <For each={props.preview.examples[c()]}>{(example) => <li>{'text' in example ? truncate(example.text) : ''}</li>}</For>
                </ul>
              </Match>
            </Switch>
          </div>
        )}
      </For>
    </div>
  );
}

export function DatasetPreview(props: DatasetPreviewProps) {
  const [state, setState] = createSignal<PreviewState>({ kind: 'loading', loaded: 0, total: 0 });
  // Only the latest request may update the panel: a slow download must not overwrite a newer pick.
  let latestRequest = 0;

  createEffect(() => {
    const id = props.datasetId();
    const request = ++latestRequest;
    setState({ kind: 'loading', loaded: 0, total: 0 });
    props
      .load(id, (loaded, total) => {
        if (request === latestRequest) setState({ kind: 'loading', loaded, total });
      })
      .then(
        (preview) => request === latestRequest && setState({ kind: 'ready', preview }),
        (error: unknown) => request === latestRequest && setState({ kind: 'failed', message: describeError(error) }),
      );
  });

  const inState = <K extends PreviewState['kind']>(kind: K) => {
    const current = state();
    return current.kind === kind ? (current as Extract<PreviewState, { kind: K }>) : undefined;
  };

  return (
    <section class="panel" data-testid="preview">
      <header class="panel-header">
        <h2>The data</h2>
      </header>
      <Switch>
        <Match when={inState('loading')}>
          {(loading) => (
            <div class="preview-loading" data-testid="preview-loading">
              <span>
                Loading the dataset
                <Show when={loading().loaded > 0}>
                  {' '}
                  ({formatBytes(loading().loaded)}
                  <Show when={loading().total > 0}> of {formatBytes(loading().total)}</Show>)
                </Show>
                …
              </span>
              {/* Without a known size the bar stays indeterminate (no value at all). */}
              <Show when={loading().total > 0} fallback={<progress />}>
                <progress max={loading().total} value={loading().loaded} />
              </Show>
            </div>
          )}
        </Match>
        <Match when={inState('failed')}>
          {(failed) => <p class="problem">Could not load the dataset: {failed().message}</p>}
        </Match>
        <Match when={inState('ready')}>
          {(ready) => (
            <div class="preview-body">
              <Show when={ready().preview.points}>{(points) => <Scatter points={points()} />}</Show>
              <ClassExamples preview={ready().preview} />
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}
