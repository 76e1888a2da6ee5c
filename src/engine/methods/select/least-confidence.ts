import { outputScoreMethod } from '../coreset/score-method';
import { leastConfidenceScore } from '../coreset/scores';

/** Uncertainty by least confidence (Coleman et al., ICLR 2020, selection via proxy): 1 - max probability. */
export const leastConfidence = outputScoreMethod({
  id: 'least-confidence',
  description: 'Keeps the examples whose top predicted probability is lowest after a short training.',
  scoreName: '1 - max probability',
  score: leastConfidenceScore,
  defaults: { epochs: 1 },
});
