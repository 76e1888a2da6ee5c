import { defineMethod } from '../../contracts/method';
import { stepsPerRound } from '../budget';

/** The reference every speed-up is measured against. */
export const full = defineMethod({
  id: 'full',
  family: 'baseline',
  description: 'All training data every epoch (the reference for speed-ups).',
  params: {},
  label: () => 'full',
  plan({ dataset, epochs, batchSize, rng }) {
    const n = dataset.train.count;
    return {
      examplesPerRound: n,
      totalSteps: epochs * stepsPerRound(n, batchSize),
      nextRound: () => rng.permutation(n),
    };
  },
});
