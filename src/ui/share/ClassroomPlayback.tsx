/**
 * Play, pause, step one epoch and reset: the comparison run at a class's
 * pace. Shown in classroom mode, and outside it only while a run is under
 * way (its pause and step work everywhere, and a run is when they are
 * useful; at rest Run does what Play would), always with a line that says
 * what the buttons do, since the bar appears unasked at Run. A pause stops
 * the runs' clocks; the curves are the same as an unpaused run's.
 */
import { Show } from 'solid-js';
import { FIRST_EPOCH, PLAYING, playbackText, type Playback, type StartHold } from './playback';

interface ClassroomPlaybackProps {
  playback: Playback;
  /** Shown at rest too (classroom mode). */
  always: () => boolean;
  running: () => boolean;
  /** A distillation is under way: it has its own Pause (in its live panel), and no epochs to step. */
  distilling: () => boolean;
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
        <p class="hint playback-help" data-testid="playback-help">
          Watch the comparison at your own pace: Pause holds training (its clocks stop, the results do not change), Step
          one epoch trains one more epoch and holds, Reset stops the run and clears the results.
        </p>
        <div class="row">
          {/* One Pause at a time: while a distillation runs, its panel's. */}
          <Show when={!props.distilling()}>
            <button type="button" data-testid="play" disabled={playing()} onClick={play}>
              Play
            </button>
            <button type="button" data-testid="pause" disabled={!playing()} onClick={() => playback.pause()}>
              Pause
            </button>
            <button type="button" data-testid="step-epoch" disabled={playback.stepping()} onClick={step}>
              Step one epoch
            </button>
          </Show>
          <button type="button" data-testid="reset" onClick={() => props.onReset()}>
            Reset
          </button>
        </div>
        <p class="hint" role="status" data-testid="playback-state">
          {props.distilling()
            ? 'A distillation is under way: pause it and evaluate its set in its panel below; epochs start when it is done.'
            : playbackText(playback, props.running())}
        </p>
      </div>
    </Show>
  );
}
