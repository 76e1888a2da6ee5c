/**
 * On 2-D sets, what each method's model learned (TensorFlow Playground's
 * picture), as small multiples: a panel per run, side by side, each the
 * trained model's class over the data's range under every training point,
 * all on one scale and in the same class colours so that a class compares
 * the methods at a glance. One seed per method unless every seed is asked
 * for; a panel pressed shows large, with what it draws in words. The engine
 * evaluates the model on the grid after the run's clock stops.
 */
import { createEffect, createMemo, createResource, createSignal, Index, Show } from 'solid-js';
import type { SelectionPreview } from '../../core/data/preview';
import { ListSelect } from '../common/ListSelect';
import { Lightbox } from '../common/Lightbox';
import { wrapIndex } from '../common/enlarge';
import type { DataSource, RunBoundary } from '../results/experiment-state';
import { describeError } from '../lab-client';
import {
  boundaryDescription,
  boundaryLabel,
  boundarySeeds,
  panelCaption,
  panelLabel,
  parseSeed,
  type SeedChoice,
  seedOnShow,
  seedOptions,
  seedValue,
  shownBoundaries,
} from './boundary-grid';
import { pickKey } from './picks-data';
import { type PlotRange, rangeOf } from './plot-range';
import { Scatter } from './Scatter';

/** A panel's drawing size in CSS pixels; the grid scales it to its column. */
const PANEL_SIZE = 240;
/** The enlarged plot's drawing size; the stylesheet keeps it within the window. */
const LARGE_SIZE = 480;

interface BoundariesProps {
  /** Bumped in place as runs finish. */
  boundaries: () => RunBoundary[];
  data: () => DataSource | null;
  /** The data's points (a preview of no picks). */
  load: (data: DataSource, indices: number[]) => Promise<SelectionPreview>;
}

export function Boundaries(props: BoundariesProps) {
  const [seedChoice, setSeedChoice] = createSignal<SeedChoice | null>(null);
  const seeds = createMemo(() => boundarySeeds(props.boundaries()));
  const seed = () => seedOnShow(props.boundaries(), seedChoice());
  const shown = createMemo(() => {
    const chosen = seed();
    return chosen === null ? [] : shownBoundaries(props.boundaries(), chosen);
  });
  // The enlarged run by label and seed: the final result's runs replace the live ones.
  const [enlarged, setEnlarged] = createSignal<string | null>(null);
  const enlargedAt = () => shown().findIndex((run) => pickKey(run) === enlarged());
  // A run that leaves the panels (another seed, a new experiment) takes its enlarged view with it.
  createEffect(() => {
    if (enlarged() !== null && enlargedAt() < 0) setEnlarged(null);
  });
  const step = (delta: -1 | 1) => {
    const runs = shown();
    setEnlarged(pickKey(runs[wrapIndex(enlargedAt(), delta, runs.length)]));
  };

  // The points change only with the data: ask the worker once per experiment.
  const source = createMemo(() => (props.boundaries().length > 0 ? props.data() : null));
  const [points] = createResource(source, async (data) => {
    try {
      return { points: (await props.load(data, [])).points };
    } catch (error) {
      return { problem: describeError(error) };
    }
  });
  // One scale for every panel, every seed's included, so that a panel keeps its axes when the seed changes.
  const range = createMemo<PlotRange | undefined>(() => {
    const shownPoints = points.latest?.points;
    return shownPoints
      ? rangeOf(
          shownPoints,
          undefined,
          props.boundaries().map((run) => run.boundary),
        )
      : undefined;
  });

  return (
    <Show when={seed() !== null}>
      <section class="panel" data-testid="boundaries" aria-labelledby="boundaries-heading">
        <header class="panel-header">
          <h2 id="boundaries-heading">Decision boundaries</h2>
          <Show when={seeds().length > 1}>
            <ListSelect
              aria-label="seed whose boundaries to show"
              data-testid="boundary-seed"
              options={seedOptions(seeds())}
              value={seedValue(seed()!)}
              onChange={(e) => setSeedChoice(parseSeed(e.currentTarget.value))}
            />
          </Show>
        </header>
        <Show when={points.latest} fallback={<p class="muted">Loading the points…</p>}>
          {(loaded) => (
            <Show
              when={loaded().points}
              fallback={<p class="problem">Could not load the points: {loaded().problem ?? 'the set has none'}</p>}
            >
              {(shownPoints) => (
                <>
                  <p class="muted boundary-note">
                    Each panel shades the class one run's model predicts over the data's range, under the training
                    points coloured by their class; every panel has the same scale and colours.
                    <Show when={seeds().length > 1 && seed() !== 'all'}> One seed per method: the seed above.</Show>{' '}
                    Choose a panel to see it large.
                  </p>
                  <ul class="boundary-grid" data-testid="boundary-grid">
                    <Index each={shown()}>
                      {(run) => (
                        <li>
                          <button
                            type="button"
                            class="boundary-panel"
                            data-testid="boundary-panel"
                            aria-label={panelLabel(run())}
                            onClick={() => setEnlarged(pickKey(run()))}
                          >
                            <Scatter
                              points={shownPoints()}
                              background={run().boundary}
                              range={range()}
                              size={PANEL_SIZE}
                              testId="boundary-scatter"
                              label={boundaryLabel(run())}
                            />
                            <span class="boundary-caption" data-testid="boundary-caption">
                              {panelCaption(run())}
                            </span>
                          </button>
                        </li>
                      )}
                    </Index>
                  </ul>
                  <Show when={shown()[enlargedAt()]}>
                    {(run) => (
                      <Lightbox
                        title={`Decision boundary of ${panelCaption(run())}`}
                        testId="boundary-large"
                        item="run"
                        onClose={() => setEnlarged(null)}
                        onStep={shown().length > 1 ? step : undefined}
                      >
                        <div class="boundary-body">
                          <Scatter
                            points={shownPoints()}
                            background={run().boundary}
                            range={range()}
                            size={LARGE_SIZE}
                            testId="boundary-large-scatter"
                            label={boundaryLabel(run())}
                          />
                          <p class="muted" data-testid="boundary-description">
                            {boundaryDescription(run())}
                          </p>
                        </div>
                      </Lightbox>
                    )}
                  </Show>
                </>
              )}
            </Show>
          )}
        </Show>
      </section>
    </Show>
  );
}
