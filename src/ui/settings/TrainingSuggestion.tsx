/**
 * Under the dataset: what its pick did to the training settings (set them
 * to what suits it), or, where the person's own were kept, a button that
 * sets the dataset's suggestion (suggested-training.ts decides which).
 */
import { Match, Switch } from 'solid-js';
import type { ParamValues } from './form-state';
import { holds, type TrainingOnPick } from './suggested-training';

/** A pick's outcome for the dataset picked, while it has something to say. */
export type TrainingPick = Exclude<TrainingOnPick, { kind: 'keep' }> & { dataset: string };

interface TrainingSuggestionProps {
  pick: TrainingPick | null;
  /** The dataset chosen now: a pick's words are for its own dataset only. */
  dataset: string;
  train: ParamValues;
  disabled: boolean;
  /** Sets the suggestion's values, and says `note` in place of the offer. */
  apply: (values: ParamValues, note: string) => void;
}

export function TrainingSuggestion(props: TrainingSuggestionProps) {
  const pick = () => (props.pick?.dataset === props.dataset ? props.pick : null);
  // The offer stands until the form holds what it would set (the person may have typed it).
  const offer = () => {
    const current = pick();
    return current?.kind === 'offer' && !holds(props.train, current.suggestion) ? current : null;
  };
  return (
    <Switch>
      <Match when={pick()?.kind === 'set' && pick()}>
        {(set) => (
          <p class="hint" role="status" data-testid="training-set">
            {set().note}
          </p>
        )}
      </Match>
      <Match when={offer()}>
        {(current) => (
          <p class="hint training-offer" data-testid="training-offer">
            Your training settings are kept.{' '}
            <button
              type="button"
              class="small-button"
              data-testid="training-use-suggested"
              title={current().training}
              disabled={props.disabled}
              onClick={() => props.apply(current().values, current().note)}
            >
              {current().label}
            </button>{' '}
            ({current().training})
          </p>
        )}
      </Match>
    </Switch>
  );
}
