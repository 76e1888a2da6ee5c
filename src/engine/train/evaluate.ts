import * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import type { BatchSource } from './batch-source';
import { oneHotTargets, softCrossEntropy } from './loss';
import { stratifiedSplit } from '../data/split';
import { Rng } from '../../core/rng';

/** Examples per evaluation batch. */
export const EVAL_BATCH = 500;

/**
 * Test examples the intermediate curve points are measured on; the last point
 * of every run is measured on the whole test set. Evaluating all of a large
 * test set 20 times a run cost more than training a 10% subset.
 */
export const EVAL_SAMPLE = 1000;
/** Fixes the sample: the same examples for every run, seed and session. */
const EVAL_SAMPLE_SEED = 20240607;

/**
 * The fixed, stratified sample of a test set (indices in ascending order):
 * each class keeps its share (largest remainder), and the same labels always
 * give the same sample. All indices when the set holds at most `size`.
 */
export function evaluationSample(labels: Int32Array, size = EVAL_SAMPLE): Int32Array {
  if (labels.length <= size) return Int32Array.from({ length: labels.length }, (_, i) => i);
  return stratifiedSplit(labels, { count: size }, new Rng(EVAL_SAMPLE_SEED)).test.slice().sort();
}

export interface Evaluation {
  accuracy: number;
  loss: number;
  /** With `confusion` asked: `counts[t][p]`, examples of class t predicted as p. */
  confusion?: number[][];
}

/**
 * Accuracy and mean loss over a whole split (and, where asked, its
 * confusion counts), with a single readback at the end.
 */
export async function evaluate(
  model: Model,
  split: BatchSource,
  classCount: number,
  { batchSize = EVAL_BATCH, confusion = false }: { batchSize?: number; confusion?: boolean } = {},
): Promise<Evaluation> {
  let correct = tf.scalar(0);
  let lossSum = tf.scalar(0);
  let counts = confusion ? tf.zeros([classCount, classCount]) : null;
  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    const next = tf.tidy(() => {
      const { x, y } = split.slice(start, size);
      const logits = model.apply(x);
      const predicted = tf.argMax(logits, 1);
      const hits = tf.sum(tf.cast(tf.equal(predicted, y), 'float32'));
      const targets = oneHotTargets(y, classCount);
      const loss = tf.mul(softCrossEntropy(logits, targets), size);
      // Truth one-hot against prediction one-hot: one product counts every (true, predicted) pair.
      const pairs =
        counts && tf.add(counts, tf.matMul(targets, tf.cast(tf.oneHot(predicted, classCount), 'float32'), true, false));
      return [tf.add(correct, hits), tf.add(lossSum, loss), ...(pairs ? [pairs] : [])];
    });
    tf.dispose([correct, lossSum, counts ?? []]);
    [correct, lossSum] = next as tf.Scalar[];
    counts = next[2] ?? null;
  }
  const [hits, loss, table] = await Promise.all([correct.data(), lossSum.data(), counts?.array()]);
  tf.dispose([correct, lossSum, counts ?? []]);
  const evaluation = { accuracy: hits[0] / split.count, loss: loss[0] / split.count };
  return table ? { ...evaluation, confusion: (table as number[][]).map((row) => row.map(Math.round)) } : evaluation;
}
