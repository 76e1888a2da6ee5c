/** How the mixing preview words an example's target. */
/** Weights below this round to 0.00 and are left out. */
const SHOWN_FROM = 0.005;

/** "0.62 T-shirt · 0.38 Sneaker": an example's label weights, largest first. */
export function weightsText(weights: readonly number[], classes: readonly string[]): string {
  return weights
    .map((weight, c) => ({ weight, name: classes[c] }))
    .filter((part) => part.weight >= SHOWN_FROM)
    .sort((a, b) => b.weight - a.weight)
    .map((part) => `${part.weight.toFixed(2)} ${part.name}`)
    .join(' · ');
}

/** "λ = 0.62": the share of each example's own part. */
export function lambdaText(lambda: number): string {
  return `λ = ${lambda.toFixed(2)}`;
}
