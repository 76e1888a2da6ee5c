import { geometryMethod } from '../coreset/geometry-method';
import { kCenterGreedy } from '../coreset/geometry';

/**
 * k-center greedy (Sener & Savarese, ICLR 2018, "core-set"): from a random
 * start, repeatedly add the example farthest from all picked ones, so that
 * every example lies close to a picked one (a small covering radius).
 */
export const kcenter = geometryMethod({
  id: 'kcenter',
  description: 'Farthest-first traversal: covers the feature space with the fewest, most spread-out examples.',
  params: {},
  pick: (x, take, rng) => kCenterGreedy(x, take, rng.int(x.shape[0])),
});
