/**
 * The worker's run session: one run at a time; the page's cancel, pause,
 * step, resume and "evaluate now" reach the run under way through what the
 * engine polls, and no request outlives its run. The last tests drive the
 * engine's own hold: a step while held trains one epoch and holds again,
 * and a cancel while held ends the run.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { ExperimentEvent } from '../../../src/core/results/types';
import { requireConfig } from '../../../src/engine/config';
import { RunCancelled } from '../../../src/engine/contracts/errors';
import { nodePackSource } from '../../../src/engine/data/node-source';
import { runExperiment } from '../../../src/engine/experiment/run';
import { initBackend } from '../../../src/engine/runtime/backend';
import { type RunHooks, RunSession, type RunStart } from '../../../workers/run-session';
import { OpenDatasets } from '../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const PLAYING: RunStart = { paused: false, step: false };

/** Starts a run on `session` that waits until `end` is called; `hooks` are what the engine would poll. */
function openRun(session: RunSession, start = PLAYING, onEvent: (event: ExperimentEvent) => void = () => {}) {
  let end!: () => void;
  let hooks!: RunHooks;
  const done = session.run(start, onEvent, (given) => {
    hooks = given;
    return new Promise<string>((resolve) => (end = () => resolve('ended')));
  });
  return { hooks, done, end };
}

const runStart: ExperimentEvent = {
  type: 'run-start',
  runIndex: 1,
  position: 1,
  runCount: 2,
  method: 'random',
  label: 'Random',
  seed: 0,
};

describe('the requests to a run', () => {
  test('a pause holds the run; a resume releases it, and is taken once', () => {
    const session = new RunSession();
    const { hooks, end } = openRun(session);
    expect(hooks.controls.paused()).toBe(false);
    session.pause();
    expect(hooks.controls.paused()).toBe(true);
    session.resume();
    expect(hooks.controls.paused()).toBe(false);
    expect(hooks.controls.takeResume()).toBe(true);
    expect(hooks.controls.takeResume()).toBe(false);
    end();
  });

  test('a step while paused lets the run on, is taken once, and then it holds again', () => {
    const session = new RunSession();
    const { hooks, end } = openRun(session, { paused: true, step: false });
    expect(hooks.controls.paused()).toBe(true);
    expect(hooks.controls.takeStep()).toBe(false);
    session.step();
    // A distillation held runs on to the end of training's next epoch.
    expect(hooks.controls.paused()).toBe(false);
    expect(hooks.controls.takeStep()).toBe(true);
    expect(hooks.controls.takeStep()).toBe(false);
    expect(hooks.controls.paused()).toBe(true);
    end();
  });

  test('a run may start held, or stepping its first epoch', () => {
    const session = new RunSession();
    const { hooks, end } = openRun(session, { paused: true, step: true });
    expect(hooks.controls.takeStep()).toBe(true);
    expect(hooks.controls.paused()).toBe(true);
    end();
  });

  test('"evaluate now" is taken once, and belongs to the run (a method, a seed) it was asked in', () => {
    const session = new RunSession();
    const heard: ExperimentEvent[] = [];
    const { hooks, end } = openRun(session, PLAYING, (event) => heard.push(event));
    session.evaluateNow();
    expect(hooks.controls.takeEvaluation()).toBe(true);
    expect(hooks.controls.takeEvaluation()).toBe(false);
    session.evaluateNow();
    hooks.onEvent(runStart);
    expect(hooks.controls.takeEvaluation()).toBe(false);
    expect(heard).toEqual([runStart]);
    end();
  });

  test('a cancel stops the run under way', async () => {
    const session = new RunSession();
    const { hooks, done, end } = openRun(session, { paused: true, step: false });
    expect(hooks.shouldStop()).toBe(false);
    session.cancel();
    expect(hooks.shouldStop()).toBe(true);
    end();
    await done;
  });

  test('requests made while nothing runs reach no run', async () => {
    const session = new RunSession();
    session.cancel();
    session.pause();
    session.step();
    session.evaluateNow();
    const { hooks, done, end } = openRun(session);
    expect(hooks.shouldStop()).toBe(false);
    expect(hooks.controls.paused()).toBe(false);
    expect(hooks.controls.takeStep()).toBe(false);
    expect(hooks.controls.takeEvaluation()).toBe(false);
    end();
    await done;
  });
});

describe('one run at a time', () => {
  test('a second run while one runs is refused, and leaves the first its requests', async () => {
    const session = new RunSession();
    const first = openRun(session, { paused: true, step: false });
    expect(session.running).toBe(true);
    await expect(
      session.run(
        PLAYING,
        () => {},
        () => Promise.resolve('second'),
      ),
    ).rejects.toThrow(/already under way/);
    expect(first.hooks.controls.paused()).toBe(true);
    session.cancel();
    expect(first.hooks.shouldStop()).toBe(true);
    first.end();
    expect(await first.done).toBe('ended');
    expect(session.running).toBe(false);
    expect(
      await session.run(
        PLAYING,
        () => {},
        () => Promise.resolve('second'),
      ),
    ).toBe('second');
  });

  test("a failed run ends the session's run; work given up on (a lost GPU device) is told to stop, and a new run does not revive it", async () => {
    const session = new RunSession();
    let leftBehind!: RunHooks;
    await expect(
      session.run(
        PLAYING,
        () => {},
        (hooks) => {
          leftBehind = hooks;
          return Promise.reject(new Error('the WebGPU device was lost'));
        },
      ),
    ).rejects.toThrow(/device was lost/);
    expect(session.running).toBe(false);
    expect(leftBehind.shouldStop()).toBe(true);
    const next = openRun(session);
    expect(next.hooks.shouldStop()).toBe(false);
    expect(leftBehind.shouldStop()).toBe(true);
    next.end();
    await next.done;
  });
});

describe('the engine under the session', () => {
  const EPOCHS = 3;
  const config = requireConfig(bundled, {
    version: 1,
    dataset: 'blobs',
    model: { name: 'mlp', width: 16 },
    budget: { fraction: 0.1 },
    train: { epochs: EPOCHS, batchSize: 8, lr: 0.05, evalPoints: 6 },
    methods: [{ name: 'random' }],
    seeds: [0],
    backend: 'wasm',
  });

  beforeAll(() => initBackend({ prefer: 'wasm', only: true }));

  test('held from the start, a step trains one epoch and holds again; a cancel while held ends the run', async () => {
    const session = new RunSession();
    const held: number[] = [];
    const run = session.run(
      { paused: true, step: false },
      (event) => {
        if (event.type !== 'held') return;
        held.push(event.rounds);
        // Asked as the page asks: later, from another task.
        setTimeout(() => (held.length === 1 ? session.step() : session.cancel()), 20);
      },
      (hooks) => runExperiment(config, { datasets: bundled, source: nodePackSource, ...hooks }),
    );
    await expect(run).rejects.toBeInstanceOf(RunCancelled);
    expect(held).toEqual([0, 1]);
    expect(session.running).toBe(false);
  });
});
