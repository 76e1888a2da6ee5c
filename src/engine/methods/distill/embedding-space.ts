/**
 * Text is distilled in embedding space: a synthetic example is a sequence
 * of embedding vectors [length, embedding] rather than token ids, and every
 * network of the distillation (random ones, experts, students) as well as
 * the run's training on the set reads it through one embedding table, the
 * run model's starting one, held fixed. Token ids have no gradient; vectors
 * in the table's space do.
 */
import * as tf from '@tensorflow/tfjs';
import { withFrozen, type Model } from '../../models/model';
import type { Rng } from '../../../core/rng';
import type { MethodContext } from '../../contracts/method';

/** The index of the run model's embedding table, where it has one. */
export function embeddingTable(context: Pick<MethodContext, 'runModel'>): number | undefined {
  return context.runModel.embeddingTable;
}

/** Whether this run's sets are learnt in embedding space (the data are tokens). */
export function inEmbeddingSpace(context: Pick<MethodContext, 'runModel'>): boolean {
  return embeddingTable(context) !== undefined;
}

/** A network of the comparison's model for distilling: in the run's embedding space where the data are tokens. */
export function distillationNetwork(context: Pick<MethodContext, 'runModel' | 'model'>, rng: Rng): Model {
  const network = context.model.create(rng);
  const table = embeddingTable(context);
  if (table === undefined) return network;
  network.params[table].assign(context.runModel.params[table]);
  return withFrozen(network, [table]);
}

/**
 * Token sequences [n, length] as embedding sequences [n, length, embedding]
 * that the model pools to the same vector: padding is dropped by zero
 * vectors, and the rest scaled by sqrt(length / tokens), since the model
 * divides a sequence of vectors by sqrt(length) and one of ids by sqrt(tokens).
 */
export function embedTokens(context: Pick<MethodContext, 'runModel'>, ids: tf.Tensor2D): tf.Tensor3D {
  const table = context.runModel.params[embeddingTable(context)!];
  return tf.tidy(() => {
    const mask = tf.cast(tf.greater(ids, 0), 'float32');
    const tokens = tf.maximum(tf.sum(mask, 1, true), 1);
    const scale = tf.sqrt(tf.div(ids.shape[1], tokens));
    return tf.mul(tf.gather(table, ids), tf.expandDims(tf.mul(mask, scale), 2)) as tf.Tensor3D;
  });
}

/** Words shown for each synthetic text. */
const NEAREST_WORDS = 8;

/**
 * What each synthetic text says, as far as words can: the vocabulary's
 * tokens whose embeddings point most nearly the way the example's pooled
 * vector does (cosine), padding left out. Empty without a vocabulary.
 */
export async function nearestWords(
  context: Pick<MethodContext, 'runModel' | 'dataset'>,
  examples: tf.Tensor,
): Promise<string[][]> {
  const vocabulary = context.dataset.vocabulary;
  if (!vocabulary) return [];
  const table = context.runModel.params[embeddingTable(context)!];
  const count = Math.min(NEAREST_WORDS, vocabulary.length - 1);
  const top = tf.tidy(() => {
    const unit = (m: tf.Tensor2D) => tf.div(m, tf.add(tf.norm(m, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
    const words = tf.slice(table, [1, 0], [-1, -1]) as tf.Tensor2D;
    const similarity = tf.matMul(unit(tf.sum(examples, 1) as tf.Tensor2D), unit(words), false, true);
    return tf.topk(similarity, count).indices;
  });
  const ids = (await top.array()) as number[][];
  top.dispose();
  return ids.map((row) => row.map((id) => vocabulary[id + 1]));
}
