/**
 * One run of a comparison: a method plans its data on the run's clock (its
 * overhead), the one training loop trains on the plan, and the run's curve,
 * timings and picks come back as plain data.
 */
import type { Dataset } from '../../core/data/dataset';
import type { CurvePoint } from '../../core/results/curve';
import type {
  BackendName,
  CrossArchEvaluation,
  FairEvaluation,
  Divergence,
  ExperimentEvent,
  RunResult,
  SelectionResult,
  SyntheticResult,
} from '../../core/results/types';
import type { SetupTimes } from '../../core/results/wall';
import { Rng } from '../../core/rng';
import type { LabConfig, MethodSpec } from '../../core/settings/config';
import { augmentationEntry } from '../augment/registry';
import { RunDiverged } from '../contracts/errors';
import type { DataPlan, Selection, SyntheticSet } from '../contracts/plan';
import { type Budget, stepsPerRound } from '../methods/budget';
import { methodEntry } from '../methods/registry';
import { teacherTargets, withoutIdleTeacher } from '../methods/teacher';
import type { MethodContext } from '../contracts/method';
import type { ModelEntry } from '../models/model';
import type { BatchSource } from '../train/batch-source';
import { Clock } from '../train/clock';
import { trainModel, warmUp } from '../train/loop';
import { decisionBoundary } from './boundary';
import { evaluateElsewhere } from './cross-arch';
import { matchedControls } from './fair-evaluation';
import type { ExperimentOptions } from './options';
import { overheadLedger } from './overhead';
import { distillationWatch } from './watch';
import { isWhitened, unwhiten } from '../data/zca';
/** Streams of randomness a seed drives; the same for every method of a seed. */
const STREAM = { init: 1, method: 2, batches: 3 } as const;

export interface RunInput {
  config: LabConfig;
  dataset: Dataset;
  model: ModelEntry;
  budget: Budget;
  backend: BackendName;
  train: BatchSource;
  test: BatchSource;
  /** The fixed stratified sample of `test` that the points before a run's last are measured on. */
  testSample: BatchSource;
  /** Set-up time, added to as runs warm up. */
  setup: SetupTimes;
  seed: number;
  spec: MethodSpec;
  runIndex: number;
  /** Where the run comes in the order they run in, repeats counted (0: the first, which warms up). */
  position: number;
  runCount: number;
  emit: (event: ExperimentEvent) => void;
  options: ExperimentOptions;
  artifacts: Map<string, unknown>;
}

/** A method row's settings without its name, less those that did nothing (a teacher's, when the run did not distil). */
function methodSettings({ name: _, ...settings }: MethodSpec): Record<string, unknown> {
  return withoutIdleTeacher(settings);
}

/** A set as the results carry it; a set distilled in whitened space goes back to pixels, as the views draw it and a dataset file holds it. */
async function syntheticResult(set: SyntheticSet, dataset: Dataset): Promise<SyntheticResult> {
  return {
    classes: Array.from(set.classes),
    shape: set.shape,
    values: isWhitened(dataset) ? await unwhiten(set.values, dataset.whitening) : set.values,
    labels: set.labels && Array.from(set.labels),
    words: set.words,
    movedToward: set.movedToward,
    loss: set.loss,
  };
}

function selectionResult(selection: Selection): SelectionResult {
  return {
    indices: Array.from(selection.indices),
    scores: selection.scores && Array.from(selection.scores),
    scoreName: selection.scoreName,
    keepsHighest: selection.keepsHighest,
    rounds: selection.rounds,
  };
}

/** Trains one (seed, method) run through the one loop: plan (on the clock, as overhead), train, and the run's result. */
export async function runOne(input: RunInput): Promise<RunResult> {
  const { config, dataset, budget, seed, spec, runIndex, emit } = input;
  const method = methodEntry(spec.name);
  const mixing = spec.augment && augmentationEntry(spec.augment.name);
  const label = `${method.label(spec, budget)}${mixing ? ` + ${mixing.label(spec.augment!)}` : ''}`;
  const classCount = dataset.classes.length;
  const seedRng = new Rng(seed);
  const model = input.model.create(dataset.input, classCount, config.model, seedRng.fork(STREAM.init));
  const settings = { ...config.train };
  emit({
    type: 'run-start',
    runIndex,
    position: input.position,
    runCount: input.runCount,
    method: method.id,
    label,
    seed,
  });
  try {
    const job = { model, classCount, train: input.train, test: input.test, settings };
    // Every run shares the model's shapes, so the first run's warm-up compiles what all of them need.
    if (input.position === 0) {
      const warmUpStartedAt = performance.now();
      await warmUp(job);
      input.setup.warmUpMs += performance.now() - warmUpStartedAt;
    }

    const clock = new Clock();
    // While the method plans, each part it starts is announced; re-selections during training are not.
    let planning = true;
    const overhead = overheadLedger(
      clock,
      (part) => planning && emit({ type: 'phase', runIndex, phase: 'overhead', part }),
    );
    const shouldStop = input.options.shouldStop ?? (() => false);
    const createModel = (rng: Rng) => input.model.create(dataset.input, classCount, config.model, rng);
    const controls = input.options.controls;
    const live =
      controls &&
      distillationWatch(controls, {
        runIndex,
        label,
        seed,
        clock,
        ...job,
        createModel,
        shouldStop,
        emit,
        ...(isWhitened(dataset) ? { pixels: (values: Float32Array) => unwhiten(values, dataset.whitening) } : {}),
      });
    clock.start();
    emit({ type: 'phase', runIndex, phase: 'overhead' });
    let plan: DataPlan | undefined;
    let trained: { points: CurvePoint[]; evalMs: number; confusion?: number[][]; diverged?: Divergence };
    let crossArch: CrossArchEvaluation[] | undefined;
    let fair: FairEvaluation | undefined;
    try {
      const context: MethodContext = {
        dataset,
        budget,
        epochs: config.train.epochs,
        batchSize: config.train.batchSize,
        rng: seedRng.fork(STREAM.method),
        seed,
        runModel: model,
        model: { entry: input.model, spec: config.model, create: createModel },
        settings,
        train: input.train,
        overhead,
        cache: input.artifacts,
        store: input.options.store,
        shouldStop,
        watch: live?.watch,
      };
      plan = await method.plan(context, spec);
      // Fair evaluation's soft labels for real examples: the seed's full-data teacher, as KD rows share it; its cost is not the run's.
      const softLabels = async () =>
        (await teacherTargets(
          { ...context, overhead: overheadLedger(new Clock(), () => {}) },
          { kdWeight: 1, kdTemperature: 1, kdTeacher: 'reused' },
        ))!;
      planning = false;
      if (mixing) plan.augment = mixing.create(spec.augment!, { input: dataset.input, classCount });
      // Planning that no part claimed (drawing a random subset) counts as selection.
      overhead.claimRest('select', clock.elapsed());

      emit({ type: 'phase', runIndex, phase: 'train', totalSteps: plan.totalSteps });
      const planned = plan;
      const totalRounds = Math.ceil(plan.totalSteps / stepsPerRound(plan.examplesPerRound, settings.batchSize));
      const training = trainModel({
        ...job,
        testSample: input.testSample,
        plan,
        clock,
        rng: seedRng.fork(STREAM.batches),
        onPoint: (point) => emit({ type: 'point', runIndex, label, seed, point }),
        onProgress: (step, totalSteps, timeMs) => emit({ type: 'progress', runIndex, step, totalSteps, timeMs }),
        shouldStop,
        hold: controls && {
          paused: () => controls.paused(),
          takeStep: () => controls.takeStep(),
          takeResume: () => controls.takeResume(),
          onHeld: (step, rounds) =>
            emit({ type: 'held', runIndex, step, totalSteps: planned.totalSteps, rounds, totalRounds }),
        },
      });
      try {
        trained = await training;
        // Off the run's clock: its time ended at its last point.
        const after = { ...job, testSample: input.testSample, shouldStop };
        if (spec.evaluateOn) crossArch = await evaluateElsewhere(spec.evaluateOn, planned, dataset.input, seed, after);
        if (config.fairEvaluation && planned.synthetic)
          fair = await matchedControls(
            planned,
            budget,
            dataset.train.y,
            () => createModel(new Rng(seed).fork(STREAM.init)),
            seed,
            after,
            softLabels,
          );
      } finally {
        planned.dispose?.();
      }
    } catch (error) {
      // A diverged run stops here with what it measured; the experiment goes on with the next.
      if (!(error instanceof RunDiverged)) throw error;
      clock.pause();
      trained = {
        points: error.points,
        evalMs: error.evalMs,
        diverged: { step: error.step, phase: error.phase, message: error.message },
      };
    }
    const { points, evalMs, confusion, diverged } = trained;
    // The last point is taken after the last step, so it closes the training time; a diverged run's clock stopped where it did.
    const last = points.at(-1);
    const endMs = diverged ? clock.elapsed() : last!.timeMs;
    // Re-selection during training is overhead too.
    const overheadMs = overhead.total();
    // On 2-D sets, the model's class over the data's range; off the clock, which stopped at the last point.
    const boundary = diverged ? undefined : await decisionBoundary(model, dataset);
    return {
      method: method.id,
      label,
      settings: methodSettings(spec),
      seed,
      backend: input.backend,
      points,
      overheadMs,
      trainMs: Math.max(0, endMs - overheadMs),
      evalMs,
      finalTestAcc: last?.testAcc ?? 0,
      steps: plan?.totalSteps ?? 0,
      examplesPerRound: plan?.examplesPerRound ?? 0,
      overhead: { ...overhead.parts },
      reused: { ...overhead.reused },
      selection: plan?.selection && selectionResult(plan.selection),
      synthetic: plan?.synthetic && (await syntheticResult(plan.synthetic, dataset)),
      evaluations: live?.evaluations.length ? live.evaluations : undefined,
      boundary,
      ...(crossArch ? { crossArch } : {}),
      ...(fair ? { fair } : {}),
      ...(confusion ? { confusion: { classes: [...dataset.classes], counts: confusion } } : {}),
      ...(diverged ? { diverged } : {}),
    };
  } finally {
    model.dispose();
  }
}
