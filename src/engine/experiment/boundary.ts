/**
 * The decision boundary of a model trained on a 2-D set (TensorFlow
 * Playground's picture): its class at the centre of every cell of a grid
 * over the data's range. Computed after a run's clock has stopped.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../core/data/dataset';
import type { Model } from '../models/model';
import { prepareInput } from '../train/batch-source';
import type { DecisionBoundary } from '../../core/results/types';

/** Cells along each side of the grid. */
export const BOUNDARY_SIZE = 64;
/** Air around the data, as a share of its span on each side. */
const MARGIN = 0.05;

/** Whether a set is one whose boundary can be drawn: 2-D points. */
export function hasBoundary(dataset: Pick<Dataset, 'input'>): boolean {
  return dataset.input.kind === 'vector' && dataset.input.length === 2;
}

/** The grid's range: every training and test point, with some air. */
export function boundaryRange(
  dataset: Pick<Dataset, 'train' | 'test'>,
): Pick<DecisionBoundary, 'x0' | 'x1' | 'y0' | 'y1'> {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const { x, count } of [dataset.train, dataset.test]) {
    for (let i = 0; i < count; i++) {
      const [px, py] = [x[2 * i], x[2 * i + 1]];
      if (px < x0) x0 = px;
      if (px > x1) x1 = px;
      if (py < y0) y0 = py;
      if (py > y1) y1 = py;
    }
  }
  const padX = (x1 - x0) * MARGIN || 1;
  const padY = (y1 - y0) * MARGIN || 1;
  return { x0: x0 - padX, x1: x1 + padX, y0: y0 - padY, y1: y1 + padY };
}

/** The centre of cell (i, j): i along x from x0, j along y from y0. */
export function cellCentre(
  grid: Pick<DecisionBoundary, 'x0' | 'x1' | 'y0' | 'y1' | 'size'>,
  i: number,
  j: number,
): [number, number] {
  return [
    grid.x0 + ((i + 0.5) * (grid.x1 - grid.x0)) / grid.size,
    grid.y0 + ((j + 0.5) * (grid.y1 - grid.y0)) / grid.size,
  ];
}

/** The model's class over the data's range, one batch and one read-back; undefined where the set is not 2-D. */
export async function decisionBoundary(
  model: Model,
  dataset: Dataset,
  size = BOUNDARY_SIZE,
): Promise<DecisionBoundary | undefined> {
  if (!hasBoundary(dataset)) return undefined;
  const range = boundaryRange(dataset);
  const grid = { ...range, size };
  const points = new Float32Array(size * size * 2);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const [x, y] = cellCentre(grid, i, j);
      points[2 * (j * size + i)] = x;
      points[2 * (j * size + i) + 1] = y;
    }
  }
  const classes = tf.tidy(() =>
    tf.argMax(model.apply(prepareInput(tf.tensor2d(points, [size * size, 2]), dataset.input)), 1),
  );
  try {
    return { ...grid, classes: Array.from(await classes.data()) };
  } finally {
    classes.dispose();
  }
}
