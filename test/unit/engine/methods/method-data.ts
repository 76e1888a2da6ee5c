/** Small fixed datasets for method tests. */
import type { Dataset } from '../../../../src/core/data/dataset';
import { Rng } from '../../../../src/core/rng';

/** `classes` gaussian clouds in `dims` dimensions, `perClass` points each, class c centred at 3 e_c. */
export function gaussianClasses(classes: number, perClass: number, dims: number, seed = 1): Dataset {
  const rng = new Rng(seed);
  const count = classes * perClass;
  const x = new Float32Array(count * dims);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    y[i] = i % classes;
    for (let d = 0; d < dims; d++) x[i * dims + d] = rng.normal() + (d === y[i] ? 3 : 0);
  }
  const split = { x, y, count };
  return {
    id: `gauss-${classes}-${perClass}-${dims}-${seed}`,
    name: 'gaussians',
    classes: Array.from({ length: classes }, (_, c) => `c${c}`),
    input: { kind: 'vector', length: dims },
    train: split,
    test: split,
  };
}

/** Rows of a vector dataset as arrays. */
export function rows(dataset: Dataset, indices: ArrayLike<number>): number[][] {
  const size = dataset.input.kind === 'vector' ? dataset.input.length : 0;
  return Array.from(indices, (i) => Array.from(dataset.train.x.subarray(i * size, (i + 1) * size)));
}

export function classCounts(dataset: Dataset, indices: ArrayLike<number>): number[] {
  const counts = new Array<number>(dataset.classes.length).fill(0);
  for (const i of Array.from(indices)) counts[dataset.train.y[i]]++;
  return counts;
}
