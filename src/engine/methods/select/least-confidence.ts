import { pretrainedScores, pretrainParams, scoreMethod } from '../coreset/score-method';
import { leastConfidenceScore } from '../coreset/scores';

/** Uncertainty by least confidence (Coleman et al., ICLR 2020, selection via proxy): 1 - max probability. */
export const leastConfidence = scoreMethod({
  id: 'least-confidence',
  description: 'Keeps the examples whose top predicted probability is lowest after a short training.',
  scoreName: '1 - max probability',
  rounds: ['static', 'resample', 'reselect'],
  params: pretrainParams({ epochs: 1 }),
  scores: (context, params) => pretrainedScores(context, params, leastConfidenceScore),
  rescore: leastConfidenceScore,
});
