import { outputScoreMethod } from '../coreset/score-method';
import { marginScore } from '../coreset/scores';

/** Uncertainty by margin (Coleman et al., ICLR 2020): the smallest gaps between the top two classes. */
export const margin = outputScoreMethod({
  id: 'margin',
  description: 'Keeps the examples with the smallest gap between the two most likely classes.',
  scoreName: '1 - margin',
  score: marginScore,
  defaults: { epochs: 1 },
});
