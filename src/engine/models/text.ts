import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField } from '../config-fields';
import { functionalModel, ParamList, type ModelEntry } from './model';

/** Token ids [batch, length] (0 pads) pooled: the sum of their embeddings over sqrt(tokens). */
function poolTokens(table: tf.Tensor, ids: tf.Tensor2D): tf.Tensor2D {
  const vectors = tf.gather(table, ids); // [batch, length, embedding]
  const mask = tf.expandDims(tf.cast(tf.greater(ids, 0), 'float32'), 2);
  const counts = tf.maximum(tf.sum(mask, 1), 1);
  return tf.div(tf.sum(tf.mul(vectors, mask), 1), tf.sqrt(counts)) as tf.Tensor2D;
}

/** Embedding sequences [batch, length, embedding], every position a token, pooled the same way. */
function poolEmbedded(vectors: tf.Tensor3D): tf.Tensor2D {
  return tf.div(tf.sum(vectors, 1), Math.sqrt(vectors.shape[1])) as tf.Tensor2D;
}

/**
 * Bag-of-embeddings text classifier: token embeddings pooled over the
 * non-padding positions, one ReLU layer, a linear head. Small and fast, and
 * differentiable in its embeddings for text mixup. Pooling divides the sum by
 * sqrt(length) rather than length, so that long mails keep a signal as strong
 * as short names (spam: 94% vs 90% test accuracy after 5 epochs). It also
 * reads sequences of embedding vectors instead of token ids (every position
 * a token): the space text distillation learns in.
 */
export const text: ModelEntry = {
  id: 'text',
  name: 'Text (embedding + pooling)',
  description: 'Token embeddings pooled over the sequence, a ReLU layer and a linear head.',
  inputs: ['tokens'],
  params: {
    embedding: v.optional(intField(2, 512), 64),
    width: v.optional(intField(1, 2048), 64),
  },
  create(input, classCount, params, rng) {
    if (input.kind !== 'tokens') throw new Error('the text model reads token sequences only');
    const embedding = params.embedding as number;
    const width = params.width as number;
    const list = new ParamList(rng);
    list.normal([input.vocabSize, embedding], 1);
    list.uniform([embedding, width], embedding);
    list.uniform([width], embedding);
    list.uniform([width, classCount], width);
    list.uniform([classCount], width);
    const model = functionalModel(list, (x, p) => {
      const [table, w1, b1] = p;
      const pooled = x.dtype === 'int32' ? poolTokens(table, x as tf.Tensor2D) : poolEmbedded(x as tf.Tensor3D);
      return tf.relu(tf.add(tf.matMul(pooled, w1 as tf.Tensor2D), b1)) as tf.Tensor2D;
    });
    return { ...model, embeddingTable: 0 };
  },
};
