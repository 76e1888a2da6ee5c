/**
 * What a mixing augmentation does to the data: a batch of training examples
 * as the augmentation mixes it in training (the worker runs the entry's own
 * mix, with a fresh model), each under the weights of its label. Drawn on
 * demand from a seed; texts and class names are plain text, never HTML.
 */
import { createEffect, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import type { ConfigProblem } from '../../core/settings/config';
import type { MixedExample, MixPreview } from '../../core/data/preview';
import { MAX_SEED } from '../../core/rng';
import { ExampleView } from '../common/ExampleView';
import { ListSelect } from '../common/ListSelect';
import type { CatalogAugmentation } from './form-state';
import { parseNumberText } from '../common/number-text';
import { describeError, type MixPreviewReply } from '../lab-client';
import { lambdaText, weightsText } from './mix-weights';

interface MixPreviewPanelProps {
  /** The augmentations that can mix the picked dataset. */
  augmentations: () => CatalogAugmentation[];
  /** Those some ticked method uses: the first is shown until another is picked here. */
  inUse: () => CatalogAugmentation[];
  /** The dataset and model: a drawn grid is cleared when they change. */
  context: () => string;
  request: (augmentation: CatalogAugmentation, seed: number) => unknown;
  load: (request: unknown) => Promise<MixPreviewReply>;
  /** A run holds the worker: drawing waits for its end. */
  running: () => boolean;
}

type DrawState =
  | { kind: 'idle' }
  | { kind: 'drawing' }
  | { kind: 'ready'; preview: MixPreview; augmentation: string; seed: number }
  | { kind: 'failed'; message: string };

/** The seed box's number, or what is wrong with it. */
function readSeed(text: string): { seed: number } | { problem: string } {
  const parsed = parseNumberText(text);
  if (!parsed.ok) return { problem: parsed.message };
  const seed = parsed.value;
  if (seed === undefined || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    return { problem: 'must be a whole number from 0, e.g. 1' };
  return { seed };
}

/** The worker's problems in the form's words: a setting by its label. */
function problemText(problems: readonly ConfigProblem[], augmentation: CatalogAugmentation): string {
  return problems
    .map((problem) => {
      const key = /^augment\.(\w+)$/.exec(problem.path)?.[1];
      const param = augmentation.params.find((p) => p.key === key);
      return `${param ? `${augmentation.id} ${param.label}` : problem.path}: ${problem.message}`;
    })
    .join('; ');
}

/** The mixed input where the mix is in input space; else the two sources side by side (one where it is its own partner). */
function MixedItem(props: { example: MixedExample; classes: string[] }) {
  const { example } = props;
  const shown = example.mixed
    ? [example.mixed]
    : example.partner === example.source
      ? [example.sources[0]]
      : example.sources;
  return (
    <li class="mix-example" data-testid="mix-example">
      <div class="mix-inputs">
        <For each={shown}>{(input) => <ExampleView example={input} />}</For>
      </div>
      <span class="mix-weights" data-testid="mix-weights">
        {weightsText(example.weights, props.classes, example.labels)}
      </span>
    </li>
  );
}

/** `mixes`: false for an augmentation that transforms without mixing (dsa). */
function drawNote(state: Extract<DrawState, { kind: 'ready' }>, mixes: boolean): string {
  const { preview, augmentation, seed } = state;
  const drawn = `${augmentation}, seed ${seed}`;
  if (!mixes) return `${drawn}: each example as the draw transforms it, with all of its own label.`;
  if (preview.lambda === 1)
    return `${drawn}: this draw left the batch unmixed (its probability setting); try another seed.`;
  const where =
    preview.at === undefined ? '' : `; blended inside the model at ${preview.at}, so the two inputs are shown whole`;
  return `${drawn}, ${lambdaText(preview.lambda)} (each example's own share)${where}.`;
}

export function MixPreviewPanel(props: MixPreviewPanelProps) {
  const [picked, setPicked] = createSignal('');
  const [seedText, setSeedText] = createSignal('0');
  const [seedProblem, setSeedProblem] = createSignal<string | undefined>();
  const [state, setState] = createSignal<DrawState>({ kind: 'idle' });
  const [drawn, setDrawn] = createSignal(false);
  const current = () =>
    props.augmentations().find((a) => a.id === picked()) ?? props.inUse()[0] ?? props.augmentations()[0];
  // Only the latest draw may fill the grid.
  let latest = 0;

  createEffect(on(props.context, () => setState({ kind: 'idle' }), { defer: true }));

  async function draw() {
    const augmentation = current();
    const read = readSeed(seedText());
    setSeedProblem('problem' in read ? read.problem : undefined);
    if (!augmentation || 'problem' in read) return;
    const request = ++latest;
    setState({ kind: 'drawing' });
    setDrawn(true);
    try {
      const reply = await props.load(props.request(augmentation, read.seed));
      if (request !== latest) return;
      setState(
        reply.ok
          ? { kind: 'ready', preview: reply.preview, augmentation: augmentation.id, seed: read.seed }
          : { kind: 'failed', message: problemText(reply.problems, augmentation) },
      );
    } catch (error) {
      if (request === latest) setState({ kind: 'failed', message: describeError(error) });
    }
  }

  const inState = <K extends DrawState['kind']>(kind: K) => {
    const now = state();
    return now.kind === kind ? (now as Extract<DrawState, { kind: K }>) : undefined;
  };

  return (
    <Show when={props.augmentations().length > 0}>
      <section class="panel" data-testid="mix-preview" aria-labelledby="mix-preview-heading">
        <header class="panel-header">
          <h2 id="mix-preview-heading">Augmented examples</h2>
        </header>
        <form
          class="mix-controls"
          onSubmit={(e) => {
            e.preventDefault();
            void draw();
          }}
        >
          {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is a component inside the label */}
          <label class="inline">
            Augmentation
            <ListSelect
              data-testid="mix-augmentation"
              options={props.augmentations().map((a) => ({ value: a.id, label: a.id }))}
              value={current()?.id ?? ''}
              onChange={(e) => setPicked(e.currentTarget.value)}
            />
          </label>
          <label class="inline">
            Seed
            <input
              type="text"
              inputmode="numeric"
              autocomplete="off"
              data-testid="mix-seed"
              value={seedText()}
              aria-invalid={seedProblem() ? 'true' : undefined}
              aria-describedby={seedProblem() ? 'mix-seed-problem' : undefined}
              onInput={(e) => setSeedText(e.currentTarget.value)}
            />
          </label>
          <button
            type="submit"
            data-testid="mix-draw"
            disabled={props.running() || state().kind === 'drawing'}
            title={props.running() ? 'Draws once the run ends' : undefined}
          >
            {drawn() ? 'Redraw' : 'Draw'}
          </button>
        </form>
        <Show when={seedProblem()}>
          <p class="problem" role="alert" id="mix-seed-problem" data-testid="problem-mix-seed">
            Seed {seedProblem()}
          </p>
        </Show>
        <p class="hint">
          A batch of training examples as the augmentation mixes or transforms them in training, with its settings from
          the form and a fresh model; under each, the weights of its label.
        </p>
        <div aria-live="polite">
          <Switch>
            <Match when={inState('drawing')}>
              <p class="muted">Mixing…</p>
            </Match>
            <Match when={inState('failed')}>
              {(failed) => <p class="problem">Could not draw: {failed().message}</p>}
            </Match>
            <Match when={inState('ready')}>
              {(ready) => (
                <>
                  <p class="muted" data-testid="mix-note">
                    {drawNote(ready(), props.augmentations().find((a) => a.id === ready().augmentation)?.mixes ?? true)}
                  </p>
                  <ul class="mix-grid" classList={{ texts: ready().preview.kind === 'tokens' }} data-testid="mix-grid">
                    <For each={ready().preview.examples}>
                      {(example) => <MixedItem example={example} classes={ready().preview.classes} />}
                    </For>
                  </ul>
                </>
              )}
            </Match>
          </Switch>
        </div>
      </section>
    </Show>
  );
}
