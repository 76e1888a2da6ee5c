/**
 * A distilled set judged on networks it was not distilled with, as DC, DM
 * and MTT report it: after the run, off its clock, each model the row's
 * `evaluateOn` names trains from its own initial weights on the set the
 * run trained on, as the run trained (the same epochs, optimizer, batch
 * size and augmentation), and is tested on the whole test split.
 */
import type { InputSpec } from '../../core/data/dataset';
import { modelLabel } from '../../core/results/cross-arch';
import type { CrossArchEvaluation } from '../../core/results/types';
import { Rng } from '../../core/rng';
import type { ModelSpec } from '../../core/settings/config';
import type { DataPlan } from '../contracts/plan';
import { modelEntry } from '../models/registry';
import { type AfterRunJob, trainedAccuracy } from './after-run';

/** Each model's accuracy, in the order the row names them; `seed` draws their weights and batches. */
export async function evaluateElsewhere(
  specs: readonly ModelSpec[],
  plan: DataPlan,
  input: InputSpec,
  seed: number,
  job: AfterRunJob,
): Promise<CrossArchEvaluation[]> {
  const evaluations: CrossArchEvaluation[] = [];
  for (const [i, spec] of specs.entries()) {
    // Streams of their own, apart from the run's (see run-one.ts's STREAM).
    const rng = new Rng(seed).fork(0xc0 + i);
    const model = modelEntry(spec.name).create(input, job.classCount, spec, rng.fork(1));
    const trained = await trainedAccuracy(plan, model, job, rng.fork(2));
    evaluations.push({ model: spec, label: modelLabel(spec), ...trained });
  }
  return evaluations;
}
