/**
 * Seeded, stratified train/test splits: every class keeps its share in both
 * parts, and a seed fixes the split (the bundled packs' held-out sets rely on it).
 */
import type { Rng } from '../../core/rng';
import { indicesByClass } from '../../core/data/dataset';

export interface IndexSplit {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Splits example indices by class. The test size is a fraction of all
 * examples or an exact count; it is shared among classes in proportion to
 * their sizes (largest remainder, so the parts sum exactly), and every class
 * of two or more examples keeps one on each side where the test size allows
 * it. Both parts come back in a seeded random order, so data stored class by
 * class is not served class by class.
 */
export function stratifiedSplit(
  labels: Int32Array,
  test: { fraction: number } | { count: number },
  rng: Rng,
): IndexSplit {
  const n = labels.length;
  const testTotal = 'count' in test ? test.count : Math.round(n * test.fraction);
  if (!Number.isInteger(testTotal) || testTotal < 0 || testTotal > n) {
    throw new Error(`stratifiedSplit: test size ${testTotal} is not a whole number in [0, ${n}]`);
  }
  let classCount = 0;
  for (const label of labels) {
    if (!Number.isInteger(label) || label < 0) throw new Error(`stratifiedSplit: bad label ${label}`);
    classCount = Math.max(classCount, label + 1);
  }
  const groups = indicesByClass(labels, classCount);
  const quotas = proportionalQuotas(
    groups.map((g) => g.length),
    testTotal,
  );

  const train = new Int32Array(n - testTotal);
  const testIdx = new Int32Array(testTotal);
  let nTrain = 0;
  let nTest = 0;
  groups.forEach((group, c) => {
    const shuffled = rng.shuffle(Int32Array.from(group));
    testIdx.set(shuffled.subarray(0, quotas[c]), nTest);
    train.set(shuffled.subarray(quotas[c]), nTrain);
    nTest += quotas[c];
    nTrain += group.length - quotas[c];
  });
  return { train: rng.shuffle(train), test: rng.shuffle(testIdx) };
}

/**
 * Shares `total` among groups in proportion to `sizes` (largest remainder;
 * ties to the lower index), then gives each group of two or more one on
 * each side where it can: a group left with none takes one from the group
 * with the most to spare, and a group left with all gives one to the group
 * with the most room.
 */
function proportionalQuotas(sizes: number[], total: number): number[] {
  const quotas = largestRemainder(sizes, total);
  /** What a group must keep on each side: one, if it has two or more. */
  const floor = (i: number) => (sizes[i] >= 2 ? 1 : 0);
  /** The group with the most `amount` (the lower index on ties), or -1 where none has any. */
  const most = (amount: (i: number) => number) => {
    let best = -1;
    sizes.forEach((_, i) => {
      if (amount(i) > 0 && (best < 0 || amount(i) > amount(best))) best = i;
    });
    return best;
  };
  sizes.forEach((size, i) => {
    if (size < 2) return;
    if (quotas[i] === 0) {
      const from = most((j) => quotas[j] - floor(j));
      if (from < 0) return;
      quotas[from]--;
      quotas[i]++;
    } else if (quotas[i] === size) {
      const to = most((j) => sizes[j] - quotas[j] - floor(j));
      if (to < 0) return;
      quotas[to]++;
      quotas[i]--;
    }
  });
  return quotas;
}

function largestRemainder(sizes: number[], total: number): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (n === 0 ? 0 : (s * total) / n));
  const quotas = exact.map(Math.floor);
  let left = total - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    quotas[i]++;
    left--;
  }
  return quotas;
}
