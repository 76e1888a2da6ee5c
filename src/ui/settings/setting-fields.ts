/**
 * The settings the form shows beside the dataset, the model and the
 * methods, as the schema (core/settings/config.ts) titles and describes
 * them: a training setting given a `v.title` there appears in the form's
 * training grid, with its bounds and help, and goes into the config, the
 * link and the problems by its key, with no other edit.
 */
import { BUDGET_SCHEMA } from '../../core/settings/budget-schema';
import { DATA_SETTINGS, TOP_SETTINGS, TRAIN_SETTINGS } from '../../core/settings/config';
import { describeParam, describeParams, type ParamInfo } from '../../core/settings/describe';

/** The titled training settings, in the schema's order. */
export const TRAIN_FIELDS: readonly ParamInfo[] = describeParams(TRAIN_SETTINGS).filter((field) => field.titled);

const top = (key: keyof typeof TOP_SETTINGS): ParamInfo => describeParam(key, TOP_SETTINGS[key]);

export const SEEDS_FIELD = top('seeds');
export const BACKEND_FIELD = top('backend');
export const TARGET_FIELD = top('targetAcc');
export const FAIR_FIELD = top('fairEvaluation');
export const ZCA_FIELD = describeParam('zca', DATA_SETTINGS.zca);
export const BUDGET_FIELD = describeParam('budget', BUDGET_SCHEMA);

/** A setting's control id and test id: `batchSize` is `batch-size`. */
export function controlId(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
