/**
 * The decision boundary of a 2-D run: the class map matches the trained
 * model at the grid's cells, follows the data, and is computed off the
 * run's clock.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test, vi } from 'vitest';
import { requireConfig } from '../../../../src/engine/config';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import type { DecisionBoundary } from '../../../../src/core/results/types';
import type { Model } from '../../../../src/engine/models/model';
import { decisionBoundary, hasBoundary } from '../../../../src/engine/experiment/boundary';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

/** How long the boundary is held up: a run whose clock counted it would be at least this long. */
const DELAY_MS = 1500;

/** Sampled cells and the trained model's class at their centres, taken from the model before the run disposes of it. */
const probes: { boundary: DecisionBoundary; cells: [number, number][]; predicted: number[] }[] = [];

vi.mock('../../../../src/engine/experiment/boundary', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../src/engine/experiment/boundary')>();
  return {
    ...real,
    decisionBoundary: async (...args: Parameters<typeof real.decisionBoundary>) => {
      const boundary = await real.decisionBoundary(...args);
      if (!boundary) return boundary;
      const [model] = args;
      // Every 7th cell, and the corners: the centre worked out here, not by the grid code.
      const cells: [number, number][] = [];
      for (let k = 0; k < boundary.size * boundary.size; k += 7)
        cells.push([k % boundary.size, Math.floor(k / boundary.size)]);
      cells.push([0, 0], [boundary.size - 1, boundary.size - 1]);
      const { x0, x1, y0, y1, size } = boundary;
      const centres = cells.flatMap(([i, j]) => [
        x0 + ((x1 - x0) * (2 * i + 1)) / (2 * size),
        y0 + ((y1 - y0) * (2 * j + 1)) / (2 * size),
      ]);
      const predicted = tf.tidy(() => tf.argMax(model.apply(tf.tensor2d(centres, [cells.length, 2])), 1));
      probes.push({ boundary, cells, predicted: Array.from(await predicted.data()) });
      predicted.dispose();
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
      return boundary;
    },
  };
});

const config = (dataset: string) =>
  requireConfig(bundled, {
    version: 1,
    dataset,
    model: { name: 'mlp', width: 32 },
    budget: { fraction: 0.1 },
    train: { epochs: 3, batchSize: 32, lr: 0.1, evalPoints: 3 },
    methods: [{ name: 'full' }],
    seeds: [0],
    backend: 'wasm',
  });

describe('the decision boundary', () => {
  test("on blobs, the class map is the trained model's class at each cell, and the run's clock leaves it out", async () => {
    const result = await runExperiment(config('blobs'), { datasets: bundled, source: nodePackSource });
    const [run] = result.runs;
    const boundary = run.boundary!;
    expect(boundary).toBeDefined();
    expect(boundary.size).toBe(64);
    expect(boundary.classes).toHaveLength(64 * 64);
    expect(probes).toHaveLength(1);
    expect(probes[0].boundary).toBe(boundary);
    const { cells, predicted } = probes[0];
    expect(cells.map(([i, j]) => boundary.classes[j * boundary.size + i])).toEqual(predicted);

    // The map follows the data: the blobs' centres (±1, ±1) fall in their own classes, and every class shows.
    const classAt = (x: number, y: number) =>
      boundary.classes[
        Math.floor(((y - boundary.y0) / (boundary.y1 - boundary.y0)) * boundary.size) * boundary.size +
          Math.floor(((x - boundary.x0) / (boundary.x1 - boundary.x0)) * boundary.size)
      ];
    expect([classAt(-1, -1), classAt(1, -1), classAt(-1, 1), classAt(1, 1)]).toEqual([0, 1, 2, 3]);
    expect(boundary.x0).toBeLessThan(-2);
    expect(boundary.x1).toBeGreaterThan(2);

    // Computing it took over DELAY_MS here; none of that is on the run's clock.
    expect(run.points.at(-1)!.timeMs).toBeLessThan(DELAY_MS);
    expect(run.points.at(-1)!.timeMs).toBeCloseTo(run.overheadMs + run.trainMs, 0);
  });

  test('sets that are not 2-D have none', async () => {
    probes.length = 0;
    const model = {
      apply: () => {
        throw new Error('not called');
      },
    } as unknown as Model;
    const split = { x: new Float32Array(6), y: new Int32Array(2), count: 2 };
    for (const input of [
      { kind: 'vector', length: 3 },
      { kind: 'image', height: 1, width: 3, channels: 1 },
      { kind: 'tokens', length: 3, vocabSize: 9 },
    ] as const) {
      const dataset = { id: 'x', name: 'x', classes: ['a', 'b'], input, train: split, test: split };
      expect(hasBoundary(dataset)).toBe(false);
      expect(await decisionBoundary(model, dataset)).toBeUndefined();
    }
    expect(probes).toHaveLength(0);
  });
});
