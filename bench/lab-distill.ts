/**
 * Lab side of the distillation benches, through the product's own path
 * (runExperiment on wasm, 1 thread in Node).
 *
 *   npx tsx bench/lab-distill.ts --measure --model convnet|mlp [--ipc 1,10] [--methods dm,dc,mtt,datm]
 *     seconds per distillation iteration: each method distils once untimed
 *     (warm-up), then a base and a longer run in one process; the longer
 *     run's overhead.distill less the base run's over the extra iterations
 *     (steady iterations; for mtt and datm the matching only: their experts
 *     are overhead.experts, trained in the first warm-up run and cached for
 *     the process). One JSON line (a DistillTiming) per case.
 *   npx tsx bench/lab-distill.ts --accuracy
 *     random real and distilled sets (DISTILL_ACCURACY), trained with the
 *     coreset recipe; one JSON line per run.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { requireConfig } from '../src/engine/config';
import { getDataset, runExperiment } from '../src/engine/experiment/run';
import { nodePackSource } from '../src/engine/data/node-source';
import { OpenDatasets } from '../src/engine/data/open-datasets';
import type { Dataset } from '../src/core/data/dataset';
import { BENCH_MODELS, withFewTestExamples, type BenchModel } from './config';
import {
  DISTILL_IPCS,
  DISTILL_METHODS,
  DISTILL_PARAMS,
  DISTILL_TIMING,
  distillAccuracyConfig,
  distillTimingConfig,
  isTrajectory,
  type DistillMethod,
  type DistillTiming,
} from './distill-config';

tf.env().set('PROD', true);

/** The datasets the bench runs: the bundled ones. */
const datasets = new OpenDatasets();

function listOf<T extends string | number>(value: string | undefined, allowed: readonly T[]): T[] {
  if (value === undefined) return [...allowed];
  const items = value.split(',').map((v) => (typeof allowed[0] === 'number' ? Number(v) : v) as T);
  const bad = items.filter((i) => !allowed.includes(i));
  if (bad.length > 0) throw new Error(`unknown ${bad.join(', ')}; expected ${allowed.join(', ')}`);
  return items;
}

/** The engine's refusal of unrolled steps that would not fit in memory (trajectory-matching.ts, checkUnrollMemory). */
const MEMORY_REFUSAL = /^(mtt|datm): syntheticSteps \d+ would keep/;

async function measure(model: BenchModel, ipcs: number[], methods: DistillMethod[]): Promise<void> {
  // Training after the distillation is not timed: evaluate it on a few test examples only.
  const loaded = new Map<string, Promise<Dataset>>();
  const first = requireConfig(datasets, distillTimingConfig(model, ipcs[0], methods));
  const dataset = await getDataset(first, { datasets, source: nodePackSource, loaded });
  for (const key of loaded.keys()) loaded.set(key, Promise.resolve(withFewTestExamples(dataset)));
  // The expert buffer (keyed by seed and its settings, not the budget or the method) is trained once for every budget.
  const artifacts = new Map<string, unknown>();
  const emit = (line: DistillTiming & Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

  /** One experiment of `timed` methods at one budget: each method's warm-up run, then its timed run. */
  async function time(ipc: number, timed: DistillMethod[], syntheticSteps?: number): Promise<void> {
    const result = await runExperiment(
      requireConfig(datasets, distillTimingConfig(model, ipc, timed, syntheticSteps)),
      {
        datasets,
        source: nodePackSource,
        loaded,
        artifacts,
      },
    );
    timed.forEach((method, i) => {
      const [warmUp, base, long] = result.runs.slice(3 * i, 3 * i + 3);
      const iterations = DISTILL_TIMING.iterations[model][method];
      for (const run of [base, long])
        if (run.method !== method || run.overhead.distill === undefined)
          throw new Error(`run ${result.runs.indexOf(run)} is not a timed ${method} run`);
      const steady = (long.overhead.distill! - base.overhead.distill!) / 1000 / iterations;
      const timing: DistillTiming = {
        side: 'lab',
        model,
        method,
        ipc,
        iterations,
        secondsPerIteration: steady,
        stepCheckSeconds: base.overhead.distill! / 1000 - steady * DISTILL_TIMING.warmUpIterations,
      };
      // The experts are trained (or charged from the cache) in the warm-up run, as overhead.experts, off the distill part.
      const extra = isTrajectory(method)
        ? {
            syntheticSteps: syntheticSteps ?? DISTILL_PARAMS[method].syntheticSteps,
            expertsMs: warmUp.overhead.experts,
          }
        : {};
      emit({ ...timing, ...extra, threads: result.threads });
    });
  }

  for (const ipc of ipcs) {
    const others = methods.filter((m) => !isTrajectory(m));
    if (others.length > 0) await time(ipc, others);
    // Each trajectory method alone, so that the engine's refusal of its default steps leaves the others' timings;
    // where it refuses them for memory, it is timed again at fewer steps (and the refusal reported).
    for (const method of methods.filter(isTrajectory)) {
      for (const steps of [DISTILL_PARAMS[method].syntheticSteps, DISTILL_TIMING.fallbackSteps]) {
        try {
          await time(ipc, [method], steps);
          break;
        } catch (error) {
          const message = (error as Error).message;
          if (!MEMORY_REFUSAL.test(message)) throw error;
          emit({
            side: 'lab',
            model,
            method,
            ipc,
            iterations: DISTILL_TIMING.iterations[model][method],
            secondsPerIteration: NaN,
            syntheticSteps: steps,
            refused: message,
          });
        }
      }
    }
  }
}

async function accuracy(): Promise<void> {
  const config = requireConfig(datasets, distillAccuracyConfig());
  const result = await runExperiment(config, {
    datasets,
    source: nodePackSource,
    onEvent: (event) => {
      if (event.type === 'run-end') {
        const distill = event.run.overhead.distill;
        const took = distill === undefined ? '' : ` (distilled in ${(distill / 1000).toFixed(0)} s)`;
        process.stderr.write(
          `  lab ${event.run.label} seed ${event.run.seed}: ${(event.run.finalTestAcc * 100).toFixed(1)}%${took}\n`,
        );
      }
    },
  });
  for (const run of result.runs) {
    const experts = run.overhead.experts === undefined ? {} : { expertSeconds: run.overhead.experts / 1000 };
    const line = {
      side: 'lab',
      method: run.method,
      seed: run.seed,
      testAcc: run.finalTestAcc,
      distillSeconds: (run.overhead.distill ?? 0) / 1000,
      ...experts,
      loss: run.synthetic?.loss ?? [],
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      measure: { type: 'boolean' },
      accuracy: { type: 'boolean' },
      model: { type: 'string' },
      ipc: { type: 'string' },
      methods: { type: 'string' },
    },
  });
  if (values.accuracy) return accuracy();
  const model = values.model as BenchModel;
  if (!values.measure || !BENCH_MODELS.includes(model))
    throw new Error(
      `usage: lab-distill.ts --measure --model ${BENCH_MODELS.join('|')} [--ipc 1,10] [--methods ${DISTILL_METHODS.join(',')}] | --accuracy`,
    );
  return measure(model, listOf(values.ipc, DISTILL_IPCS), listOf(values.methods, DISTILL_METHODS));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
