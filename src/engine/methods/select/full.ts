import * as v from 'valibot';
import { intField } from '../../../core/settings/fields';
import { defineMethod } from '../../contracts/method';
import { stepsPerRound } from '../budget';

/**
 * The reference every speed-up is measured against. Its own `epochs`, when
 * set, keeps it short where the comparison trains a tiny set for many
 * epochs (a distilled set, 2% of the data): as many passes over all the
 * data would take far longer than the rows it is the reference for.
 */
export const full = defineMethod({
  id: 'full',
  family: 'baseline',
  description: 'All training data every epoch (the reference for speed-ups).',
  params: {
    epochs: v.optional(
      v.pipe(
        intField(1, 1000),
        v.title('epochs'),
        v.description("Its own number of passes over all the data; blank (unset): the training's epochs."),
      ),
    ),
  },
  label: (settings) =>
    settings.epochs === undefined ? 'full' : `full (${settings.epochs} epoch${settings.epochs === 1 ? '' : 's'})`,
  plan({ dataset, epochs, batchSize, rng }, settings) {
    const n = dataset.train.count;
    return {
      examplesPerRound: n,
      totalSteps: (settings.epochs ?? epochs) * stepsPerRound(n, batchSize),
      nextRound: () => rng.permutation(n),
    };
  },
});
