/**
 * Turning scores or a geometry into subsets of the budget: per class
 * (class-balanced, the default) or over all the data at once.
 */
import { indicesByClass } from '../../../core/data/dataset';
import type { Rng } from '../../../core/rng';
import type { MethodContext } from '../../contracts/method';

/** A set of candidates and how many of them to pick. */
export interface PickGroup {
  members: Int32Array;
  take: number;
}

/** One group per class (the budget's per-class counts), or one group of all data. */
export function pickGroups(context: Pick<MethodContext, 'dataset' | 'budget'>, classBalanced: boolean): PickGroup[] {
  const { dataset, budget } = context;
  if (!classBalanced) {
    return [{ members: Int32Array.from({ length: dataset.train.count }, (_, i) => i), take: budget.examples }];
  }
  return indicesByClass(dataset.train.y, dataset.classes.length).map((members, c) => ({
    members,
    take: budget.perClass[c],
  }));
}

/** The `take` members with the highest (or lowest) scores from each group; ties go to the lower index. */
export function topByScore(scores: Float32Array, groups: PickGroup[], highest: boolean): Int32Array {
  const sign = highest ? -1 : 1;
  const picked: number[] = [];
  for (const { members, take } of groups) {
    const order = Array.from(members).sort((a, b) => sign * (scores[a] - scores[b]) || a - b);
    picked.push(...order.slice(0, take));
  }
  return Int32Array.from(picked);
}

/**
 * `take` members of each group drawn without replacement with probability
 * proportional to the score (or to its distance from the largest score when
 * `highest` is false), by Efraimidis-Spirakis keys u^(1/w). A floor on the
 * weights keeps every example possible.
 */
export function sampleByScore(scores: Float32Array, groups: PickGroup[], highest: boolean, rng: Rng): Int32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    min = Math.min(min, s);
    max = Math.max(max, s);
  }
  const span = max - min || 1;
  const floor = 1e-3;
  const picked: number[] = [];
  for (const { members, take } of groups) {
    const keyed = Array.from(members, (i) => {
      const w = (highest ? scores[i] - min : max - scores[i]) / span + floor;
      return { i, key: Math.log(rng.next() || Number.MIN_VALUE) / w };
    });
    keyed.sort((a, b) => b.key - a.key);
    picked.push(...keyed.slice(0, take).map((e) => e.i));
  }
  return Int32Array.from(picked);
}
