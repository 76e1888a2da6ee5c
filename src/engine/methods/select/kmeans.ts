import * as v from 'valibot';
import { intField } from '../../../core/settings/fields';
import { proportional } from '../budget';
import { geometryMethod } from '../coreset/geometry-method';
import { kMeans } from '../coreset/geometry';

/**
 * k-means diversity: cluster each class (k-means++ then Lloyd), and draw
 * from every cluster in proportion to its size, so that every mode of the
 * data is represented. With as many clusters as picks, each cluster gives one.
 */
export const kmeans = geometryMethod({
  id: 'kmeans',
  description: 'Clusters the data and draws from every cluster in proportion to its size.',
  params: {
    clusters: v.optional(
      v.pipe(intField(1, 1000), v.title('clusters'), v.description('Clusters per class (at most one per pick).')),
      10,
    ),
  },
  async pick(x, take, rng, settings) {
    const clusters = Math.min(settings.clusters, take);
    const assignment = await kMeans(x, clusters, rng);
    const members: number[][] = Array.from({ length: clusters }, () => []);
    assignment.forEach((cluster, row) => members[cluster].push(row));
    const counts = proportional(
      take,
      members.map((m) => m.length),
    );
    const picked: number[] = [];
    members.forEach((rows, cluster) => picked.push(...rng.shuffle(rows).slice(0, counts[cluster])));
    return Int32Array.from(picked);
  },
});
