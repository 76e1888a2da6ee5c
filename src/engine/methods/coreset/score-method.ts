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
import type { MethodContext, MethodEntry } from '../../contracts/method';
import { perExample, type ScoreFunction } from './per-example';
import { pretrain } from './pretrain';
import { subsetMethod, subsetParams, subsetPlan, type RoundMode } from './subset-method';
import { pickGroups, sampleByScore, topByScore } from './subsets';

export function pretrainParams(defaults: { epochs: number; runs?: number }) {
  const epochs = {
    pretrainEpochs: v.optional(
      v.pipe(
        intField(0, 100),
        v.title('pre-training epochs'),
        v.description('Epochs of full-data training before scoring (0 = at initialisation); counted as overhead.'),
      ),
      defaults.epochs,
    ),
  };
  if (defaults.runs === undefined) return epochs;
  return {
    ...epochs,
    runs: v.optional(
      v.pipe(intField(1, 20), v.title('scoring runs'), v.description('Independent pre-trainings whose scores are averaged.')),
      defaults.runs,
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

/** Scores averaged over `runs` short pre-trainings from different initialisations. */
async function pretrainedScores(context: MethodContext, params: Record<string, unknown>, score: ScoreFunction): Promise<Float32Array> {
  const runs = (params.runs as number | undefined) ?? 1;
  const total = new Float32Array(context.dataset.train.count);
  for (let r = 0; r < runs; r++) {
    const model = await context.overhead.time('pretrain', () =>
      pretrain(context, { epochs: params.pretrainEpochs as number, rng: context.rng.fork(100 + r) }),
    );
    try {
      const scores = await context.overhead.time('score', () => perExample(context.train, model, context.dataset.classes.length, score));
      for (let i = 0; i < total.length; i++) total[i] += scores[i] / runs;
    } finally {
      model.dispose();
    }
  }
  return total;
}

export interface ScoreMethodDefinition {
  id: string;
  description: string;
  /** Names the scores in the views, e.g. "EL2N". */
  scoreName: string;
  rounds: readonly RoundMode[];
  /** The method's own settings (pre-training epochs, runs). */
  params: v.ObjectEntries;
  /** Every training example's score, from the method's own pre-training. */
  scores(context: MethodContext, params: Record<string, unknown>): Promise<Float32Array>;
  /** The score from a model's outputs, used to score again with the model being trained ('reselect'). */
  rescore?: ScoreFunction;
}

export function scoreMethod(definition: ScoreMethodDefinition): MethodEntry {
  return subsetMethod({
    id: definition.id,
    description: definition.description,
    params: { ...definition.params, ...keepParam, ...subsetParams(definition.rounds) },
    async plan(context, params) {
      const highest = params.keep !== 'easiest';
      const groups = pickGroups(context, params.classBalanced as boolean);
      const scores = await definition.scores(context, params);
      const sampler = context.rng.fork(0x3e);
      const pick = (values: Float32Array) =>
        params.rounds === 'resample' ? sampleByScore(values, groups, highest, sampler) : topByScore(values, groups, highest);
      const indices = await context.overhead.time('select', () => pick(scores));
      const { rescore } = definition;
      const next =
        params.rounds === 'resample'
          ? () => pick(scores)
          : params.rounds === 'reselect' && rescore
            ? async (trained: Model) => pick(await perExample(context.train, trained, context.dataset.classes.length, rescore))
            : undefined;
      return subsetPlan(context, params, {
        first: { indices, scores, scoreName: definition.scoreName, keepsHighest: highest, rounds: 0 },
        next,
      });
    },
  });
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
}): MethodEntry {
  const { score, defaults, ...rest } = definition;
  return scoreMethod({
    ...rest,
    rounds: ['static', 'resample', 'reselect'],
    params: pretrainParams(defaults),
    scores: (context, params) => pretrainedScores(context, params, score),
    rescore: score,
  });
}
