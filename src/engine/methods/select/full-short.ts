import { defineMethod } from '../../contracts/method';
import { stepsPerRound } from '../budget';

/**
 * Full data for fewer epochs: the same number of steps as RS2 (and a static
 * subset) at this budget, walking shuffled passes over all the data. The fair
 * baseline RS2's reviewers asked for.
 */
export const fullShort = defineMethod({
  id: 'full-short',
  family: 'baseline',
  description: 'All data, but only as many steps as RS2 takes at this budget (full data, fewer epochs).',
  params: {},
  label: (_params, budget) => `full-short ${budget.label}`,
  plan({ dataset, budget, epochs, batchSize, rng }) {
    const n = dataset.train.count;
    return {
      examplesPerRound: n,
      totalSteps: epochs * stepsPerRound(budget.examples, batchSize),
      nextRound: () => rng.permutation(n),
    };
  },
});
