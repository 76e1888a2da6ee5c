import { describe, expect, test } from 'vitest';
import { trainingLossPlot } from '../../../../src/ui/results/training-loss';
import type { RunCurve } from '../../../../src/ui/results/experiment-state';

const box = { left: 0, top: 0, width: 100, height: 100 };
const point = (step: number, trainLoss?: number) => ({
  timeMs: step * 10,
  step,
  samples: step * 32,
  testAcc: 0.5,
  testLoss: 1,
  ...(trainLoss === undefined ? {} : { trainLoss }),
});
const run = (runIndex: number, label: string, seed: number, losses: (number | undefined)[]): RunCurve => ({
  runIndex,
  label,
  seed,
  points: losses.map((loss, k) => point(k * 10, loss)),
});

describe('the training loss beside the chart', () => {
  test("draws each row's mean over seeds on a log scale, in the chart's colours, skipping step 0", () => {
    const plot = trainingLossPlot(
      [
        run(0, 'full', 0, [undefined, 1, 0.1]),
        run(1, 'full', 1, [undefined, 1, 0.1]),
        run(2, 'random 10%', 0, [undefined, 10, 1]),
      ],
      'steps',
      box,
    )!;
    expect(plot.x).toEqual([0, 20]);
    expect(plot.loss[0]).toBeCloseTo(0.1, 10);
    expect(plot.loss[1]).toBeCloseTo(10, 10);
    expect(plot.lines.map((line) => line.label)).toEqual(['full', 'random 10%']);
    expect(plot.lines[0].colour).not.toBe(plot.lines[1].colour);
    // log10: 10 at the top, 1 half-way, 0.1 at the bottom.
    expect(plot.lines[1].points).toEqual([
      [50, 0],
      [100, 50],
    ]);
    expect(plot.lines[0].points).toEqual([
      [50, 50],
      [100, 100],
    ]);
  });

  test('follows the x axis, and shows nothing before a run has a training loss', () => {
    const runs = [run(0, 'full', 0, [undefined, 2, 1])];
    expect(trainingLossPlot(runs, 'time', box)!.x).toEqual([0, 0.2]);
    expect(trainingLossPlot([run(0, 'full', 0, [undefined])], 'steps', box)).toBeNull();
    expect(trainingLossPlot([], 'steps', box)).toBeNull();
  });
});
