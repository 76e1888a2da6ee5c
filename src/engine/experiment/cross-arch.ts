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
import { RunDiverged } from '../contracts/errors';
import type { DataPlan } from '../contracts/plan';
import { modelEntry } from '../models/registry';
import { Clock } from '../train/clock';
import { trainModel, type TrainingJob } from '../train/loop';

type Job = Pick<TrainingJob, 'classCount' | 'train' | 'test' | 'testSample' | 'settings' | 'shouldStop'>;

/** Each model's accuracy, in the order the row names them; `seed` draws their weights and batches. */
export async function evaluateElsewhere(
  specs: readonly ModelSpec[],
  plan: DataPlan,
  input: InputSpec,
  seed: number,
  job: Job,
): Promise<CrossArchEvaluation[]> {
  const evaluations: CrossArchEvaluation[] = [];
  for (const [i, spec] of specs.entries()) {
    // Streams of their own, apart from the run's (see run-one.ts's STREAM).
    const rng = new Rng(seed).fork(0xc0 + i);
    const model = modelEntry(spec.name).create(input, job.classCount, spec, rng.fork(1));
    try {
      // Curve points are not kept: the last, on the whole test split, is the one wanted.
      const { points } = await trainModel({
        ...job,
        model,
        plan,
        settings: { ...job.settings, evalPoints: 1 },
        clock: new Clock(),
        rng: rng.fork(2),
      });
      evaluations.push({ model: spec, label: modelLabel(spec), testAcc: points.at(-1)!.testAcc });
    } catch (error) {
      if (!(error instanceof RunDiverged)) throw error;
      evaluations.push({
        model: spec,
        label: modelLabel(spec),
        testAcc: error.points.at(-1)?.testAcc ?? 0,
        diverged: error.message,
      });
    } finally {
      model.dispose();
    }
  }
  return evaluations;
}
