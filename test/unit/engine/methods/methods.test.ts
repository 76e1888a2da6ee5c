import { describe, expect, test } from 'vitest';
import type { Dataset } from '../../../../src/core/data/dataset';
import { resolveBudget } from '../../../../src/engine/methods/budget';
import type { DataPlan } from '../../../../src/engine/contracts/plan';
import { methodEntry } from '../../../../src/engine/methods/registry';
import { passStream } from '../../../../src/engine/methods/sampling';
import type { Model } from '../../../../src/engine/models/model';
import { Rng } from '../../../../src/core/rng';
import { planMethod } from './method-context';

/** A labelled set with unequal classes: 50 / 30 / 20 examples. */
function tinyDataset(): Dataset {
  const y = Int32Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : i < 80 ? 1 : 2));
  const split = { x: new Float32Array(200), y, count: 100 };
  return {
    id: 'tiny',
    name: 'tiny',
    classes: ['a', 'b', 'c'],
    input: { kind: 'vector', length: 2 },
    train: split,
    test: split,
  };
}

/** A plan whose rounds are read synchronously (these methods never need the trained model). */
async function plan(
  name: string,
  budget: { fraction?: number; ipc?: number },
  params: Record<string, unknown> = {},
  seed = 0,
) {
  const planned: DataPlan = (await planMethod(name, tinyDataset(), budget, params, { seed })).plan;
  return {
    totalSteps: planned.totalSteps,
    nextRound: () => planned.nextRound(undefined as unknown as Model) as Int32Array,
  };
}

function classCounts(indices: Int32Array): number[] {
  const y = tinyDataset().train.y;
  const counts = [0, 0, 0];
  indices.forEach((i) => counts[y[i]]++);
  return counts;
}

describe('budget', () => {
  test('a fraction is apportioned to classes by size, ipc per class', () => {
    const dataset = tinyDataset();
    expect(resolveBudget({ fraction: 0.1 }, dataset)).toMatchObject({
      examples: 10,
      perClass: [5, 3, 2],
      label: '10%',
    });
    // A class smaller than the ipc gives all it has.
    expect(resolveBudget({ ipc: 25 }, dataset)).toMatchObject({
      examples: 70,
      perClass: [25, 25, 20],
      label: '25/class',
    });
    expect(() => resolveBudget({ ipc: 51 }, dataset)).toThrow(
      /^budget: 51 examples per class is more than any class of ".*" holds \(the largest has 50 training examples\)$/,
    );
  });
});

describe('random', () => {
  test('is a static class-balanced subset, reshuffled each round', async () => {
    const p = await plan('random', { fraction: 0.2 });
    const first = p.nextRound();
    const second = p.nextRound();
    expect(classCounts(first)).toEqual([10, 6, 4]);
    expect([...second].sort((a, b) => a - b)).toEqual([...first].sort((a, b) => a - b));
    expect([...second]).not.toEqual([...first]);
    expect(p.totalSteps).toBe(3 * Math.ceil(20 / 8));
  });

  test('images per class picks exactly that many of each class', async () => {
    expect(classCounts((await plan('random', { ipc: 7 })).nextRound())).toEqual([7, 7, 7]);
  });

  test('the same seed gives the same subset, another seed another', async () => {
    const a = (await plan('random', { fraction: 0.1 }, {}, 1)).nextRound().slice().sort();
    const b = (await plan('random', { fraction: 0.1 }, {}, 1)).nextRound().slice().sort();
    const c = (await plan('random', { fraction: 0.1 }, {}, 2)).nextRound().slice().sort();
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });
});

describe('rs2', () => {
  test('without replacement, every example is seen exactly once per 1/r rounds', async () => {
    const p = await plan('rs2', { fraction: 0.1 });
    for (let pass = 0; pass < 3; pass++) {
      const seen = new Int32Array(100);
      for (let r = 0; r < 10; r++) p.nextRound().forEach((i) => seen[i]++);
      expect([...seen].every((count) => count === 1)).toBe(true);
    }
  });

  test('when 1/r is not whole, coverage holds every ceil(1/r) rounds and no round repeats an example', () => {
    const next = passStream(100, 30, new Rng(4));
    const seen = new Int32Array(100);
    for (let r = 0; r < 4; r++) {
      const round = next();
      expect(new Set(round).size).toBe(30);
      round.forEach((i) => seen[i]++);
    }
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(1);
    for (let r = 0; r < 50; r++) expect(new Set(next()).size).toBe(30);
  });

  test('with replacement, rounds are independent draws of distinct examples', async () => {
    const p = await plan('rs2', { fraction: 0.3 }, { replacement: true });
    const rounds = Array.from({ length: 4 }, () => p.nextRound());
    rounds.forEach((r) => expect(new Set(r).size).toBe(30));
    const seen = new Set(rounds.flatMap((r) => [...r]));
    // Independent draws overlap: 4 draws of 30 out of 100 cover fewer than 100 examples.
    expect(seen.size).toBeLessThan(100);
  });

  test('full-short takes as many steps as rs2, over all the data', async () => {
    const short = await plan('full-short', { fraction: 0.1 });
    expect(short.totalSteps).toBe((await plan('rs2', { fraction: 0.1 })).totalSteps);
    expect(short.nextRound()).toHaveLength(100);
    expect((await plan('full', { fraction: 0.1 })).totalSteps).toBe(3 * Math.ceil(100 / 8));
  });

  test('labels name the rows', () => {
    const budget = resolveBudget({ fraction: 0.1 }, tinyDataset());
    expect(methodEntry('random').label({}, budget)).toBe('random 10%');
    expect(methodEntry('rs2').label({ replacement: true }, budget)).toBe('rs2 10% (with replacement)');
    expect(methodEntry('full').label({}, budget)).toBe('full');
  });
});
