/**
 * What picking a dataset does to the training settings (epochs, batch
 * size, learning rate): where they are still what the last dataset
 * suggested, or the lab's own, they become what suits the new one, and the
 * form says so; where the person changed them, theirs stay and the form
 * offers the new dataset's in one click. Never overwrites what was typed.
 */
import type { CatalogDataset } from '../../core/settings/catalog';
import {
  LAB_TRAINING,
  SUGGESTED_KEYS,
  SUGGESTED_OPTIMIZER,
  type SuggestedTraining,
  trainingText,
} from '../../core/settings/suggested';
import { numberFrom } from '../common/number-text';
import type { ParamValues } from './form-state';

export type TrainingOnPick =
  /** Nothing to do or say: they already suit it, or the person's stay and nothing is suggested instead. */
  | { kind: 'keep' }
  /** Set to `values`; `note` says so, under the dataset. */
  | { kind: 'set'; values: ParamValues; note: string }
  /** The person's stay; `label` is the button that sets `values` (`suggestion`, `training` in words), then says `note`. */
  | {
      kind: 'offer';
      suggestion: SuggestedTraining;
      values: ParamValues;
      label: string;
      training: string;
      note: string;
    };

/** The dataset's name without what its brackets add: "MNIST (10k digits)" is "MNIST". */
export function shortName(dataset: Pick<CatalogDataset, 'name'>): string {
  return dataset.name.replace(/\s*\([^)]*\)\s*$/, '') || dataset.name;
}

const possessive = (name: string) => `${name}${name.endsWith('s') ? "'" : "'s"}`;

/** What the form should hold for a dataset: its suggestion, or the lab's own settings. */
export function suggestionFor(dataset: Pick<CatalogDataset, 'suggested'> | undefined): SuggestedTraining {
  return dataset?.suggested ?? LAB_TRAINING;
}

/** The suggestion as the form's text values, with the optimizer it is meant for. */
export function suggestedValues(training: SuggestedTraining): ParamValues {
  return {
    ...Object.fromEntries(SUGGESTED_KEYS.map((key) => [key, String(training[key])])),
    optimizer: SUGGESTED_OPTIMIZER,
  };
}

/** True when the form's training settings are `training` (numbers read as typed: "0.10" is 0.1) with its optimizer. */
export function holds(train: ParamValues, training: SuggestedTraining): boolean {
  const optimizer = train.optimizer ?? SUGGESTED_OPTIMIZER;
  return (
    optimizer === SUGGESTED_OPTIMIZER &&
    SUGGESTED_KEYS.every((key) => typeof train[key] === 'string' && numberFrom(train[key]) === training[key])
  );
}

/** True when two sets of the form's training settings say the same, key by key, as typed. */
export function sameTraining(a: ParamValues, b: ParamValues): boolean {
  return [...SUGGESTED_KEYS, 'optimizer'].every((key) => a[key] === b[key]);
}

/**
 * What picking `to` (after `from`; either unknown yet: no suggestion) does to
 * the form's training settings `train`. `typed` is what they were when the
 * person last typed in one of them: while they still are, they are the
 * person's, even where they equal a suggestion.
 */
export function trainingOnPick(
  train: ParamValues,
  from: CatalogDataset | undefined,
  to: CatalogDataset | undefined,
  typed: ParamValues | null = null,
): TrainingOnPick {
  const target = suggestionFor(to);
  if (holds(train, target)) return { kind: 'keep' };
  const values = suggestedValues(target);
  const asTyped = typed !== null && sameTraining(typed, train);
  const untouched = !asTyped && (holds(train, suggestionFor(from)) || holds(train, LAB_TRAINING));
  if (untouched) return { kind: 'set', values, note: setNote(to) };
  if (!to?.suggested) return { kind: 'keep' };
  return {
    kind: 'offer',
    suggestion: target,
    values,
    label: `Use ${possessive(shortName(to))} suggested settings`,
    training: trainingText(target),
    note: setNote(to),
  };
}

/** "Training settings set to what suits Spirals: 100 epochs, batch 32, lr 0.1." */
function setNote(to: CatalogDataset | undefined): string {
  const whose = to?.suggested ? `what suits ${shortName(to)}` : "the lab's defaults";
  return `Training settings set to ${whose}: ${trainingText(suggestionFor(to))}.`;
}
