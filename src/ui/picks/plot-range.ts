/**
 * The axes of a scatter plot: the range its points, an overlay and any
 * decision boundaries take in. Pure, so that several plots can share one
 * range (the boundary panels) and so that it can be tested alone.
 */
import type { PreviewPoints } from '../../core/data/preview';
import type { DecisionBoundary } from '../../core/results/types';

export interface PlotRange {
  x: [number, number];
  y: [number, number];
}

/** The smallest and largest finite value over the arrays; [Infinity, -Infinity] when there is none. */
export function extent(...arrays: ArrayLike<number>[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return [min, max];
}

/**
 * The range that holds the points, the overlay's points (distilled points
 * may leave the real data's range) and every boundary's grid.
 */
export function rangeOf(
  points: PreviewPoints,
  overlay?: PreviewPoints,
  boundaries: readonly DecisionBoundary[] = [],
): PlotRange {
  const xs: ArrayLike<number>[] = [points.x, ...(overlay ? [overlay.x] : [])];
  const ys: ArrayLike<number>[] = [points.y, ...(overlay ? [overlay.y] : [])];
  for (const boundary of boundaries) {
    xs.push([boundary.x0, boundary.x1]);
    ys.push([boundary.y0, boundary.y1]);
  }
  return { x: extent(...xs), y: extent(...ys) };
}
