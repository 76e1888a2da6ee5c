/**
 * Each coreset method's defining property on small fixed data, through the
 * registry as a run uses it: herding matches the class mean, k-center covers,
 * facility location scores its objective, k-means draws from every cluster;
 * class balance is exact; a seed fixes the subset.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import type { Dataset } from '../../../../src/core/data/dataset';
import { classBalancedSample } from '../../../../src/engine/methods/sampling';
import { resolveBudget } from '../../../../src/engine/methods/budget';
import { Rng } from '../../../../src/core/rng';
import { planMethod } from './method-context';
import { classCounts, gaussianClasses, rows } from './method-data';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

const squared = (a: number[], b: number[]) => a.reduce((s, v, d) => s + (v - b[d]) ** 2, 0);
const mean = (points: number[][]) => points[0].map((_, d) => points.reduce((s, p) => s + p[d], 0) / points.length);

function membersOf(dataset: Dataset, c: number): number[] {
  return Array.from(dataset.train.y.keys()).filter((i) => dataset.train.y[i] === c);
}

/** Random class-balanced subsets of the same budget, for comparison. */
function randomSubsets(dataset: Dataset, budget: { ipc: number }, count: number): Int32Array[] {
  const perClass = resolveBudget(budget, dataset).perClass;
  return Array.from({ length: count }, (_, s) => classBalancedSample(dataset.train.y, perClass, new Rng(100 + s)));
}

async function picked(
  name: string,
  dataset: Dataset,
  budget: { ipc?: number; fraction?: number },
  params: Record<string, unknown> = {},
  seed = 0,
) {
  const { plan } = await planMethod(name, dataset, budget, params, { seed });
  return plan.selection!.indices;
}

describe('geometry methods', () => {
  const dataset = gaussianClasses(3, 120, 8);

  test("herding's subset mean is closer to the class mean than any of 20 random subsets'", async () => {
    const subset = await picked('herding', dataset, { ipc: 6 });
    const gap = (indices: ArrayLike<number>, c: number) => {
      const chosen = Array.from(indices).filter((i) => dataset.train.y[i] === c);
      return squared(mean(rows(dataset, chosen)), mean(rows(dataset, membersOf(dataset, c))));
    };
    for (let c = 0; c < 3; c++) {
      const herdingGap = gap(subset, c);
      for (const random of randomSubsets(dataset, { ipc: 6 }, 20)) expect(herdingGap).toBeLessThan(gap(random, c));
    }
  });

  test("k-center's covering radius is smaller than random subsets' (2-D)", async () => {
    const plane = gaussianClasses(3, 120, 2);
    const radius = (indices: ArrayLike<number>, c: number) => {
      const centres = rows(
        plane,
        Array.from(indices).filter((i) => plane.train.y[i] === c),
      );
      return Math.max(...rows(plane, membersOf(plane, c)).map((p) => Math.min(...centres.map((q) => squared(p, q)))));
    };
    for (const start of ['central', 'random']) {
      const subset = await picked('kcenter', plane, { ipc: 10 }, { start });
      for (let c = 0; c < 3; c++) {
        const kcenterRadius = radius(subset, c);
        for (const random of randomSubsets(plane, { ipc: 10 }, 20))
          expect(kcenterRadius).toBeLessThan(radius(random, c));
      }
    }
  });

  test("facility location's objective is not below random subsets'", async () => {
    // F(S) = sum_i max_{j in S} -||x_i - x_j||^2 (up to a constant): the lazy greedy maximises it.
    const objective = (indices: ArrayLike<number>, c: number) => {
      const centres = rows(
        dataset,
        Array.from(indices).filter((i) => dataset.train.y[i] === c),
      );
      return -rows(dataset, membersOf(dataset, c)).reduce(
        (s, p) => s + Math.min(...centres.map((q) => squared(p, q))),
        0,
      );
    };
    const subset = await picked('facility', dataset, { ipc: 8 });
    for (let c = 0; c < 3; c++) {
      for (const random of randomSubsets(dataset, { ipc: 8 }, 20))
        expect(objective(subset, c)).toBeGreaterThanOrEqual(objective(random, c));
    }
  });

  test('k-means draws from every cluster: one pick in each of five separated clusters', async () => {
    // One class made of five tight clusters far apart.
    const rng = new Rng(3);
    const centres = [0, 20, 40, 60, 80];
    const count = 100;
    const x = new Float32Array(count * 2);
    for (let i = 0; i < count; i++) {
      x[2 * i] = centres[i % 5] + 0.3 * rng.normal();
      x[2 * i + 1] = 0.3 * rng.normal();
    }
    const split = { x, y: new Int32Array(count), count };
    const clustered: Dataset = {
      id: 'clusters',
      name: 'clusters',
      classes: ['only'],
      input: { kind: 'vector', length: 2 },
      train: split,
      test: split,
    };
    for (const seed of [0, 1, 2]) {
      const subset = await picked('kmeans', clustered, { ipc: 5 }, { clusters: 5 }, seed);
      const hit = new Set(Array.from(subset, (i) => Math.round(x[2 * i] / 20)));
      expect(hit.size).toBe(5);
    }
  });
});

describe('every selection method', () => {
  const dataset = gaussianClasses(3, 60, 4, 7);
  const names = [
    'herding',
    'kcenter',
    'kmeans',
    'facility',
    'el2n',
    'grand',
    'forgetting',
    'least-confidence',
    'margin',
    'entropy',
  ];

  test.each(names)('%s: class balance is exact when on, the budget is kept when off', async (name) => {
    const balanced = await picked(name, dataset, { ipc: 7 });
    expect(classCounts(dataset, balanced)).toEqual([7, 7, 7]);
    expect(new Set(balanced).size).toBe(21);
    const pooled = await picked(name, dataset, { fraction: 0.1 }, { classBalanced: false });
    expect(pooled).toHaveLength(18);
    expect(new Set(pooled).size).toBe(18);
  });

  test.each(names)('%s: the same seed gives the same subset', async (name) => {
    const a = await picked(name, dataset, { ipc: 5 }, {}, 3);
    const b = await picked(name, dataset, { ipc: 5 }, {}, 3);
    expect([...a]).toEqual([...b]);
  });
});
