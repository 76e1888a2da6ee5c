/**
 * The time left of a comparison, for the status line: the work planned when
 * it starts (every run and repeat, their steps and distillation iterations)
 * at the pace measured as the runs go, smoothed so it counts down steadily,
 * and "estimating" until a tenth of it is done. Pure data, no Solid.
 */
import type { WorkPlan } from './work-plan';
import type { ExperimentEvent, OverheadPart } from '../../core/results/types';

/** A finished run (or repeat), as the estimate learns from it. */
interface DoneRun {
  method: string;
  /** From its overhead phase to its training (selection, pre-training, distillation, ...). */
  overheadMs: number;
  /** The iterations it distilled for, and the part of the overhead they took. */
  iterations: number;
  iterationsMs: number;
  /**
   * The iterations it distilled for unseen (a repeat streams no snapshots):
   * its overhead says little of the distillation's pace or the rest.
   */
  distilledUnseen?: number;
  /** Its training, evaluation included. */
  trainMs: number;
  steps: number;
}

export interface RunProgress {
  runIndex: number;
  runCount: number;
  label: string;
  seed: number;
  /** The method of the run under way (for a repeat, the run's). */
  method?: string;
  phase: 'overhead' | 'train';
  /** The overhead work under way (pre-training, scoring, ...), once the method says. */
  part?: OverheadPart;
  step: number;
  totalSteps: number;
  /** Page clock (ms) when the comparison's first run started. */
  startedAt?: number;
  /** Page clock (ms) when this run started. */
  runStartedAt: number;
  /** Page clock (ms) when this run's overhead began (after the first run's warm-up). */
  overheadStartedAt?: number;
  /** Wall-clock durations (ms) of the runs already finished. */
  finishedRunsMs: number[];
  /** The runs already finished, as the estimate learns from them. */
  done?: DoneRun[];
  /** Each run's method, by run index (a repeat names only its run). */
  methods?: Record<number, string>;
  /** The comparison's work, where the page knows it (see workPlan). */
  plan?: WorkPlan;
  /** This run's distillation so far: its first and latest snapshots' iterations and page clock times. */
  distill?: { firstIteration: number; firstAt: number; iteration: number; iterations: number; at: number };
  /** Page clock (ms) when this run's training began (after its overhead). */
  trainStartedAt?: number;
  /** Page clock (ms) of the latest event folded in. */
  lastEventAt?: number;
  /** The smoothed time left for the whole comparison, as of `at` (see estimateRemainingMs). */
  estimate?: { at: number; ms: number; floorMs: number };
  /** Page clock (ms) since which the user holds the run (training or a distillation); the estimate stands still meanwhile. */
  heldSince?: number;
  /** The run is a finished one timed again (the config's `repeats`), which ends with no `run-end` of its own. */
  timingAgain?: boolean;
}

/** How fast the shown estimate follows a new measurement: about 63% of the way in this many ms. */
const ESTIMATE_SMOOTHING_MS = 4000;

/** Before this share of the comparison's time has passed, the estimate says "estimating". */
const SETTLED_SHARE = 0.1;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The ms a training step takes in `runs` (evaluation included), or null where they took none. */
function paceOf(runs: readonly { trainMs: number; steps: number }[]): number | null {
  const steps = runs.reduce((sum, run) => sum + run.steps, 0);
  return steps > 0 ? runs.reduce((sum, run) => sum + run.trainMs, 0) / steps : null;
}

/** The ms a distillation iteration takes in `runs`, or null where they distilled none. */
function iterationPaceOf(
  runs: readonly { iterationsMs: number; iterations: number; overheadMs?: number; distilledUnseen?: number }[],
): number | null {
  const iterations = runs.reduce((sum, run) => sum + run.iterations, 0);
  if (iterations > 0) return runs.reduce((sum, run) => sum + run.iterationsMs, 0) / iterations;
  // Only runs that distilled unseen: their whole overhead, an upper bound, spread over their iterations.
  const unseen = runs.reduce((sum, run) => sum + (run.distilledUnseen ?? 0), 0);
  return unseen > 0
    ? runs.reduce((sum, run) => sum + (run.distilledUnseen ? (run.overheadMs ?? 0) : 0), 0) / unseen
    : null;
}

/** The current run's distillation pace, once two snapshots have come. */
function currentIterations(progress: RunProgress): { iterationsMs: number; iterations: number }[] {
  const distill = progress.distill;
  if (!distill || distill.iteration <= distill.firstIteration) return [];
  return [{ iterationsMs: distill.at - distill.firstAt, iterations: distill.iteration - distill.firstIteration }];
}

/**
 * The raw time left, for a comparison whose work is planned: this run's
 * rest, then every run to come, each its planned distillation iterations
 * and training steps at its method's pace (or, for a method not seen yet,
 * the pace of all runs so far), and its method's other overhead as measured
 * so far (none where no run of it has finished). Null ("estimating") until
 * the pace of the work left is known: a training step taken, and a
 * distillation iteration where some is planned.
 */
function plannedRemaining(progress: RunProgress, plan: WorkPlan, now: number): { ms: number; floorMs: number } | null {
  const done = progress.done ?? [];
  const method = progress.method ?? '';
  const training = progress.phase === 'train' && progress.trainStartedAt !== undefined && progress.step > 0;
  const trainedNow = training ? [{ trainMs: Math.max(0, now - progress.trainStartedAt!), steps: progress.step }] : [];
  const allStepPace = paceOf([...done, ...trainedNow]);
  if (allStepPace === null) return null;
  const distilledNow = currentIterations(progress);
  const allIterationPace = iterationPaceOf([...done, ...distilledNow]);
  const ofMethod = (name: string) => done.filter((run) => run.method === name);
  const stepPace = (name: string) => paceOf(ofMethod(name)) ?? allStepPace;
  const iterationPace = (name: string) => iterationPaceOf(ofMethod(name)) ?? allIterationPace;
  const otherOverhead = (name: string) => {
    const runs = ofMethod(name).filter((run) => !run.distilledUnseen);
    return runs.length > 0 ? mean(runs.map((run) => Math.max(0, run.overheadMs - run.iterationsMs))) : 0;
  };
  const planned = plan.runs.find((run) => run.method === method);
  const plannedSteps = (name: string) =>
    ofMethod(name)[0]?.steps ?? plan.runs.find((run) => run.method === name)?.steps ?? 0;

  // This run.
  let currentLeft: number;
  let floorMs = 0;
  if (progress.phase === 'train') {
    const pace = training ? (paceOf(trainedNow) ?? allStepPace) : stepPace(method);
    const steps = progress.totalSteps > 0 ? progress.totalSteps : plannedSteps(method);
    currentLeft = pace * Math.max(0, steps - progress.step);
    floorMs = currentLeft;
  } else {
    const overheadSoFar = Math.max(0, now - (progress.overheadStartedAt ?? progress.runStartedAt));
    const distill = progress.distill;
    const iterations = distill?.iterations ?? planned?.iterations ?? 0;
    let overheadLeft = distill ? 0 : Math.max(0, otherOverhead(method) - overheadSoFar);
    if (iterations > 0) {
      const pace = iterationPaceOf(distilledNow) ?? iterationPace(method);
      if (pace === null) return null;
      overheadLeft += pace * Math.max(0, iterations - (distill?.iteration ?? 0));
    }
    currentLeft = overheadLeft + plannedSteps(method) * stepPace(method);
  }

  // The runs to come: the plan less those started (this one included).
  const started = new Map<string, number>();
  for (const name of [...done.map((run) => run.method), method]) started.set(name, (started.get(name) ?? 0) + 1);
  let toCome = 0;
  for (const run of plan.runs) {
    const already = started.get(run.method) ?? 0;
    if (already > 0) {
      started.set(run.method, already - 1);
      continue;
    }
    let ms = otherOverhead(run.method) + plannedSteps(run.method) * stepPace(run.method);
    if (run.iterations > 0) {
      const pace = iterationPace(run.method);
      if (pace === null) return null;
      ms += run.iterations * pace;
    }
    toCome += ms;
  }
  return { ms: currentLeft + toCome, floorMs };
}

/**
 * The raw time left for the whole comparison at `now`, from the latest
 * event. With a plan, see plannedRemaining. Without one: this run's
 * remaining steps at its training pace (evaluation included), and each run
 * still to come at the mean wall length of the runs so far (this one
 * projected to its end; overhead, evaluation and warm-up included). Null
 * before a step has been taken.
 */
function rawRemaining(progress: RunProgress, now: number): { ms: number; floorMs: number } | null {
  if (progress.plan) return plannedRemaining(progress, progress.plan, now);
  if (
    progress.phase !== 'train' ||
    progress.step <= 0 ||
    progress.totalSteps <= 0 ||
    progress.trainStartedAt === undefined
  )
    return null;
  const stepMs = Math.max(0, now - progress.trainStartedAt) / progress.step;
  const currentLeft = stepMs * Math.max(0, progress.totalSteps - progress.step);
  const currentTotal = Math.max(0, now - progress.runStartedAt) + currentLeft;
  const lengths = [...progress.finishedRunsMs, currentTotal];
  const perRun = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  const runsToCome = Math.max(0, progress.runCount - progress.runIndex - 1);
  return { ms: currentLeft + runsToCome * perRun, floorMs: currentLeft };
}

/** Folds a new measurement into the smoothed estimate: the old one counted down to `now`, moved part of the way to the new. */
function smoothed(progress: RunProgress, now: number): RunProgress['estimate'] {
  const raw = rawRemaining(progress, now);
  const old = progress.estimate;
  if (!raw) return old;
  if (!old) return { at: now, ...raw };
  const since = Math.max(0, now - old.at);
  const counted = Math.max(0, old.ms - since);
  const pull = 1 - Math.exp(-since / ESTIMATE_SMOOTHING_MS);
  return { at: now, ms: counted + pull * (raw.ms - counted), floorMs: raw.floorMs };
}

/**
 * The progress with a hold that ended at `now` taken out: every clock it
 * measures from moves on by the held time, so neither the pace nor the
 * countdown counts it.
 */
function released(progress: RunProgress, now: number): RunProgress {
  if (progress.heldSince === undefined) return progress;
  const held = Math.max(0, now - progress.heldSince);
  const later = (at: number | undefined) => (at === undefined ? undefined : at + held);
  return {
    ...progress,
    heldSince: undefined,
    startedAt: later(progress.startedAt),
    runStartedAt: progress.runStartedAt + held,
    overheadStartedAt: later(progress.overheadStartedAt),
    trainStartedAt: later(progress.trainStartedAt),
    lastEventAt: later(progress.lastEventAt),
    distill: progress.distill && {
      ...progress.distill,
      firstAt: progress.distill.firstAt + held,
      at: progress.distill.at + held,
    },
    estimate: progress.estimate && { ...progress.estimate, at: progress.estimate.at + held },
  };
}

/** Whether an event says the user holds the run (true), lets it go on (false), or neither (null). */
function holdOf(event: ExperimentEvent): boolean | null {
  if (event.type === 'held') return true;
  if (event.type === 'distill-snapshot') return event.snapshot.paused;
  // Training moves again: a step or an end was reached after the hold.
  if (
    event.type === 'progress' ||
    event.type === 'phase' ||
    event.type === 'run-start' ||
    event.type === 'repeat' ||
    event.type === 'run-end'
  )
    return false;
  return null;
}

/** This run as finished at `now`, for the estimate to learn from. */
function doneRun(progress: RunProgress, now: number): DoneRun {
  const overheadFrom = progress.overheadStartedAt ?? progress.runStartedAt;
  const trainFrom = progress.trainStartedAt ?? now;
  const overheadMs = Math.max(0, trainFrom - overheadFrom);
  // Its iterations at the pace it distilled at, the first one included.
  const [distilled] = currentIterations(progress);
  const iterations = progress.distill?.iterations ?? 0;
  const iterationsMs = distilled
    ? Math.min(overheadMs, (distilled.iterationsMs / distilled.iterations) * iterations)
    : 0;
  const method = progress.method ?? '';
  const planned = progress.plan?.runs.find((run) => run.method === method)?.iterations ?? 0;
  return {
    method,
    overheadMs,
    ...(planned > 0 && !progress.distill ? { distilledUnseen: planned } : {}),
    iterations: distilled ? iterations : 0,
    iterationsMs,
    trainMs: Math.max(0, now - trainFrom),
    steps: progress.totalSteps,
  };
}

/**
 * Folds an event into the progress; `now` is the page clock in ms. `plan`:
 * the comparison's work, where the page knows it (see workPlan); it is kept
 * from the first run on.
 */
export function nextProgress(
  progress: RunProgress | null,
  event: ExperimentEvent,
  now: number,
  plan?: WorkPlan,
): RunProgress | null {
  const hold = holdOf(event);
  if (progress && hold === true) return progress.heldSince === undefined ? { ...progress, heldSince: now } : progress;
  if (progress && hold === false) progress = released(progress, now);
  switch (event.type) {
    case 'run-start':
    case 'repeat': {
      const again = event.type === 'repeat';
      // A repeat ends where the next run starts.
      const finishedRunsMs = progress?.timingAgain
        ? [...progress.finishedRunsMs, now - progress.runStartedAt]
        : (progress?.finishedRunsMs ?? []);
      const done = progress?.timingAgain ? [...(progress.done ?? []), doneRun(progress, now)] : (progress?.done ?? []);
      const methods = again ? { ...progress?.methods } : { ...progress?.methods, [event.runIndex]: event.method };
      const next: RunProgress = {
        runIndex: event.position,
        runCount: event.runCount,
        label: again ? `${event.label} (timed again, ${event.repeat + 1} of ${event.repeats})` : event.label,
        seed: event.seed,
        method: methods[event.runIndex],
        phase: 'overhead',
        step: 0,
        // Known once the method has planned its data (the "train" phase).
        totalSteps: 0,
        startedAt: progress?.startedAt ?? now,
        runStartedAt: now,
        finishedRunsMs,
        done,
        methods,
        plan: plan ?? progress?.plan,
        lastEventAt: now,
        estimate: progress?.estimate,
        timingAgain: again,
      };
      return next.plan ? { ...next, estimate: smoothed(next, now) } : next;
    }
    case 'phase': {
      if (!progress) return progress;
      const next: RunProgress = {
        ...progress,
        phase: event.phase,
        part: event.part,
        totalSteps: event.totalSteps ?? progress.totalSteps,
        overheadStartedAt: progress.overheadStartedAt ?? (event.phase === 'overhead' ? now : undefined),
        trainStartedAt: event.phase === 'train' ? now : progress.trainStartedAt,
        lastEventAt: now,
      };
      return next.plan ? { ...next, estimate: smoothed(next, now) } : next;
    }
    case 'distill-snapshot': {
      if (progress?.phase !== 'overhead') return progress;
      const { iteration, iterations } = event.snapshot;
      const first = progress.distill ?? { firstIteration: iteration, firstAt: now };
      const next: RunProgress = {
        ...progress,
        distill: { firstIteration: first.firstIteration, firstAt: first.firstAt, iteration, iterations, at: now },
        lastEventAt: now,
      };
      return next.plan ? { ...next, estimate: smoothed(next, now) } : next;
    }
    case 'progress': {
      if (!progress) return progress;
      const next = { ...progress, step: event.step, totalSteps: event.totalSteps, lastEventAt: now };
      return { ...next, estimate: smoothed(next, now) };
    }
    case 'run-end':
      return (
        progress && {
          ...progress,
          step: progress.totalSteps,
          finishedRunsMs: [...progress.finishedRunsMs, now - progress.runStartedAt],
          done: [...(progress.done ?? []), doneRun(progress, now)],
          lastEventAt: now,
          // This run is over: only the runs to come remain in the floor.
          estimate: progress.estimate && { ...progress.estimate, floorMs: 0 },
        }
      );
    default:
      return progress;
  }
}

/**
 * Time left for the whole comparison: the runs done and to come (see
 * rawRemaining), smoothed over a few seconds so that it counts down steadily
 * instead of jumping with each measurement, and counted down between events.
 * While work remains it never reads under this run's remaining steps at its
 * pace, nor under 1 s. `now` may lag the events (a clock that ticks once a
 * second): the latest event's time is used then. Null ("estimating") until
 * the first run has taken a step, and while less than a tenth of the
 * comparison's time has passed.
 */
export function estimateRemainingMs(progress: RunProgress, now: number): number | null {
  const estimate = progress.estimate;
  if (!estimate) return null;
  const at = progress.heldSince ?? Math.max(now, progress.lastEventAt ?? now);
  const since = Math.max(0, at - estimate.at);
  const left = estimate.ms - since;
  const workRemains =
    progress.runIndex < progress.runCount - 1 || progress.step < progress.totalSteps || progress.phase === 'overhead';
  if (!workRemains) return Math.max(0, left);
  const shown = Math.max(left, estimate.floorMs - since, 1000);
  const elapsed = at - (progress.startedAt ?? progress.runStartedAt);
  return elapsed < SETTLED_SHARE * (elapsed + shown) ? null : shown;
}
