import { pretrainedScores, pretrainParams, scoreMethod } from '../coreset/score-method';
import { marginScore } from '../coreset/scores';

/** Uncertainty by margin (Coleman et al., ICLR 2020): the smallest gaps between the top two classes. */
export const margin = scoreMethod({
  id: 'margin',
  description: 'Keeps the examples with the smallest gap between the two most likely classes.',
  scoreName: '1 - margin',
  rounds: ['static', 'resample', 'reselect'],
  params: pretrainParams({ epochs: 1 }),
  scores: (context, params) => pretrainedScores(context, params, marginScore),
  rescore: marginScore,
});
