import * as v from 'valibot';
import type { MethodEntry } from '../../contracts/method';
import { stepsPerRound } from '../budget';
import { passStream, uniformSampler } from '../sampling';

/**
 * Repeated Sampling of Random Subsets (Okanovic et al., ICLR 2024): each round
 * trains on a fresh random subset of the budget's size. Without replacement
 * the rounds walk through the data, covering it every ceil(1/r) rounds.
 */
export const rs2: MethodEntry = {
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
  label: (params, budget) => `rs2 ${budget.label}${params.replacement ? ' (with replacement)' : ''}`,
  plan({ dataset, budget, epochs, batchSize, rng }, params) {
    const n = dataset.train.count;
    const k = budget.examples;
    const sample = uniformSampler(n, rng);
    return {
      examplesPerRound: k,
      totalSteps: epochs * stepsPerRound(k, batchSize),
      nextRound: params.replacement ? () => sample(k) : passStream(n, k, rng),
    };
  },
};
