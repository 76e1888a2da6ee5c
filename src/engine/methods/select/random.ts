import type { MethodEntry } from '../method';
import { stepsPerRound } from '../budget';
import { classBalancedSample } from '../sampling';

/** A static class-balanced random subset, trained for the same epochs over itself. */
export const random: MethodEntry = {
  id: 'random',
  family: 'baseline',
  description: 'One class-balanced random subset of the budget, fixed for the whole run.',
  params: {},
  label: (_params, budget) => `random ${budget.label}`,
  plan({ dataset, budget, epochs, batchSize, rng }) {
    const subset = classBalancedSample(dataset.train.y, budget.perClass, rng);
    return {
      examplesPerRound: subset.length,
      totalSteps: epochs * stepsPerRound(subset.length, batchSize),
      nextRound: () => rng.shuffle(subset.slice()),
    };
  },
};
