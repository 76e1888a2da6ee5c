import * as v from 'valibot';
import { defineMethod } from '../../contracts/method';
import { stepsPerRound } from '../budget';
import { passStream, uniformSampler } from '../sampling';

/**
 * Repeated Sampling of Random Subsets (Okanovic et al., ICLR 2024): each round
 * trains on a fresh random subset of the budget's size. Without replacement
 * the rounds walk through the data, covering it every ceil(1/r) rounds.
 */
export const rs2 = defineMethod({
  id: 'rs2',
  family: 'selection',
  description: 'A new random subset every round; without replacement it covers all data every 1/r rounds.',
  params: {
    replacement: v.optional(
      v.pipe(
        v.boolean('must be true or false'),
        v.title('with replacement'),
        v.description('Draw every round independently, instead of walking through all the data before repeating.'),
      ),
      false,
    ),
  },
  label: (settings, budget) => `rs2 ${budget.label}${settings.replacement ? ' (with replacement)' : ''}`,
  plan({ dataset, budget, epochs, batchSize, rng }, settings) {
    const n = dataset.train.count;
    const k = budget.examples;
    const sample = uniformSampler(n, rng);
    return {
      examplesPerRound: k,
      totalSteps: epochs * stepsPerRound(k, batchSize),
      nextRound: settings.replacement ? () => sample(k) : passStream(n, k, rng),
    };
  },
});
