/**
 * The live view of a distillation: snapshots of the set as it learns, a
 * pause that holds it off the run's clock, and "evaluate now", none of which
 * changes the result; and the page's view of it (the live panel's state,
 * the evaluated points on the chart).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { requireConfig } from '../../../../src/engine/config';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { runExperiment } from '../../../../src/engine/experiment/run';
import type {
  DistillationEvaluation,
  ExperimentEvent,
  ExperimentResult,
  SyntheticSnapshot,
} from '../../../../src/core/results/types';
import type { RunControls } from '../../../../src/engine/experiment/watch';
import { buildChartData } from '../../../../src/ui/results/chart-data';
import { applyToView, emptyView, liveStatus, viewFromResult } from '../../../../src/ui/results/experiment-state';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const ITERATIONS = 30;
const config = requireConfig(bundled, {
  version: 1,
  dataset: 'blobs',
  model: { name: 'mlp', width: 16 },
  budget: { ipc: 2 },
  // Batches smaller than the set, so that its shuffle (the run's random stream) shows in the curve.
  train: { epochs: 2, batchSize: 4, lr: 0.05, evalPoints: 2 },
  methods: [{ name: 'dm', iterations: ITERATIONS }],
  seeds: [0],
  backend: 'wasm',
});

/** Runs the config watched by `controls`, collecting the live events. */
async function watchedRun(
  controls: Partial<RunControls>,
  onEvent?: (event: ExperimentEvent) => void,
  shouldStop?: () => boolean,
) {
  const snapshots: SyntheticSnapshot[] = [];
  const evaluations: DistillationEvaluation[] = [];
  const result = await runExperiment(config, {
    datasets: bundled,
    source: nodePackSource,
    controls: {
      paused: () => false,
      takeStep: () => false,
      takeResume: () => false,
      takeEvaluation: () => false,
      ...controls,
    },
    onEvent: (event) => {
      if (event.type === 'distill-snapshot') snapshots.push(event.snapshot);
      if (event.type === 'distill-evaluation') evaluations.push(event.evaluation);
      onEvent?.(event);
    },
    shouldStop,
  });
  return { result, snapshots, evaluations };
}

/** What a seed fixes: the distilled set and its loss, and the accuracies along the run. */
const outcome = (result: ExperimentResult) => {
  const [run] = result.runs;
  return { synthetic: run.synthetic, accuracies: run.points.map((p) => [p.step, p.testAcc]) };
};

let unwatched: ExperimentResult;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
  unwatched = await runExperiment(config, { datasets: bundled, source: nodePackSource });
});

describe('the live view of a distillation', () => {
  test('shows the set at the first and the last iteration, as the run ends with it, and changes nothing', async () => {
    const { result, snapshots } = await watchedRun({});
    const [run] = result.runs;
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    expect(snapshots[0].iteration).toBe(0);
    expect(snapshots.at(-1)!.iteration).toBe(ITERATIONS - 1);
    for (const snapshot of snapshots) {
      expect(snapshot).toMatchObject({
        iterations: ITERATIONS,
        paused: false,
        shape: [2],
        classes: run.synthetic!.classes,
      });
      expect(snapshot.values).toHaveLength(run.synthetic!.classes.length * 2);
    }
    expect(snapshots[0].loss).toEqual([run.synthetic!.loss[0]]);
    // The last shows every point the result keeps, and the losses read for the snapshots between them, in order.
    const shown = snapshots.at(-1)!.loss;
    expect(shown).toEqual(expect.arrayContaining(run.synthetic!.loss));
    expect(shown.map(([iteration]) => iteration)).toEqual(shown.map(([iteration]) => iteration).sort((a, b) => a - b));
    for (const snapshot of snapshots.slice(1, -1)) expect(shown).toContainEqual(snapshot.loss.at(-1));
    expect(snapshots.at(-1)!.values).toEqual(run.synthetic!.values);
    // The start moved: the first snapshot is already after one step.
    expect(snapshots[0].values).not.toEqual(run.synthetic!.values);
    expect(outcome(result)).toEqual(outcome(unwatched));
    expect(run.evaluations).toBeUndefined();
  });

  test('a pause holds the distillation off the clock, and resuming gives the same set', async () => {
    const HOLD_MS = 2000;
    let heldAt: number | null = null;
    let resumedAfter = 0;
    const { result, snapshots } = await watchedRun(
      {
        // Held from the first iteration for HOLD_MS of wall time.
        paused: () => heldAt === null || performance.now() - heldAt < HOLD_MS,
      },
      (event) => {
        if (event.type !== 'distill-snapshot') return;
        if (event.snapshot.paused) heldAt ??= performance.now();
        else if (heldAt !== null && resumedAfter === 0) resumedAfter = performance.now() - heldAt;
      },
    );
    const held = snapshots.filter((s) => s.paused);
    expect(held.map((s) => s.iteration)).toEqual([0]);
    expect(resumedAfter).toBeGreaterThanOrEqual(HOLD_MS - 10);
    expect(outcome(result)).toEqual(outcome(unwatched));
    // The held time is neither overhead nor on the curve's clock.
    const [run, before] = [result.runs[0], unwatched.runs[0]];
    expect(run.overheadMs).toBeLessThan(before.overheadMs + HOLD_MS / 2);
    expect(run.points.at(-1)!.timeMs).toBeLessThan(before.points.at(-1)!.timeMs + HOLD_MS / 2);
  });

  test('a pause right after a resume holds the distillation again one iteration on', async () => {
    // Held throughout; one resume asked at the first hold, its pause with it, then a real resume.
    let holds = 0;
    let resumeAsked = false;
    let paused = true;
    const { result, snapshots } = await watchedRun(
      {
        paused: () => paused,
        takeResume() {
          const asked = resumeAsked;
          resumeAsked = false;
          return asked;
        },
      },
      (event) => {
        if (event.type !== 'distill-snapshot' || !event.snapshot.paused) return;
        holds++;
        setTimeout(() => (holds === 1 ? (resumeAsked = true) : (paused = false)), 50);
      },
    );
    expect(snapshots.filter((s) => s.paused).map((s) => s.iteration)).toEqual([0, 1]);
    expect(outcome(result)).toEqual(outcome(unwatched));
  });

  test('"evaluate now" trains on the set as it stands and puts a point on the run, off its clock', async () => {
    let asked = 2;
    // Two requests: one at the first iteration, one at the next boundary after it.
    const { result, evaluations } = await watchedRun({ takeEvaluation: () => asked-- > 0 });
    const [run] = result.runs;
    expect(evaluations.map((e) => e.iteration)).toEqual([0, 1]);
    for (const { point } of evaluations) {
      expect(point.testAcc).toBeGreaterThan(0);
      expect(point.testAcc).toBeLessThanOrEqual(1);
      expect(Number.isFinite(point.testLoss)).toBe(true);
      expect(point.step).toBe(0);
      // Taken during the distillation, on the run's clock.
      expect(point.timeMs).toBeGreaterThan(0);
      expect(point.timeMs).toBeLessThan(run.overheadMs);
    }
    expect(run.evaluations).toEqual(evaluations);
    expect(outcome(result)).toEqual(outcome(unwatched));
  });

  test('frees every tensor, also when cancelled while paused or evaluating', async () => {
    const before = tf.memory().numTensors;
    let asked = 1;
    await watchedRun({ takeEvaluation: () => asked-- > 0 });
    expect(tf.memory().numTensors).toBe(before);

    let held = false;
    const cancelledPaused = watchedRun(
      { paused: () => true },
      (event) => {
        if (event.type === 'distill-snapshot' && event.snapshot.paused) held = true;
      },
      () => held,
    );
    await expect(cancelledPaused).rejects.toMatchObject({ name: 'RunCancelled' });
    expect(held).toBe(true);
    expect(tf.memory().numTensors).toBe(before);

    // Cancelled while the requested evaluation trains: the evaluation's training stops too.
    let evaluating = false;
    const cancelledEvaluating = watchedRun({ takeEvaluation: () => (evaluating = true) }, undefined, () => evaluating);
    await expect(cancelledEvaluating).rejects.toMatchObject({ name: 'RunCancelled' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the live view of a text distillation', () => {
  test('shows each text as its words and what it moved toward, never its vectors, and the result keeps them', async () => {
    const textConfig = requireConfig(bundled, {
      version: 1,
      dataset: 'spam',
      model: { name: 'text' },
      budget: { ipc: 2 },
      train: { epochs: 1, batchSize: 4, lr: 0.1, evalPoints: 1 },
      methods: [{ name: 'dm', iterations: 5 }],
      seeds: [0],
      backend: 'wasm',
    });
    const snapshots: SyntheticSnapshot[] = [];
    const result = await runExperiment(textConfig, {
      datasets: bundled,
      source: nodePackSource,
      controls: { paused: () => false, takeStep: () => false, takeResume: () => false, takeEvaluation: () => false },
      onEvent: (event) => event.type === 'distill-snapshot' && snapshots.push(event.snapshot),
    });
    const synthetic = result.runs[0].synthetic!;
    const [length, embedding] = synthetic.shape;
    expect(synthetic.values).toHaveLength(4 * length * embedding);
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    for (const snapshot of snapshots) {
      // What the page draws: the words, the moves, the loss; 256,000 numbers stay in the worker.
      expect(snapshot.values).toHaveLength(0);
      expect(snapshot.shape).toEqual([length, embedding]);
      expect(snapshot.words).toHaveLength(4);
      expect(snapshot.movedToward).toHaveLength(4);
      for (const words of [...snapshot.words!, ...snapshot.movedToward!]) expect(words).toHaveLength(8);
    }
    expect(snapshots.at(-1)!.words).toEqual(synthetic.words);
    expect(snapshots.at(-1)!.movedToward).toEqual(synthetic.movedToward);
  });
});

describe("the page's view of a live distillation", () => {
  const snapshot = (iteration: number, paused = false): SyntheticSnapshot => ({
    classes: [0, 1],
    shape: [2],
    values: [0, 0, 1, 1],
    loss: [[0, 2]],
    iteration,
    iterations: 30,
    paused,
  });
  const named = { label: 'dm 10%', seed: 0 };
  const evaluation = (iteration: number, timeMs: number, testAcc: number): DistillationEvaluation => ({
    iteration,
    point: { timeMs, step: 0, samples: 0, testAcc, testLoss: 1 },
  });

  test('shows the latest snapshot until the run trains on the set, and says whether it is paused', () => {
    const view = emptyView({ dataset: 'blobs', data: {} });
    applyToView(view, { type: 'run-start', runIndex: 0, position: 0, runCount: 1, method: 'dm', ...named });
    expect(view.live).toBeNull();
    expect(applyToView(view, { type: 'distill-snapshot', runIndex: 0, ...named, snapshot: snapshot(0) })).toBe('live');
    expect(applyToView(view, { type: 'distill-snapshot', runIndex: 0, ...named, snapshot: snapshot(7, true) })).toBe(
      'live',
    );
    expect(view.live).toMatchObject({ runIndex: 0, distilling: true, snapshot: { iteration: 7 } });
    expect(liveStatus(view.live!, false)).toBe('Distilling…');
    expect(liveStatus({ ...view.live!, snapshot: snapshot(7) }, true)).toMatch(/^Pausing/);
    expect(liveStatus(view.live!, true)).toMatch(/^Paused: the run's clock is stopped/);
    const shown = view.live;
    expect(applyToView(view, { type: 'phase', runIndex: 0, phase: 'train', totalSteps: 4 })).toBe('live');
    // A new object, so that a view holding the old one notices.
    expect(view.live).not.toBe(shown);
    expect(liveStatus(view.live!, true)).toMatch(/^Distilled/);
  });

  test('an evaluated point joins its run, stays in the final view, and is a marker of its own on the chart', () => {
    const view = emptyView();
    applyToView(view, { type: 'run-start', runIndex: 0, position: 0, runCount: 2, method: 'dm', ...named });
    applyToView(view, {
      type: 'point',
      runIndex: 0,
      ...named,
      point: { timeMs: 900, step: 0, samples: 0, testAcc: 0.3, testLoss: 1 },
    });
    expect(
      applyToView(view, { type: 'distill-evaluation', runIndex: 0, ...named, evaluation: evaluation(4, 500, 0.6) }),
    ).toBe('curves');
    expect(
      applyToView(view, { type: 'distill-evaluation', runIndex: 0, ...named, evaluation: evaluation(9, 800, 0.7) }),
    ).toBe('curves');
    expect(view.runs[0].evaluations!.map((e) => e.iteration)).toEqual([4, 9]);

    const final = viewFromResult({
      config: { dataset: 'blobs', data: {} },
      runs: [{ ...named, points: view.runs[0].points, evaluations: view.runs[0].evaluations }],
      summary: [],
      targetAcc: 0.9,
    } as unknown as ExperimentResult);
    expect(final.live).toBeNull();
    for (const shown of [view, final]) {
      const chart = buildChartData(shown.runs, 'time');
      expect(chart.marks.map(({ label, iteration, testAcc }) => [label, iteration, testAcc])).toEqual([
        ['dm 10%', 4, 0.6],
        ['dm 10%', 9, 0.7],
      ]);
      const xs = chart.columns[0];
      expect(xs).toEqual([0.5, 0.8, 0.9]);
      expect(chart.columns[chart.marks[0].column]).toEqual([60, null, null]);
      expect(chart.columns[chart.marks[1].column]).toEqual([null, 70, null]);
      expect(chart.marks.every((mark) => mark.colour === chart.rows[0].colour)).toBe(true);
    }
    // On the steps axis both sit at 0, each in its own column.
    const steps = buildChartData(view.runs, 'steps');
    expect(steps.marks.map((m) => steps.columns[m.column][0])).toEqual([60, 70]);
  });
});
