/**
 * Play, pause and "step one epoch" of the comparison under way, as the page
 * sees them. The worker keeps one pause for the whole run (a distillation
 * holds between iterations, training between steps), so the live
 * distillation view and the playback bar show and change the same state.
 */
import { createSignal } from 'solid-js';
import type { ExperimentEvent } from '../../core/results/types';
import type { LabApi } from '../lab-client';

/** Where training holds: after `step` of `totalSteps`, `rounds` of the run's `totalRounds` epochs done. */
export type HeldAt = Omit<Extract<ExperimentEvent, { type: 'held' }>, 'type'>;

/** How a run starts: playing, or held (and, for "step one epoch" from rest, stepping). */
export interface StartHold {
  paused: boolean;
  step: boolean;
}

export interface Playback {
  /** True while the user holds the run (also before it holds: a distillation or selection finishes its part first). */
  paused: () => boolean;
  /** Set once a step is asked, until training holds again. */
  stepping: () => boolean;
  held: () => HeldAt | null;
  pause(): void;
  resume(): void;
  step(): void;
  /** Folds a run's event in: a `held` one says where training stopped. */
  onEvent(event: ExperimentEvent): void;
  /** A run starts, playing or held: the page's state follows it and forgets the last run's hold. */
  begin(start: StartHold): StartHold;
}

export const PLAYING: StartHold = { paused: false, step: false };
/** "Step one epoch" from rest: the run starts held and runs its first epoch. */
export const FIRST_EPOCH: StartHold = { paused: true, step: true };

export function createPlayback(api: Pick<LabApi, 'pause' | 'resume' | 'step'>): Playback {
  const [paused, setPaused] = createSignal(false);
  const [stepping, setStepping] = createSignal(false);
  const [held, setHeld] = createSignal<HeldAt | null>(null);
  return {
    paused,
    stepping,
    held,
    pause() {
      setPaused(true);
      void api.pause();
    },
    resume() {
      setPaused(false);
      setStepping(false);
      setHeld(null);
      void api.resume();
    },
    step() {
      setPaused(true);
      setStepping(true);
      setHeld(null);
      void api.step();
    },
    onEvent(event) {
      if (event.type !== 'held') return;
      const { type: _type, ...at } = event;
      setHeld(at);
      setStepping(false);
    },
    begin(start) {
      setPaused(start.paused);
      setStepping(start.step);
      setHeld(null);
      return start;
    },
  };
}

/**
 * Where training holds, in words that agree with what Step does next: at an
 * epoch's end, "Held after epoch 2 of 5 (step 40 of 100, run 1)"; within an
 * epoch (a pause lands at the next step), "Held at step 45 of 100, in epoch
 * 3 of 5 (run 1)", and Step finishes that epoch. The epochs are the run's
 * own: full-short's are passes over all the data.
 */
export function heldText(at: HeldAt): string {
  const perEpoch = at.totalSteps / at.totalRounds;
  const atEpochEnd = at.step >= at.totalSteps || Math.abs(at.step - at.rounds * perEpoch) < 1;
  return atEpochEnd
    ? `Held after epoch ${at.rounds} of ${at.totalRounds} (step ${at.step} of ${at.totalSteps}, run ${at.runIndex + 1}).`
    : `Held at step ${at.step} of ${at.totalSteps}, in epoch ${at.rounds + 1} of ${at.totalRounds} (run ${at.runIndex + 1}): Step one epoch finishes it.`;
}

/** The playback's state in words, true at rest, after a run and during a distillation (which holds between iterations, not steps). */
export function playbackText(playback: Pick<Playback, 'paused' | 'stepping' | 'held'>, running: boolean): string {
  if (!running) return 'Play runs the comparison; Step one epoch runs its first epoch and holds.';
  if (playback.stepping()) return 'Running to the end of the epoch…';
  const at = playback.held();
  if (playback.paused() && at) return heldText(at);
  if (playback.paused()) return 'Paused: training holds at its next step, a distillation after its current iteration.';
  return 'Playing.';
}
