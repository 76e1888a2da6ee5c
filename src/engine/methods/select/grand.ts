import { outputScoreMethod } from '../coreset/score-method';
import { grandScore } from '../coreset/scores';

/**
 * GraNd (Paul et al., NeurIPS 2021): the norm of each example's loss
 * gradient, here at the last layer as DeepCore computes it, averaged over
 * several short runs.
 */
export const grand = outputScoreMethod({
  id: 'grand',
  description: 'Last-layer gradient norm per example, averaged over short runs; keeps the largest.',
  scoreName: 'GraNd',
  score: grandScore,
  defaults: { epochs: 1, runs: 2 },
});
