import { defineMethod } from '../../contracts/method';
import { stepsPerRound } from '../budget';
import { classBalancedSample } from '../sampling';
import { teacherLabel, teacherParams, teacherTargets } from '../teacher';

/** A static class-balanced random subset, trained for the same epochs over itself (optionally with a teacher). */
export const random = defineMethod({
  id: 'random',
  family: 'baseline',
  description: 'One class-balanced random subset of the budget, fixed for the whole run.',
  params: { ...teacherParams },
  label: (settings, budget) => `random ${budget.label}${teacherLabel(settings)}`,
  async plan(context, settings) {
    const { dataset, budget, epochs, batchSize, rng } = context;
    const subset = classBalancedSample(dataset.train.y, budget.perClass, rng);
    const selection = { indices: subset, rounds: 0 };
    return {
      examplesPerRound: subset.length,
      totalSteps: epochs * stepsPerRound(subset.length, batchSize),
      nextRound: () => {
        selection.rounds++;
        return rng.shuffle(subset.slice());
      },
      teacher: await teacherTargets(context, settings),
      selection,
    };
  },
});
