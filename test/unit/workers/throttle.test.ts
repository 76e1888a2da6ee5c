/**
 * Progress to the page, thinned: a few reports a second and always the
 * last; a progress event held back goes out before the next other event,
 * so that the page's step is exact where training holds.
 */
import { afterEach, expect, test, vi } from 'vitest';
import type { ExperimentEvent } from '../../../src/core/results/types';
import { throttledEvents, throttledProgress } from '../../../workers/throttle';

let now = 0;
const clock = () => vi.spyOn(performance, 'now').mockImplementation(() => now);
afterEach(() => vi.restoreAllMocks());

const progress = (step: number): ExperimentEvent => ({
  type: 'progress',
  runIndex: 0,
  step,
  totalSteps: 10,
  timeMs: step,
});
const held: ExperimentEvent = { type: 'held', runIndex: 0, step: 3, totalSteps: 10, rounds: 1, totalRounds: 4 };

test('upload progress goes out a few times a second, and at its end', () => {
  clock();
  const heard: number[] = [];
  const report = throttledProgress((done) => heard.push(done));
  const reports = [
    [0, 1],
    [10, 2],
    [200, 3],
    [210, 5],
  ];
  for (const [at, done] of reports) {
    now = at;
    report(done, 5, 'images');
  }
  expect(heard).toEqual([1, 3, 5]);
});

test('a progress event held back goes out before the next other event', () => {
  clock();
  const heard: ExperimentEvent[] = [];
  const forward = throttledEvents((event) => heard.push(event));
  now = 0;
  forward(progress(1));
  now = 10;
  forward(progress(2));
  forward(progress(3));
  forward(held);
  now = 20;
  forward(progress(4));
  expect(heard).toEqual([progress(1), progress(3), held]);
});
