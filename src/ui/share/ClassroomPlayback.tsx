/**
 * Play, pause, step one epoch and reset: the comparison run at a class's
 * pace. Shown in classroom mode, and while any run is under way (its pause
 * and step work everywhere). A pause stops the runs' clocks; the curves are
 * the same as an unpaused run's.
 */
import { Show } from 'solid-js';
import { FIRST_EPOCH, PLAYING, playbackText, type Playback, type StartHold } from './playback';

interface ClassroomPlaybackProps {
  playback: Playback;
  /** Shown at rest too (classroom mode). */
  always: () => boolean;
  running: () => boolean;
  /** Runs the comparison, playing or (a step from rest) held after its first epoch. */
  onPlay: (start: StartHold) => void;
  onReset: () => void;
}

export function ClassroomPlayback(props: ClassroomPlaybackProps) {
  const playback = props.playback;
  const play = () => (props.running() ? playback.resume() : props.onPlay(PLAYING));
  const step = () => (props.running() ? playback.step() : props.onPlay(FIRST_EPOCH));
  const playing = () => props.running() && !playback.paused();
  return (
    <Show when={props.always() || props.running()}>
      <div class="playback" role="group" aria-label="Playback of the comparison" data-testid="playback">
        <div class="row">
          <button type="button" data-testid="play" disabled={playing()} onClick={play}>
            Play
          </button>
          <button type="button" data-testid="pause" disabled={!playing()} onClick={() => playback.pause()}>
            Pause
          </button>
          <button type="button" data-testid="step-epoch" disabled={playback.stepping()} onClick={step}>
            Step one epoch
          </button>
          <button type="button" data-testid="reset" onClick={() => props.onReset()}>
            Reset
          </button>
        </div>
        <p class="hint" role="status" data-testid="playback-state">
          {playbackText(playback, props.running())}
        </p>
      </div>
    </Show>
  );
}
