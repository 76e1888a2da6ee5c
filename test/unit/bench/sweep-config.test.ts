import { expect, it } from 'vitest';
import { sweepCoresetTorchArgs, sweepDistillTorchArgs, sweepLabConfig, SWEEP } from '../../../bench/sweep-config';
import { plannedRuns } from '../../../src/core/settings/sweep';
import { requireConfig } from '../../../src/engine/config';
import { OpenDatasets } from '../../../src/engine/data/open-datasets';

it('the sweep bench runs a config the engine accepts, and gives PyTorch the same budgets, epochs and seeds', () => {
  const config = requireConfig(new OpenDatasets(), sweepLabConfig());
  expect(config.budgets).toEqual([{ ipc: 1 }, { ipc: 10 }, { ipc: 50 }]);
  expect(config.fairEvaluation).toBe(true);
  // Four methods at three budgets on two seeds.
  expect(plannedRuns(config)).toHaveLength(4 * 3 * 2);
  const coreset = sweepCoresetTorchArgs();
  expect(coreset.slice(coreset.indexOf('--epochs'), coreset.indexOf('--epochs') + 2)).toEqual([
    '--epochs',
    '1:300,10:300,50:300',
  ]);
  const distill = sweepDistillTorchArgs();
  expect(distill).toContain('--accuracy');
  expect(distill).not.toContain('--warm-up');
  expect(distill[distill.indexOf('--ipc') + 1]).toBe('1,10,50');
  expect(distill[distill.indexOf('--iterations') + 1]).toBe(`dm:${SWEEP.iterations.dm},mtt:${SWEEP.iterations.mtt}`);
  expect(distill[distill.indexOf('--epochs') + 1]).toBe(String(config.train.epochs));
  expect(distill[distill.indexOf('--seeds') + 1]).toBe(config.seeds.join(','));
});
