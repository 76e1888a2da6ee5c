import * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import type { BatchSource } from './batch-source';
import { oneHotTargets, softCrossEntropy } from './loss';

/** Examples per evaluation batch. */
export const EVAL_BATCH = 500;

export interface Evaluation {
  accuracy: number;
  loss: number;
}

/** Accuracy and mean loss over a whole split, with a single readback at the end. */
export async function evaluate(model: Model, split: BatchSource, classCount: number, batchSize = EVAL_BATCH): Promise<Evaluation> {
  let correct = tf.scalar(0);
  let lossSum = tf.scalar(0);
  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    const [nextCorrect, nextLoss] = tf.tidy(() => {
      const { x, y } = split.slice(start, size);
      const logits = model.apply(x);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
      const loss = tf.mul(softCrossEntropy(logits, oneHotTargets(y, classCount)), size);
      return [tf.add(correct, hits), tf.add(lossSum, loss)];
    });
    correct.dispose();
    lossSum.dispose();
    correct = nextCorrect as tf.Scalar;
    lossSum = nextLoss as tf.Scalar;
  }
  const [hits, loss] = await Promise.all([correct.data(), lossSum.data()]);
  correct.dispose();
  lossSum.dispose();
  return { accuracy: hits[0] / split.count, loss: loss[0] / split.count };
}
