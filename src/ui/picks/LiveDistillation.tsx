/**
 * The live view of a distillation while it runs: its synthetic set and loss
 * as they evolve (a few snapshots a second from the worker), with Pause /
 * Resume and "Evaluate now", whose point lands on the chart. Shown from a
 * distillation's first snapshot until the experiment ends.
 */
import { createMemo, createResource, Show } from 'solid-js';
import type { SelectionPreview } from '../../core/data/preview';
import { liveStatus, type DataSource, type LiveDistillation } from '../results/experiment-state';
import { plural } from '../common/format';
import { describeError } from '../lab-client';
import { SyntheticSetView } from './SyntheticSetView';

interface LiveDistillationProps {
  live: () => LiveDistillation | null;
  data: () => DataSource | null;
  load: (data: DataSource, indices: number[]) => Promise<SelectionPreview>;
  pauseAsked: () => boolean;
  evaluationAsked: () => boolean;
  onPause: () => void;
  onResume: () => void;
  onEvaluate: () => void;
}

export function LiveDistillationView(props: LiveDistillationProps) {
  // The real data's classes (and 2-D points) once per experiment, not per snapshot.
  const wanted = createMemo(() => (props.live() ? props.data() : null));
  const [preview] = createResource(wanted, async (data) => {
    try {
      return { preview: await props.load(data, []) };
    } catch (error) {
      return { problem: describeError(error) };
    }
  });
  return (
    <Show when={props.live()}>
      {(live) => (
        <section class="panel" data-testid="live-distill">
          <header class="panel-header">
            <h2>Distillation, live</h2>
            <Show when={live().distilling}>
              <div class="row">
                <Show
                  when={props.pauseAsked()}
                  fallback={
                    <button type="button" data-testid="distill-pause" onClick={() => props.onPause()}>
                      Pause
                    </button>
                  }
                >
                  <button type="button" data-testid="distill-resume" onClick={() => props.onResume()}>
                    Resume
                  </button>
                </Show>
                <button
                  type="button"
                  data-testid="distill-evaluate"
                  disabled={props.evaluationAsked()}
                  onClick={() => props.onEvaluate()}
                >
                  {props.evaluationAsked() ? 'Evaluating…' : 'Evaluate now'}
                </button>
              </div>
            </Show>
          </header>
          <p data-testid="distill-state">{liveStatus(live(), props.pauseAsked())}</p>
          <Show when={preview.latest} fallback={<p class="muted">Loading the classes…</p>}>
            {(loaded) => (
              <Show
                when={loaded().preview}
                fallback={<p class="problem">Could not load the classes: {loaded().problem}</p>}
              >
                {(shown) => (
                  <SyntheticSetView
                    synthetic={live().snapshot}
                    preview={shown()}
                    summary={`${live().label} (seed ${live().seed}): ${plural(live().snapshot.classes.length, 'synthetic example')} after ${live().snapshot.iteration + 1} of ${plural(live().snapshot.iterations, 'iteration')}.`}
                  />
                )}
              </Show>
            )}
          </Show>
        </section>
      )}
    </Show>
  );
}
