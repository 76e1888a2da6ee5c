/**
 * What a run's confusion matrix says class by class: each class's test
 * accuracy, and the mistakes it makes most.
 */
import type { ConfusionMatrix } from './types';

export interface ClassAccuracy {
  name: string;
  /** Test examples of the class. */
  count: number;
  /** The share of them predicted right; null where the test split holds none. */
  accuracy: number | null;
}

export function classAccuracies({ classes, counts }: ConfusionMatrix): ClassAccuracy[] {
  return classes.map((name, c) => {
    const count = counts[c].reduce((a, b) => a + b, 0);
    return { name, count, accuracy: count === 0 ? null : counts[c][c] / count };
  });
}

export interface Confusion {
  truth: string;
  predicted: string;
  count: number;
}

/** The `top` most frequent mistakes (true class read as another), most first; ties in class order. */
export function mostConfused({ classes, counts }: ConfusionMatrix, top = 3): Confusion[] {
  const mistakes = counts.flatMap((row, t) =>
    row.flatMap((count, p) => (p !== t && count > 0 ? [{ truth: classes[t], predicted: classes[p], count }] : [])),
  );
  return mistakes.sort((a, b) => b.count - a.count).slice(0, top);
}
