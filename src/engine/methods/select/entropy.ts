import { pretrainedScores, pretrainParams, scoreMethod } from '../coreset/score-method';
import { entropyScore } from '../coreset/scores';

/** Uncertainty by entropy (Coleman et al., ICLR 2020): the most spread-out predictions. */
export const entropy = scoreMethod({
  id: 'entropy',
  description: 'Keeps the examples whose predicted class distribution has the highest entropy.',
  scoreName: 'entropy',
  rounds: ['static', 'resample', 'reselect'],
  params: pretrainParams({ epochs: 1 }),
  scores: (context, params) => pretrainedScores(context, params, entropyScore),
  rescore: entropyScore,
});
