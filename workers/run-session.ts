/**
 * The worker's run and the page's requests to it: one run at a time, and
 * the page's cancel, pause, step, resume and "evaluate now" reach the run
 * under way through what the engine polls (`shouldStop`, RunControls).
 * Each run gets its own requests, so a request never outlives its run.
 */
import type { ExperimentEvent } from '../src/core/results/types';
import type { ExperimentOptions } from '../src/engine/experiment/options';
import type { RunControls } from '../src/engine/experiment/watch';

/** How a run begins: held from the start (a classroom's "step one epoch" from rest runs the first epoch, then holds). */
export interface RunStart {
  paused: boolean;
  step: boolean;
}

/** What the engine's experiment runner polls and tells of one run. */
export type RunHooks = Required<Pick<ExperimentOptions, 'shouldStop' | 'controls' | 'onEvent'>>;

/**
 * One run's requests. One pause holds it wherever it is (a distillation
 * between iterations, training between steps) until resumed, across the
 * runs of a comparison; a step runs training to its next epoch's end.
 */
class RunRequests implements RunControls {
  cancelled = false;
  private pauseAsked: boolean;
  private stepAsked: boolean;
  private resumeAsked = false;
  private evaluationAsked = false;

  constructor(start: RunStart) {
    this.pauseAsked = start.paused;
    this.stepAsked = start.step;
  }

  // A step asked while a distillation holds lets it run on to the end of training's next epoch.
  paused(): boolean {
    return this.pauseAsked && !this.stepAsked;
  }

  takeStep(): boolean {
    return this.take('stepAsked');
  }

  takeResume(): boolean {
    return this.take('resumeAsked');
  }

  takeEvaluation(): boolean {
    return this.take('evaluationAsked');
  }

  pause(): void {
    this.pauseAsked = true;
  }

  resume(): void {
    this.pauseAsked = this.stepAsked = false;
    this.resumeAsked = true;
  }

  step(): void {
    this.pauseAsked = this.stepAsked = true;
  }

  evaluateNow(): void {
    this.evaluationAsked = true;
  }

  /** An evaluation request belongs to the run (a method, a seed) it was made in. */
  runStarted(): void {
    this.evaluationAsked = false;
  }

  /** True once per request made. */
  private take(request: 'stepAsked' | 'resumeAsked' | 'evaluationAsked'): boolean {
    const asked = this[request];
    this[request] = false;
    return asked;
  }
}

export class RunSession {
  private current: RunRequests | undefined;

  /** A run is under way (the mixing preview then computes on its backend rather than switch it). */
  get running(): boolean {
    return this.current !== undefined;
  }

  /**
   * Runs `work` with the hooks the engine polls, its events passed on to
   * `onEvent`; refuses while another run is under way, whose requests it
   * would take over.
   */
  async run<T>(
    start: RunStart,
    onEvent: (event: ExperimentEvent) => void,
    work: (hooks: RunHooks) => Promise<T>,
  ): Promise<T> {
    if (this.current) throw new Error('A run is already under way: cancel it, or wait for it to end.');
    const requests = new RunRequests(start);
    this.current = requests;
    try {
      return await work({
        shouldStop: () => requests.cancelled,
        controls: requests,
        onEvent: (event) => {
          if (event.type === 'run-start') requests.runStarted();
          onEvent(event);
        },
      });
    } finally {
      // A run given up on (its GPU device lost) may still be going: it stops at its next check, if it gets there.
      requests.cancelled = true;
      this.current = undefined;
    }
  }

  cancel(): void {
    if (this.current) this.current.cancelled = true;
  }

  /** Holds the run under way (its distillation at the next iteration, its training at the next step). */
  pause(): void {
    this.current?.pause();
  }

  resume(): void {
    this.current?.resume();
  }

  /** Runs training to the end of its current epoch (or, held at an epoch's end, the next), then holds it. */
  step(): void {
    this.current?.step();
  }

  /** Trains a fresh network on the distilled set as it stands, at its next iteration. */
  evaluateNow(): void {
    this.current?.evaluateNow();
  }
}
