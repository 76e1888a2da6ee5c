/**
 * Per-example quantities over the whole training split, computed on the
 * backend in batches and read back once: feature matrices (raw inputs or a
 * model's embedding) and scores from a model's outputs.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../../models/model';
import type { BatchSource } from '../../train/batch-source';
import { oneHotTargets } from '../../train/loss';

const BATCH = 500;

/** Runs `perBatch` over the split in order and concatenates its outputs (kept tensors, caller disposes). */
function overSplit(split: BatchSource, perBatch: (x: tf.Tensor, y: tf.Tensor1D) => tf.Tensor): tf.Tensor {
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < split.count; start += BATCH) {
    const size = Math.min(BATCH, split.count - start);
    parts.push(
      tf.tidy(() => {
        const { x, y } = split.slice(start, size);
        return perBatch(x, y);
      }),
    );
  }
  const all = tf.concat(parts);
  tf.dispose(parts);
  return all;
}

/** The inputs themselves, flattened: [count, features]. */
export function rawFeatures(split: BatchSource): tf.Tensor2D {
  return overSplit(split, (x) => tf.reshape(tf.cast(x, 'float32'), [x.shape[0], -1])) as tf.Tensor2D;
}

/** A model's embedding (its head's input): [count, features]. */
export function embeddedFeatures(split: BatchSource, model: Model): tf.Tensor2D {
  return overSplit(split, (x) => model.features(x)) as tf.Tensor2D;
}

/** What a score sees of one batch: the model's logits and features, and one-hot labels. */
export interface ScoreInputs {
  logits: tf.Tensor2D;
  features: tf.Tensor2D;
  targets: tf.Tensor2D;
}

export type ScoreFunction = (inputs: ScoreInputs) => tf.Tensor;

/** What `score` gives for every example of the split (one or more values each), read back as one Float32Array. */
export async function perExample(
  split: BatchSource,
  model: Model,
  classCount: number,
  score: ScoreFunction,
): Promise<Float32Array> {
  const scores = overSplit(split, (x, y) => {
    const features = model.features(x);
    return score({ logits: model.head(features), features, targets: oneHotTargets(y, classCount) });
  });
  const values = (await scores.data()) as Float32Array;
  scores.dispose();
  return values;
}
