/**
 * On 2-D sets, what each method's model learned (TensorFlow Playground's
 * picture): for one run, chosen in a select as in the picks panel, the
 * trained model's class over the data's range under every training point.
 * The engine evaluates the model on the grid after the run's clock stops.
 */
import { createMemo, createResource, createSignal, Show } from 'solid-js';
import type { SelectionPreview } from '../../core/data/preview';
import { ListSelect } from '../common/ListSelect';
import type { DataSource, RunBoundary } from '../results/experiment-state';
import { describeError } from '../lab-client';
import { pickKey } from './picks-data';
import { Scatter } from './Scatter';

interface BoundariesProps {
  /** Bumped in place as runs finish. */
  boundaries: () => RunBoundary[];
  data: () => DataSource | null;
  /** The data's points (a preview of no picks). */
  load: (data: DataSource, indices: number[]) => Promise<SelectionPreview>;
}

export function Boundaries(props: BoundariesProps) {
  const [choice, setChoice] = createSignal<string | null>(null);
  const chosen = () => {
    const all = props.boundaries();
    return all.find((run) => pickKey(run) === choice()) ?? all[0] ?? null;
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

  return (
    <Show when={chosen()}>
      {(run) => (
        <section class="panel" data-testid="boundaries" aria-labelledby="boundaries-heading">
          <header class="panel-header">
            <h2 id="boundaries-heading">Decision boundaries</h2>
            <ListSelect
              aria-label="run whose boundary to show"
              data-testid="boundary-run"
              options={props.boundaries().map((option) => ({ value: pickKey(option), label: pickKey(option) }))}
              value={pickKey(run())}
              onChange={(e) => setChoice(e.currentTarget.value)}
            />
          </header>
          <div class="boundary-body">
            <Show when={points.latest} fallback={<p class="muted">Loading the points…</p>}>
              {(loaded) => (
                <Show
                  when={loaded().points}
                  fallback={<p class="problem">Could not load the points: {loaded().problem ?? 'the set has none'}</p>}
                >
                  {(shown) => (
                    <Scatter
                      points={shown()}
                      background={run().boundary}
                      testId="boundary-scatter"
                      label={`the class that ${run().label} (seed ${run().seed}) predicts over the data's range, shaded by class, under every training point coloured by its class`}
                    />
                  )}
                </Show>
              )}
            </Show>
            <p class="muted">
              The shading is the class the model of {run().label} (seed {run().seed}) predicts at each of{' '}
              {run().boundary.size}×{run().boundary.size} points over the data's range, after training; the dots are the
              training points, coloured by their class.
            </p>
          </div>
        </section>
      )}
    </Show>
  );
}
