/**
 * The user's hold on training (the classroom's pause and "step one epoch"):
 * held training takes no step and its clock stands still, a step runs
 * exactly one round (epoch) and holds again, a pause lasts across runs, and
 * the curves are those of a run nobody held.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { requireConfig } from '../../../../src/engine/config';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { runExperiment } from '../../../../src/engine/experiment/run';
import type { ExperimentEvent, ExperimentResult } from '../../../../src/core/results/types';
import type { RunControls } from '../../../../src/engine/experiment/watch';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const EPOCHS = 3;
const config = requireConfig(bundled, {
  version: 1,
  dataset: 'blobs',
  model: { name: 'mlp', width: 16 },
  budget: { fraction: 0.1 },
  train: { epochs: EPOCHS, batchSize: 8, lr: 0.05, evalPoints: 6 },
  // rs2 draws a fresh subset every round from the run's random stream: a hold must not move it.
  methods: [{ name: 'random' }, { name: 'rs2' }],
  seeds: [0],
  backend: 'wasm',
});
/** How long each hold lasts: far longer than the steps taken between two events. */
const HOLD_MS = 400;

/** `replay`: Play then Pause at once, both asked before training looks again. */
type Action = 'step' | 'resume' | 'replay';

/** A run held from the start; at each hold, after HOLD_MS, the next action. Every event is logged, and every release as a 'release' entry. */
async function heldRun(actions: Action[], held = config) {
  let paused = true;
  let stepAsked = false;
  let resumeAsked = false;
  const log: (ExperimentEvent | { type: 'release'; action: Action })[] = [];
  const controls: RunControls = {
    paused: () => paused,
    takeStep() {
      const asked = stepAsked;
      stepAsked = false;
      return asked;
    },
    takeResume() {
      const asked = resumeAsked;
      resumeAsked = false;
      return asked;
    },
    takeEvaluation: () => false,
  };
  const result = await runExperiment(held, {
    datasets: bundled,
    source: nodePackSource,
    controls,
    onEvent(event) {
      log.push(event);
      if (event.type !== 'held') return;
      const action = actions.shift() ?? 'resume';
      setTimeout(() => {
        log.push({ type: 'release', action });
        if (action === 'step') stepAsked = true;
        else resumeAsked = true;
        if (action === 'resume') paused = false;
      }, HOLD_MS);
    },
  });
  return { result, log };
}

const accuracies = (result: ExperimentResult) =>
  result.runs.map((run) => run.points.map((p) => [p.step, p.samples, p.testAcc, p.testLoss]));

let unheld: ExperimentResult;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
  unheld = await runExperiment(config, { datasets: bundled, source: nodePackSource });
});

describe('holding training', () => {
  test('holds before the first step, steps one epoch at a time, lasts across runs, and changes no number', async () => {
    const { result, log } = await heldRun(['step', 'step', 'step', 'resume']);
    const stepsPerEpoch = result.runs[0].steps / EPOCHS;
    expect(Number.isInteger(stepsPerEpoch)).toBe(true);

    const held = log.flatMap((e) =>
      e.type === 'held' ? [{ runIndex: e.runIndex, step: e.step, rounds: e.rounds }] : [],
    );
    expect(log.filter((e) => e.type === 'held').every((e) => e.totalRounds === EPOCHS)).toBe(true);
    expect(held).toEqual([
      { runIndex: 0, step: 0, rounds: 0 },
      { runIndex: 0, step: stepsPerEpoch, rounds: 1 },
      { runIndex: 0, step: 2 * stepsPerEpoch, rounds: 2 },
      // The third step ran the last epoch, which ended the run; the pause holds the next one at its start.
      { runIndex: 1, step: 0, rounds: 0 },
    ]);

    // Held, training takes no step: nothing happens between a hold and its release.
    for (const [i, entry] of log.entries()) {
      if (entry.type !== 'held') continue;
      expect(log[i + 1]).toMatchObject({ type: 'release' });
      // The progress just before says where it holds.
      expect(log[i - 1]).toMatchObject({ type: 'progress', runIndex: entry.runIndex, step: entry.step });
    }

    // The clock stood still while held: the first measurement after a release
    // is no later than the steps taken since, far less than the hold.
    for (const [i, entry] of log.entries()) {
      if (entry.type !== 'held') continue;
      const before = log[i - 1] as Extract<ExperimentEvent, { type: 'progress' }>;
      const after = log
        .slice(i + 2)
        .find(
          (e): e is Extract<ExperimentEvent, { type: 'progress' }> =>
            e.type === 'progress' && e.runIndex === entry.runIndex,
        );
      if (after) expect(after.timeMs - before.timeMs).toBeLessThan(HOLD_MS / 2);
    }

    expect(accuracies(result)).toEqual(accuracies(unheld));
  });

  test('a resume lets training run on: no more holds, in this run or the next, and the same curves', async () => {
    // Released at once: held at the start, then playing.
    const { result, log } = await heldRun(['resume']);
    expect(log.filter((e) => e.type === 'held')).toHaveLength(1);
    expect(accuracies(result)).toEqual(accuracies(unheld));
  });

  test('a pause right after a resume holds again after one step, and says where', async () => {
    const { result, log } = await heldRun(['replay', 'resume']);
    const held = log.flatMap((e) =>
      e.type === 'held' ? [{ runIndex: e.runIndex, step: e.step, rounds: e.rounds }] : [],
    );
    expect(held).toEqual([
      { runIndex: 0, step: 0, rounds: 0 },
      { runIndex: 0, step: 1, rounds: 0 },
    ]);
    expect(accuracies(result)).toEqual(accuracies(unheld));
  });

  test("a hold says which of the run's own epochs it follows: full-short's are passes over all the data", async () => {
    const { result, log } = await heldRun(
      ['step', 'resume'],
      requireConfig(bundled, { ...config, methods: [{ name: 'full-short' }] }),
    );
    const [run] = result.runs;
    const epochSteps = Math.ceil(run.examplesPerRound / config.train.batchSize);
    const totalRounds = Math.ceil(run.steps / epochSteps);
    // 10% for 3 epochs: fewer steps than one pass over all the data, so one epoch of one.
    expect(totalRounds).toBe(1);
    const held = log.filter((e): e is Extract<ExperimentEvent, { type: 'held' }> => e.type === 'held');
    expect(held.map((e) => [e.step, e.rounds, e.totalRounds])).toEqual([[0, 0, 1]]);
  });
});
