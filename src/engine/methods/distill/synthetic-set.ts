/**
 * What the distillation methods share: where a synthetic set starts (real
 * examples or noise), how its examples are laid out by class, and the plan
 * that trains on it through the one training loop.
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { oneOf } from '../../../core/settings/fields';
import { stepsPerRound } from '../budget';
import type { MethodContext } from '../../contracts/method';
import type { DataPlan } from '../../contracts/plan';
import type { Settings } from '../../contracts/settings';
import { classBalancedSample } from '../sampling';
import { indicesByClass } from '../../../core/data/dataset';
import { kMeans } from '../coreset/geometry';
import type { Rng } from '../../../core/rng';
import { type LearnedSet, setTargets } from './learned-set';
import { MatchingProgress } from './matching-progress';
import { embeddingTable, embedTokens, inEmbeddingSpace, type ReadWords, TextReader } from './embedding-space';

export const initParam = {
  init: v.optional(
    v.pipe(
      oneOf('initialisation', ['real', 'kmeans', 'noise'] as const),
      v.title('start from'),
      v.description(
        'real: random real examples of each class; kmeans: the real example nearest each k-means centre of its class (DREAM); noise: uniform noise.',
      ),
    ),
    'real',
  ),
};

type InitSettings = Settings<typeof initParam>;

/** The row label's note for a start other than random real examples. */
export function initLabel({ init }: InitSettings): string {
  return init === 'noise' ? ' (from noise)' : init === 'kmeans' ? ' (k-means start)' : '';
}

/** The class of every synthetic example: the budget's count per class, class by class. */
function syntheticClasses(context: Pick<MethodContext, 'budget'>): Int32Array {
  return Int32Array.from(context.budget.perClass.flatMap((count, c) => new Array<number>(count).fill(c)));
}

/**
 * DREAM's start (Liu et al., ICCV 2023): cluster each class into as many
 * clusters as it gets synthetic examples, and take the real example nearest
 * each centre, so the start already covers the class's modes.
 */
async function centralExamples(context: MethodContext): Promise<Int32Array> {
  const picked: number[] = [];
  const members = indicesByClass(context.dataset.train.y, context.dataset.classes.length);
  for (const [c, rows] of members.entries()) {
    const take = context.budget.perClass[c];
    if (take === 0) continue;
    // Token sequences are clustered by the sum of their embeddings (the bag the model reads).
    const x = tf.tidy(() => {
      const examples = asSynthetic(context, context.train.gather(rows).x);
      return (inEmbeddingSpace(context) ? tf.sum(examples, 1) : tf.reshape(examples, [rows.length, -1])) as tf.Tensor2D;
    });
    try {
      const assignment = await kMeans(x, take, context.rng);
      const chosen = new Set<number>();
      for (let cluster = 0; cluster < take; cluster++) {
        const inCluster = Array.from(assignment.keys()).filter((i) => assignment[i] === cluster);
        if (inCluster.length === 0) continue;
        const nearest = tf.tidy(() => {
          const points = tf.gather(x, tf.tensor1d(inCluster, 'int32'));
          return tf.argMin(tf.sum(tf.square(tf.sub(points, tf.mean(points, 0))), 1));
        });
        chosen.add(inCluster[(await nearest.data())[0]]);
        nearest.dispose();
      }
      // A cluster Lloyd's iterations emptied leaves its place to a random example of the class.
      for (const i of context.rng.permutation(rows.length)) {
        if (chosen.size >= take) break;
        chosen.add(i);
      }
      for (const i of chosen) picked.push(rows[i]);
    } finally {
      x.dispose();
    }
  }
  return Int32Array.from(picked);
}

/** Real examples as a synthetic set holds them: token sequences in embedding space, others as they are. */
function asSynthetic(context: MethodContext, x: tf.Tensor): tf.Tensor {
  return inEmbeddingSpace(context) ? embedTokens(context, x as tf.Tensor2D) : x;
}

/** One synthetic example's shape, e.g. [28, 28, 1], or [length, embedding] for text. */
export function syntheticShape(context: MethodContext): number[] {
  return tf.tidy(() => asSynthetic(context, context.train.slice(0, 1).x).shape.slice(1));
}

/** The starting synthetic examples [n, ...input], as the model reads them, laid out as `classes`. */
async function initialExamples(
  context: MethodContext,
  classes: Int32Array,
  init: InitSettings['init'],
): Promise<tf.Tensor> {
  if (init === 'noise') {
    return tf.tidy(() => {
      const seed = context.rng.int(2 ** 31) + 1;
      const shape = syntheticShape(context);
      // Embedding vectors are drawn as the table's are, N(0, 1); pixels and points uniformly in [0, 1].
      return inEmbeddingSpace(context)
        ? tf.randomNormal([classes.length, ...shape], 0, 1, 'float32', seed)
        : tf.randomUniform([classes.length, ...shape], 0, 1, 'float32', seed);
    });
  }
  const picked =
    init === 'kmeans'
      ? await centralExamples(context)
      : classBalancedSample(context.dataset.train.y, context.budget.perClass, context.rng);
  if (picked.length !== classes.length)
    throw new Error(`distillation start: ${picked.length} examples for ${classes.length} synthetic ones`);
  // Class by class, as `classes` lays them out.
  const byClass = Array.from(picked).sort((a, b) => context.dataset.train.y[a] - context.dataset.train.y[b] || a - b);
  return tf.tidy(() => asSynthetic(context, context.train.gather(Int32Array.from(byClass)).x));
}

/**
 * Trains on the set as it stands (a copy: the set may go on learning),
 * shuffled every round with `rng`.
 */
async function distilledPlan(
  context: MethodContext,
  set: LearnedSet,
  loss: [number, number][],
  rng: Rng,
  readWords?: ReadWords,
): Promise<DataPlan> {
  const count = set.classes.length;
  const [examples, targets] = tf.tidy(
    () => [tf.clone(set.examples), setTargets(set, context.dataset.classes.length)] as const,
  );
  const values = (await examples.data()) as Float32Array;
  const labels = set.labels && ((await targets.data()) as Float32Array).slice();
  const table = embeddingTable(context);
  const reading = await readWords?.(examples);
  return {
    examplesPerRound: count,
    totalSteps: context.epochs * stepsPerRound(count, context.batchSize),
    nextRound: () => rng.permutation(count),
    examples: { x: examples, targets },
    frozenParams: table === undefined ? undefined : [table],
    synthetic: {
      classes: set.classes,
      shape: examples.shape.slice(1),
      values: values.slice(),
      labels,
      words: reading?.words,
      movedToward: reading?.movedToward,
      loss,
    },
    dispose: () => tf.dispose([examples, targets]),
  };
}

/**
 * A distillation run's plan: start the synthetic set, let `match` learn it
 * over `iterations` (timed as distillation overhead, its loss read back
 * every `lossEvery`), then train on it. What the set holds is freed
 * whatever happens.
 */
export async function distil(
  context: MethodContext,
  { init }: InitSettings,
  loop: { method: string; iterations: number; lossEvery: number },
  match: (set: LearnedSet, progress: MatchingProgress) => Promise<void>,
): Promise<DataPlan> {
  const classes = syntheticClasses(context);
  const initial = await initialExamples(context, classes, init);
  const set: LearnedSet = { examples: tf.variable(initial, true), classes };
  const reader = TextReader.of(context);
  // A text set keeps its start: it is read in words by what it moved toward.
  const readWords = reader && ((examples: tf.Tensor) => reader.read(examples, initial));
  if (!reader) initial.dispose();
  try {
    const planNow = (rng: Rng) => distilledPlan(context, set, [], rng, readWords);
    const watched = { context, set, planNow, readWords };
    const progress = new MatchingProgress(loop.method, loop.iterations, loop.lossEvery, watched);
    await context.overhead.time('distill', () => match(set, progress));
    return await distilledPlan(context, set, progress.loss, context.rng.fork(0xd1), readWords);
  } finally {
    tf.dispose([set.examples, set.labels ?? []]);
    if (reader) {
      reader.dispose();
      initial.dispose();
    }
  }
}
