import { geometryMethod } from '../coreset/geometry-method';
import { facilityLocation } from '../coreset/geometry';

/**
 * Facility location (the submodular objective of CRAIG, Mirzasoleiman et
 * al., ICML 2020, as DeepCore selects with it): pick the set that every
 * example is most similar to at its nearest pick, by lazy greedy.
 */
export const facility = geometryMethod({
  id: 'facility',
  description: 'Submodular facility location (lazy greedy): every example should have a similar picked example.',
  params: {},
  pick: (x, take) => facilityLocation(x, take),
});
