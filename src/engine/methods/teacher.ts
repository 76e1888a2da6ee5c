/**
 * Knowledge distillation on a subset (Ben-Baruch et al. 2024): a teacher
 * trained on the full data, with the comparison's model and recipe, gives
 * soft labels. One teacher per seed serves every method of that seed: it is
 * trained once and cached, charged or reused (see cached-work.ts).
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { numberField } from '../../core/settings/fields';
import { Rng } from '../../core/rng';
import { cachedWork, costParam } from './cached-work';
import { pretrain } from './coreset/pretrain';
import { perExample } from './coreset/per-example';
import type { MethodContext } from '../contracts/method';
import type { TeacherTargets } from '../contracts/plan';
import type { Settings } from '../contracts/settings';

export const teacherParams = {
  kdWeight: v.optional(
    v.pipe(
      numberField(0, 1),
      v.title('KD weight'),
      v.description('Share of the loss that matches a full-data teacher’s soft labels (0 = no distillation).'),
    ),
    0,
  ),
  kdTemperature: v.optional(
    v.pipe(
      numberField(0, 100, true),
      v.title('KD temperature'),
      v.description('Softens the teacher’s probabilities; the loss is scaled by its square.'),
    ),
    4,
  ),
  kdTeacher: costParam(
    'teacher',
    'the teacher’s training counts on this run’s clock',
    'it is taken as already trained and reported apart',
  ),
};

export type TeacherSettings = Settings<typeof teacherParams>;

/** The row label's note for a run that distils: " + KD", or "" when it does not. */
export function teacherLabel(settings: TeacherSettings): string {
  if (!settings.kdWeight) return '';
  return ` + KD${settings.kdTeacher === 'reused' ? ' (reused teacher)' : ''}`;
}

/** A run's settings less the teacher's when it did not distil (kdWeight 0): they did nothing, so a result does not list them. */
export function withoutIdleTeacher(settings: Record<string, unknown>): Record<string, unknown> {
  if (settings.kdWeight) return settings;
  return Object.fromEntries(Object.entries(settings).filter(([key]) => !(key in teacherParams)));
}

/** The teacher's stream of randomness: the same for every method of a seed. */
const TEACHER_SALT = 0x7eac;

async function trainTeacher(context: MethodContext): Promise<Float32Array> {
  const model = await pretrain(context, { epochs: context.epochs, rng: new Rng(context.seed).fork(TEACHER_SALT) });
  try {
    return await perExample(context.train, model, context.dataset.classes.length, ({ logits }) => logits);
  } finally {
    model.dispose();
  }
}

/** The teacher's soft labels for a run, or undefined when the run does not distil. */
export async function teacherTargets(
  context: MethodContext,
  { kdWeight: weight, kdTemperature: temperature, kdTeacher }: TeacherSettings,
): Promise<TeacherTargets | undefined> {
  if (!weight) return undefined;
  const { dataset, settings } = context;
  const key = JSON.stringify([
    'teacher',
    dataset.id,
    dataset.train.count,
    context.model.spec,
    settings,
    context.epochs,
    context.seed,
  ]);
  const logits = await cachedWork(context, key, 'teacher', kdTeacher === 'charged', () => trainTeacher(context));
  const classCount = dataset.classes.length;
  const probabilities = tf.tidy(() =>
    tf.softmax(tf.div(tf.tensor2d(logits, [logits.length / classCount, classCount]), temperature)),
  );
  const values = (await probabilities.data()) as Float32Array;
  probabilities.dispose();
  return { probabilities: values, weight, temperature };
}
