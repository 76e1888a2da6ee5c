import { geometryMethod } from '../coreset/geometry-method';
import { FACILITY_MAX_ROWS, facilityLocation } from '../coreset/geometry';

/**
 * Facility location (the submodular objective of CRAIG, Mirzasoleiman et
 * al., ICML 2020, as DeepCore selects with it): pick the set that every
 * example is most similar to at its nearest pick, by lazy greedy.
 */
export const facility = geometryMethod({
  id: 'facility',
  description: 'Submodular facility location (lazy greedy): every example should have a similar picked example.',
  params: {},
  pick(x, take, _rng, settings) {
    const rows = x.shape[0];
    if (rows > FACILITY_MAX_ROWS) {
      const pooled = settings.classBalanced
        ? ''
        : ' (all classes pooled: keep classBalanced on to select within each class)';
      throw new Error(
        `facility compares every pair of examples in a group, at most ${FACILITY_MAX_ROWS}; this group has ${rows}${pooled}`,
      );
    }
    return facilityLocation(x, take);
  },
});
