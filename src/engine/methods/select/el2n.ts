import { outputScoreMethod } from '../coreset/score-method';
import { el2nScore } from '../coreset/scores';

/**
 * EL2N (Paul et al., "Deep Learning on a Data Diet", NeurIPS 2021): the norm
 * of the error vector early in training, averaged over several runs; high
 * scores mark hard examples, which the paper keeps.
 */
export const el2n = outputScoreMethod({
  id: 'el2n',
  description: 'Error L2 norm early in training, averaged over short runs; keeps the hardest examples.',
  scoreName: 'EL2N',
  score: el2nScore,
  defaults: { epochs: 1, runs: 2 },
});
