import { outputScoreMethod } from '../coreset/score-method';
import { entropyScore } from '../coreset/scores';

/** Uncertainty by entropy (Coleman et al., ICLR 2020): the most spread-out predictions. */
export const entropy = outputScoreMethod({
  id: 'entropy',
  description: 'Keeps the examples whose predicted class distribution has the highest entropy.',
  scoreName: 'entropy',
  score: entropyScore,
  defaults: { epochs: 1 },
});
