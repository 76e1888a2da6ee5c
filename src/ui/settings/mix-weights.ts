/** How the mixing preview words an example's target. */
/** Weights below this round to 0.00 and are left out. */
const SHOWN_FROM = 0.005;

/**
 * "0.14 T-shirt · 0.86 Sneaker": an example's label weights, the example's
 * own class first, then its partner's (`labels`), then any other largest
 * first, whichever is larger; the same order for every augmentation.
 */
export function weightsText(
  weights: readonly number[],
  classes: readonly string[],
  labels: readonly [number, number],
): string {
  const rank = (c: number) => (c === labels[0] ? 0 : c === labels[1] ? 1 : 2);
  return weights
    .map((weight, c) => ({ weight, c, name: classes[c] }))
    .filter((part) => part.weight >= SHOWN_FROM)
    .sort((a, b) => rank(a.c) - rank(b.c) || b.weight - a.weight)
    .map((part) => `${part.weight.toFixed(2)} ${part.name}`)
    .join(' · ');
}

/** "λ = 0.62": the share of each example's own part. */
export function lambdaText(lambda: number): string {
  return `λ = ${lambda.toFixed(2)}`;
}
