/**
 * Methods that score every training example and keep the highest (or
 * lowest) scores: EL2N, GraNd, forgetting, uncertainty. The scores come from
 * a short pre-training (its time is overhead); per-round variants draw a new
 * subset every round from the same scores, or score again with the model
 * being trained.
 */
import * as v from 'valibot';
import { intField, oneOf } from '../../../core/settings/fields';
import type { Model } from '../../models/model';
import { defineFamilyMethod, type MethodContext } from '../../contracts/method';
import type { Settings } from '../../contracts/settings';
import { perExample, type ScoreFunction } from './per-example';
import { pretrain } from './pretrain';
import { keptForSeed } from '../cached-work';
import { subsetLabel, subsetParams, subsetPlan, type RoundMode } from './subset-method';
import { pickGroups, sampleByScore, topByScore } from './subsets';

/** The epochs of the pre-training that scores come from. */
export function pretrainParams(epochs: number) {
  return {
    pretrainEpochs: v.optional(
      v.pipe(
        intField(0, 100),
        v.title('pre-training epochs'),
        v.description('Epochs of full-data training before scoring (0 = at initialisation); counted as overhead.'),
      ),
      epochs,
    ),
  };
}

/** How many pre-trainings the scores are averaged over (EL2N, GraNd). */
function runsParam(runs: number) {
  return {
    runs: v.optional(
      v.pipe(
        intField(1, 20),
        v.title('scoring runs'),
        v.description('Independent pre-trainings whose scores are averaged.'),
      ),
      runs,
    ),
  };
}

const keepParam = {
  keep: v.optional(
    v.pipe(
      oneOf('keep', ['hardest', 'easiest'] as const),
      v.title('keep'),
      v.description('Keep the highest scores (hardest, as the papers do) or the lowest.'),
    ),
    'hardest',
  ),
};

/**
 * Scores averaged over `runs` short pre-trainings from different
 * initialisations. They depend on the seed and the settings, not on the
 * budget: a sweep's other budgets keep them (keptForSeed).
 */
function pretrainedScores(
  context: MethodContext,
  id: string,
  { pretrainEpochs, runs = 1 }: { pretrainEpochs: number; runs?: number },
  score: ScoreFunction,
): Promise<Float32Array> {
  // Drawn first, used or not, so that what the method draws next is the same whether the scores were kept.
  const streams = Array.from({ length: runs }, (_, r) => context.rng.fork(100 + r));
  return keptForSeed(context, ['scores', id, pretrainEpochs, runs], async (timed) => {
    const total = new Float32Array(context.dataset.train.count);
    for (const stream of streams) {
      const model = await timed('pretrain', () => pretrain(context, { epochs: pretrainEpochs, rng: stream }));
      try {
        const scores = await timed('score', () =>
          perExample(context.train, model, context.dataset.classes.length, score),
        );
        for (let i = 0; i < total.length; i++) total[i] += scores[i] / runs;
      } finally {
        model.dispose();
      }
    }
    return total;
  });
}

export interface ScoreMethodDefinition<P extends v.ObjectEntries> {
  id: string;
  description: string;
  /** Names the scores in the views, e.g. "EL2N". */
  scoreName: string;
  rounds: readonly RoundMode[];
  /** The method's own settings (pre-training epochs, runs). */
  params: P;
  /** Every training example's score, from the method's own pre-training. */
  scores(context: MethodContext, settings: Settings<P>): Promise<Float32Array>;
  /** The score from a model's outputs, used to score again with the model being trained ('reselect'). */
  rescore?: ScoreFunction;
}

export function scoreMethod<P extends v.ObjectEntries>(definition: ScoreMethodDefinition<P>) {
  return defineFamilyMethod(
    { ...keepParam, ...subsetParams(definition.rounds) },
    {
      id: definition.id,
      family: 'selection',
      description: definition.description,
      params: definition.params,
      label: (settings, budget) =>
        subsetLabel(definition.id, settings.keep === 'easiest' ? ['easiest'] : [], settings, budget),
      async plan(context, settings) {
        const highest = settings.keep !== 'easiest';
        const groups = pickGroups(context, settings.classBalanced);
        const scores = await definition.scores(context, settings);
        const sampler = context.rng.fork(0x3e);
        const pick = (values: Float32Array) =>
          settings.rounds === 'resample'
            ? sampleByScore(values, groups, highest, sampler)
            : topByScore(values, groups, highest);
        const indices = await context.overhead.time('select', () => pick(scores));
        const { rescore } = definition;
        const next =
          settings.rounds === 'resample'
            ? () => pick(scores)
            : settings.rounds === 'reselect' && rescore
              ? async (trained: Model) =>
                  pick(await perExample(context.train, trained, context.dataset.classes.length, rescore))
              : undefined;
        return subsetPlan(context, settings, {
          first: { indices, scores, scoreName: definition.scoreName, keepsHighest: highest, rounds: 0 },
          next,
        });
      },
    },
  );
}

/**
 * A method whose score is a function of a model's outputs (EL2N, GraNd,
 * uncertainty): scored after `pretrainEpochs`, averaged over `runs` when it
 * has them, and able to score again with the model being trained.
 */
export function outputScoreMethod(definition: {
  id: string;
  description: string;
  scoreName: string;
  score: ScoreFunction;
  defaults: { epochs: number; runs?: number };
}) {
  const { score, defaults, ...rest } = definition;
  const common = {
    ...rest,
    rounds: ['static', 'resample', 'reselect'] as const,
    rescore: score,
    scores: (context: MethodContext, settings: { pretrainEpochs: number; runs?: number }) =>
      pretrainedScores(context, definition.id, settings, score),
  };
  const epochs = pretrainParams(defaults.epochs);
  // Only a method that averages runs has the setting: the others' forms do not offer it.
  return defaults.runs === undefined
    ? scoreMethod({ ...common, params: epochs })
    : scoreMethod({ ...common, params: { ...epochs, ...runsParam(defaults.runs) } });
}
