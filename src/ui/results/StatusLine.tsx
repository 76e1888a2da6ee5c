/** One line that says what the lab is doing, or what went wrong, in plain words. */
import { createSignal, onCleanup, Show } from 'solid-js';
import { estimateRemainingMs, type RunProgress } from './time-left';
import { formatDuration } from '../common/format';
import { plural } from '../common/format';
import type { OverheadPart } from '../../core/results/types';

export type LabStatus =
  | { kind: 'ready' }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'running'; progress: RunProgress | null }
  | { kind: 'cancelling' }
  | { kind: 'done'; runs: number; elapsedMs: number }
  /** `finished`: the runs it finished before it was cancelled, which History keeps. */
  | { kind: 'cancelled'; finished: number }
  | { kind: 'failed'; message: string };

/** The estimate is re-read every second so it keeps counting down between events. */
function useClock(intervalMs: number): () => number {
  const [now, setNow] = createSignal(performance.now());
  const timer = setInterval(() => setNow(performance.now()), intervalMs);
  onCleanup(() => clearInterval(timer));
  return now;
}

/** What a method is doing before it trains, in the words of the status line. */
const PREPARING: Record<OverheadPart, string> = {
  pretrain: 'pre-training for its scores or features',
  score: 'scoring the examples',
  select: 'selecting',
  teacher: 'training the teacher on full data',
  reselect: 're-selecting',
  experts: 'training the expert trajectories',
  distill: 'distilling the data',
};

function runningText(progress: RunProgress | null, now: number): string {
  if (!progress) return 'Starting: loading the data and the backend…';
  const parts = [
    `Run ${progress.runIndex + 1}/${progress.runCount}`,
    progress.label,
    `seed ${progress.seed}`,
    progress.phase === 'overhead'
      ? progress.part
        ? PREPARING[progress.part]
        : 'preparing'
      : `step ${progress.step}/${progress.totalSteps}`,
  ];
  // The estimate stands still while held: it is the time left once the run goes on.
  if (progress.heldSince !== undefined) parts.push('held');
  const left = estimateRemainingMs(progress, now);
  parts.push(left === null ? 'estimating the time left' : `about ${formatDuration(left)} left`);
  return parts.join(' · ');
}

/** `presenting`: the settings and their Run are out of sight; Play starts the comparison. */
function statusText(status: LabStatus, now: number, presenting: boolean): string {
  switch (status.kind) {
    case 'ready':
      return presenting
        ? 'Ready. Press Play to run the comparison.'
        : 'Ready. Press Run to compare the ticked methods.';
    case 'invalid':
      return `Not started: ${status.problems.join('; ')}.`;
    case 'running':
      return runningText(status.progress, now);
    case 'cancelling':
      return 'Cancelling…';
    case 'done':
      return `Done: ${plural(status.runs, 'run')} in ${formatDuration(status.elapsedMs)}.`;
    case 'cancelled':
      return status.finished > 0
        ? `Cancelled. The previous results stay on show; the ${plural(status.finished, 'run')} it finished ${status.finished === 1 ? 'is' : 'are'} kept in History.`
        : 'Cancelled. The previous results stay on show.';
    case 'failed':
      return `The run failed: ${status.message}`;
  }
}

/** `ref`: the line itself, which takes focus when a run disabled the control that had it. */
export function StatusLine(props: {
  status: () => LabStatus;
  presenting: () => boolean;
  ref?: (element: HTMLDivElement) => void;
}) {
  const now = useClock(1000);
  const fraction = () => {
    const status = props.status();
    if (status.kind !== 'running' || !status.progress) return null;
    const { runIndex, runCount, step, totalSteps } = status.progress;
    return (runIndex + (totalSteps > 0 ? step / totalSteps : 0)) / runCount;
  };
  return (
    <div
      ref={props.ref}
      tabindex="-1"
      data-testid="status-line"
      class="status"
      classList={{ error: props.status().kind === 'failed' || props.status().kind === 'invalid' }}
      role="status"
      aria-live="polite"
    >
      <span data-testid="status">{statusText(props.status(), now(), props.presenting())}</span>
      <Show when={fraction() !== null}>
        <progress max="1" value={fraction()!} aria-label="progress of the comparison" />
      </Show>
    </div>
  );
}
