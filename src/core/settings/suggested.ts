/**
 * Training settings that suit a dataset: with them full data learns well
 * and a comparison stays short enough for the browser. Each bundled dataset
 * carries its own (engine/data/registry.ts, measured there); the page offers
 * them when the dataset is picked (ui/settings/suggested-training.ts). They
 * are meant for SGD, the schema's default optimizer.
 */

export interface SuggestedTraining {
  epochs: number;
  batchSize: number;
  lr: number;
}

/** The lab's own training settings: the default comparison's, and a dataset's without a suggestion of its own. */
export const LAB_TRAINING: SuggestedTraining = { epochs: 5, batchSize: 64, lr: 0.05 };

/** The suggested keys, in the form's order. */
export const SUGGESTED_KEYS = ['epochs', 'batchSize', 'lr'] as const;

/** The optimizer the suggestions are for (their learning rates are SGD's). */
export const SUGGESTED_OPTIMIZER = 'sgd';

/** "300 epochs, batch 32, lr 0.1". */
export function trainingText({ epochs, batchSize, lr }: SuggestedTraining): string {
  return `${epochs} epoch${epochs === 1 ? '' : 's'}, batch ${batchSize}, lr ${lr}`;
}
