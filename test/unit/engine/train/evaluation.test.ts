import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { makeToyDataset } from '../../../../src/engine/data/toy';
import { modelEntry } from '../../../../src/engine/models/registry';
import { Rng } from '../../../../src/core/rng';
import { batchSource } from '../../../../src/engine/train/batch-source';
import { Clock } from '../../../../src/engine/train/clock';
import { EVAL_SAMPLE, evaluate, evaluationSample } from '../../../../src/engine/train/evaluate';
import { subsetSplit } from '../../../../src/core/data/dataset';
import { trainModel } from '../../../../src/engine/train/loop';
import { evaluationText, wallTime, wallTimeText } from '../../../../src/core/results/wall';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', only: true });
});

function counts(labels: ArrayLike<number>, k: number): number[] {
  const n = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) n[labels[i]]++;
  return n;
}

describe('the evaluation sample', () => {
  // 10,000 labels, unbalanced (50% / 30% / 20%), shuffled.
  const rng = new Rng(5);
  const labels = Int32Array.from({ length: 10000 }, (_, i) => (i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2));
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }

  test('is fixed: the same examples every time, whatever the run or seed', () => {
    const a = evaluationSample(labels);
    expect(a).toHaveLength(EVAL_SAMPLE);
    expect(evaluationSample(Int32Array.from(labels))).toEqual(a);
    // Ascending, distinct, in range.
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]);
    expect(a[a.length - 1]).toBeLessThan(labels.length);
  });

  test('keeps the class proportions', () => {
    const picked = Array.from(evaluationSample(labels), (i) => labels[i]);
    expect(counts(picked, 3)).toEqual([500, 300, 200]);
    const small = Array.from(evaluationSample(labels, 7), (i) => labels[i]);
    expect(small).toHaveLength(7);
    counts(small, 3).forEach((n, c) => expect(Math.abs(n - [3.5, 2.1, 1.4][c])).toBeLessThan(1));
  });

  test('is the whole set when the set is small', () => {
    expect(Array.from(evaluationSample(labels.subarray(0, 300)))).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  test('a subset split holds the picked rows and their labels', () => {
    const split = { x: Float32Array.from({ length: 8 }, (_, i) => i), y: Int32Array.from([0, 1, 0, 1]), count: 4 };
    const sub = subsetSplit(split, { kind: 'vector', length: 2 }, Int32Array.from([1, 3]));
    expect(Array.from(sub.x)).toEqual([2, 3, 6, 7]);
    expect(sub.x).toBeInstanceOf(Float32Array);
    expect(Array.from(sub.y)).toEqual([1, 1]);
    expect(sub.count).toBe(2);
  });

  test('points before the last are measured on the sample, the last on the whole test set', async () => {
    const dataset = makeToyDataset('moons');
    const classCount = dataset.classes.length;
    const test = batchSource(dataset.test, dataset.input, 'cpu');
    // A "sample" labelled with a class no model predicts: every point measured on it reads 0.
    const marked = subsetSplit(dataset.test, dataset.input, evaluationSample(dataset.test.y, 100));
    marked.y.fill(classCount);
    const sample = batchSource(marked, dataset.input, 'cpu');
    const model = modelEntry('mlp').create(dataset.input, classCount, { name: 'mlp', width: 16, depth: 1 }, new Rng(0));
    const steps = 6;
    const { points } = await trainModel({
      model,
      classCount,
      train: batchSource(dataset.train, dataset.input, 'cpu'),
      test,
      testSample: sample,
      plan: { examplesPerRound: 64, totalSteps: steps, nextRound: () => Int32Array.from({ length: 64 }, (_, i) => i) },
      settings: { batchSize: 32, lr: 0, evalPoints: 3, optimizer: 'sgd', momentum: 0, weightDecay: 0 },
      clock: new Clock(),
      rng: new Rng(1),
    });
    // lr 0: the model never changes, so each point's accuracy says which set it was measured on.
    const onAll = (await evaluate(model, test, classCount)).accuracy;
    expect(onAll).toBeGreaterThan(0);
    expect(points.map((p) => p.step)).toEqual([0, 2, 4, 6]);
    for (const p of points.slice(0, -1)) expect(p.testAcc).toBe(0);
    expect(points[points.length - 1].testAcc).toBeCloseTo(onAll, 6);
    // Between two points the 64 rows are trained on once (two batches of 32): each point's training
    // loss is the unchanged model's mean loss over them; none at step 0.
    const rows = subsetSplit(
      dataset.train,
      dataset.input,
      Int32Array.from({ length: 64 }, (_, i) => i),
    );
    const meanLoss = (await evaluate(model, batchSource(rows, dataset.input, 'cpu'), classCount)).loss;
    expect(points[0].trainLoss).toBeUndefined();
    for (const p of points.slice(1)) expect(p.trainLoss).toBeCloseTo(meanLoss, 5);
    model.dispose();
  });

  test("the last evaluation counts the whole test set's classes: truth by prediction, as the model predicts them", async () => {
    const dataset = makeToyDataset('blobs');
    const classCount = dataset.classes.length;
    const test = batchSource(dataset.test, dataset.input, 'cpu');
    const model = modelEntry('mlp').create(dataset.input, classCount, { name: 'mlp', width: 16, depth: 1 }, new Rng(3));
    const { confusion, points } = await trainModel({
      model,
      classCount,
      train: batchSource(dataset.train, dataset.input, 'cpu'),
      test,
      plan: { examplesPerRound: 64, totalSteps: 20, nextRound: () => Int32Array.from({ length: 64 }, (_, i) => i) },
      settings: { batchSize: 32, lr: 0.1, evalPoints: 2, optimizer: 'sgd', momentum: 0, weightDecay: 0 },
      clock: new Clock(),
      rng: new Rng(1),
    });
    // Counted again by hand, from the trained model's predictions in batches of 7 (a batch size evaluate does not use).
    const expected = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
    for (let start = 0; start < test.count; start += 7) {
      const { x, y } = test.slice(start, Math.min(7, test.count - start));
      const predicted = (await model.apply(x).argMax(1).data()) as Int32Array;
      const truth = (await y.data()) as Int32Array;
      predicted.forEach((p, i) => expected[truth[i]][p]++);
    }
    expect(confusion).toEqual(expected);
    const diagonal = expected.reduce((sum, row, c) => sum + row[c], 0);
    expect(points.at(-1)!.testAcc).toBeCloseTo(diagonal / test.count, 6);
    // Off-diagonal cells are there to be counted: an untrained model confuses classes.
    const untrained = modelEntry('mlp').create(
      dataset.input,
      classCount,
      { name: 'mlp', width: 16, depth: 1 },
      new Rng(4),
    );
    const { confusion: before } = await evaluate(untrained, test, classCount, { confusion: true });
    expect(before!.flat().reduce((a, b) => a + b, 0)).toBe(test.count);
    model.dispose();
    untrained.dispose();
  });
});

describe('the wall time', () => {
  const runs = [
    { overheadMs: 100, trainMs: 900, evalMs: 50 },
    { overheadMs: 20, trainMs: 180, evalMs: 30 },
  ];

  test('splits into training, evaluation and set-up that add up to the total', () => {
    const wall = wallTime(1500, runs, { dataMs: 120, backendMs: 60, warmUpMs: 20 });
    expect(wall.trainingMs).toBe(1200);
    expect(wall.evaluationMs).toBe(80);
    expect(wall.setupMs).toBe(220);
    expect(wall.setup).toEqual({ dataMs: 120, backendMs: 60, warmUpMs: 20, otherMs: 20 });
    expect(wall.trainingMs + wall.evaluationMs + wall.setupMs).toBe(wall.totalMs);
    const { dataMs, backendMs, warmUpMs, otherMs } = wall.setup;
    expect(dataMs + backendMs + warmUpMs + otherMs).toBe(wall.setupMs);
  });

  test("a run timed again counts its timings' clocks and evaluations too", () => {
    const again = [
      { ...runs[0], repeats: [{ pointTimesMs: [0, 900], overheadMs: 90, trainMs: 810, evalMs: 40 }] },
      runs[1],
    ];
    const wall = wallTime(2500, again, { dataMs: 120, backendMs: 60, warmUpMs: 20 });
    expect(wall).toMatchObject({ trainingMs: 2100, evaluationMs: 120, setupMs: 280 });
  });

  test('reads as one line, and the evaluation says what it was measured on', () => {
    expect(wallTimeText(wallTime(1500, runs, { dataMs: 120, backendMs: 60, warmUpMs: 20 }))).toBe(
      "wall 1.5 s: training 1.2 s (the runs' clocks), evaluation 0.1 s, set-up 0.2 s (data 0.1 s, backend 0.1 s, warm-up 0.0 s, other 0.0 s)",
    );
    const fewer = '; short runs get fewer points (at least 10), so that evaluating costs less than training';
    expect(evaluationText({ sample: 1000, of: 2000 })).toBe(
      `curve points on 1,000 test examples (stratified); final accuracy on all 2,000${fewer}`,
    );
    expect(evaluationText({ sample: 400, of: 400 })).toBe(`every curve point on all 400 test examples${fewer}`);
  });
});
