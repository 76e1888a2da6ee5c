import * as v from 'valibot';
import { intField } from '../../../core/settings/fields';
import { defineMethod } from '../../contracts/method';
import { expertTrajectories } from './expert-buffer';
import { distil, initLabel } from './synthetic-set';
import {
  checkUnrollMemory,
  lastExpertStart,
  LOSS_EVERY,
  matchTrajectories,
  trajectoryParams,
} from './trajectory-matching';

/**
 * Matching training trajectories (Cazenavette et al., CVPR 2022): a few SGD
 * steps on the synthetic set, from a random point on an expert's training
 * path up to a latest start epoch, should land where the expert got after
 * whole epochs on real data. The experts are trained once per seed (see
 * expert-buffer.ts); the run trains on the synthetic set with the
 * comparison's own settings, as every method does.
 */
export const mtt = defineMethod({
  id: 'mtt',
  family: 'distillation',
  description:
    'Trajectory matching: a few steps on the synthetic set land where experts got after epochs on real data.',
  inputs: ['image', 'vector', 'tokens'],
  params: {
    ...trajectoryParams,
    maxStartEpoch: v.optional(
      v.pipe(
        intField(0, 200),
        v.title('latest start epoch'),
        v.description('Segments start at a random expert epoch up to this one.'),
      ),
      2,
    ),
  },
  label: (settings, budget) =>
    `mtt ${budget.label}${initLabel(settings)}${settings.bufferCost === 'reused' ? ' (reused experts)' : ''}`,
  async plan(context, settings) {
    // Settings that cannot work are refused before any expert is trained.
    const lastStart = Math.min(settings.maxStartEpoch, lastExpertStart('mtt', settings));
    const chunk = await checkUnrollMemory('mtt', context, settings);
    const trajectories = await expertTrajectories(context, settings);
    return distil(
      context,
      settings,
      { method: 'mtt', iterations: settings.iterations, lossEvery: LOSS_EVERY },
      (set, progress) =>
        matchTrajectories(context, set, trajectories, progress, settings, { startWindow: () => [0, lastStart], chunk }),
    );
  },
});
