/**
 * What every subset-selection method shares: the settings (class balance,
 * per-round variants, knowledge distillation), the row label, and the plan
 * that trains on the picked subset round by round. A method file only says
 * how to pick (see score-method.ts and geometry-method.ts, which make the
 * entries).
 */
import * as v from 'valibot';
import { oneOf } from '../../../core/settings/fields';
import type { Model } from '../../models/model';
import type { Budget } from '../budget';
import { stepsPerRound } from '../budget';
import type { MethodContext } from '../../contracts/method';
import type { DataPlan, Selection } from '../../contracts/plan';
import type { Settings } from '../../contracts/settings';
import { type TeacherSettings, teacherLabel, teacherParams, teacherTargets } from '../teacher';

export type RoundMode = 'static' | 'resample' | 'reselect';

const ROUND_HELP: Record<RoundMode, string> = {
  static: 'static: one subset for the whole run',
  resample: 'resample: a new subset every round, drawn with probabilities from the scores',
  reselect: 'reselect: a new subset every round, picked again with the model being trained',
};

export function subsetParams(modes: readonly RoundMode[]) {
  return {
    classBalanced: v.optional(
      v.pipe(
        v.boolean('must be true or false'),
        v.title('class-balanced'),
        v.description('Pick the budget’s share from every class (else from all data at once).'),
      ),
      true,
    ),
    rounds: v.optional(
      v.pipe(
        oneOf('round mode', modes as [RoundMode, ...RoundMode[]]),
        v.title('rounds'),
        v.description(`${modes.map((m) => ROUND_HELP[m]).join('; ')}.`),
      ),
      'static',
    ),
    ...teacherParams,
  };
}

export type SubsetSettings = Settings<ReturnType<typeof subsetParams>>;

/** Names the row: "herding 10%", "el2n 10% (easiest, reselect) + KD", ...; `notes` are the family's own. */
export function subsetLabel(id: string, notes: string[], settings: SubsetSettings, budget: Budget): string {
  const all = [...notes];
  if (!settings.classBalanced) all.push('not class-balanced');
  if (settings.rounds !== 'static') all.push(settings.rounds);
  return `${id} ${budget.label}${all.length > 0 ? ` (${all.join(', ')})` : ''}${teacherLabel(settings)}`;
}

export interface SubsetRounds {
  /** The first round's subset, picked during planning. */
  first: Selection;
  /** The subset of each later round; without it the subset is static. */
  next?: (trained: Model) => Promise<Int32Array> | Int32Array;
}

/** Trains on the subsets round after round, each shuffled, with a teacher's soft labels when asked. */
export async function subsetPlan(
  context: MethodContext,
  settings: TeacherSettings,
  { first, next }: SubsetRounds,
): Promise<DataPlan> {
  const size = first.indices.length;
  const shuffler = context.rng.fork(0x5b);
  const teacher = await teacherTargets(context, settings);
  first.rounds = 0;
  return {
    examplesPerRound: size,
    totalSteps: context.epochs * stepsPerRound(size, context.batchSize),
    async nextRound(trained) {
      first.rounds++;
      const subset =
        first.rounds === 1 || !next
          ? first.indices.slice()
          : await context.overhead.time('reselect', () => next(trained));
      return shuffler.shuffle(subset);
    },
    teacher,
    selection: first,
  };
}
