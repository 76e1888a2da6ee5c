/**
 * The uniform interface of a method. A method turns (dataset, budget, seed)
 * into a DataPlan: which examples each training round holds, and optionally
 * an augmentation of each batch. Work it does before training is timed as
 * overhead by the experiment runner.
 */
import type * as v from 'valibot';
import type { Dataset } from '../data/dataset';
import type { Rng } from '../rng';
import type { DataPlan } from '../train/loop';
import type { Budget } from './budget';

export type MethodFamily = 'baseline' | 'selection' | 'augmentation' | 'distillation';

export interface MethodContext {
  dataset: Dataset;
  budget: Budget;
  epochs: number;
  batchSize: number;
  rng: Rng;
}

export interface MethodEntry {
  id: string;
  family: MethodFamily;
  description: string;
  /** Settings beyond `name`, with defaults (valibot entries, titled for the form). */
  params: v.ObjectEntries;
  /** Names the results row, e.g. "rs2 10% (with replacement)". */
  label(params: Record<string, unknown>, budget: Budget): string;
  plan(context: MethodContext, params: Record<string, unknown>): DataPlan | Promise<DataPlan>;
}
