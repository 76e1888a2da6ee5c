/** How far two sides' picks agree, for the selection and coreset benches. */

/** Examples both lists hold, and how many picks match in order before the first difference. */
export function agreement(a: number[], b: number[]): { shared: number; samePrefix: number } {
  const inB = new Set(b);
  let samePrefix = 0;
  while (samePrefix < Math.min(a.length, b.length) && a[samePrefix] === b[samePrefix]) samePrefix++;
  return { shared: a.filter((i) => inB.has(i)).length, samePrefix };
}
