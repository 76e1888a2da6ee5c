import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { intField } from '../../core/settings/fields';
import { embeddingBagSum, maskedEmbeddings, tokenCounts } from '../runtime/ops/embedding-bag';
import { blend, functionalModel, mixAt, ParamList, type HiddenMix, defineModel } from './model';

/** Embedding sequences [batch, length, embedding] with padding as zero vectors, and each one's token count [batch, 1]. */
interface Sequence {
  vectors: tf.Tensor3D;
  counts: tf.Tensor2D;
}

/** Token ids [batch, length] (0 pads) as their embeddings. */
function embedTokens(table: tf.Tensor, ids: tf.Tensor2D): Sequence {
  return { vectors: maskedEmbeddings(table, ids), counts: tokenCounts(ids) };
}

/** Embedding sequences read as given: every position a token. */
function embedded(vectors: tf.Tensor3D): Sequence {
  return { vectors, counts: tf.fill([vectors.shape[0], 1], vectors.shape[1]) };
}

/**
 * wordMixup's blend: the two zero-padded sequences position by position, and
 * their token counts alike, so that a pad position counts as a token of
 * weight 0. Blending a c-token with a c'-token sentence gives one of
 * λ c + (1 - λ) c' tokens, which pools to (λ S + (1 - λ) S') / sqrt(λ c + (1 - λ) c')
 * for embedding sums S, S': at λ = 0 or 1 exactly one of the two sentences,
 * and not sen-mixup's blend of the pooled vectors unless c = c'.
 */
function blendSequences({ vectors, counts }: Sequence, mix: HiddenMix): Sequence {
  return { vectors: blend(vectors, mix) as tf.Tensor3D, counts: blend(counts, mix) as tf.Tensor2D };
}

/** A sum of a sequence's embeddings over sqrt(its tokens). */
function scaledSum(sum: tf.Tensor2D, counts: tf.Tensor2D): tf.Tensor2D {
  return tf.div(sum, tf.sqrt(tf.maximum(counts, 1))) as tf.Tensor2D;
}

/** A sequence pooled: its embeddings summed, over sqrt(its tokens). */
function pool({ vectors, counts }: Sequence): tf.Tensor2D {
  return scaledSum(tf.sum(vectors, 1) as tf.Tensor2D, counts);
}

/**
 * The pooled vector [batch, embedding] of `x` (token ids, or embedding
 * sequences), blended first where the mix is at "embeddings". Unblended
 * token ids pool in one embedding bag, never making their sequence.
 */
function sentenceOf(table: tf.Tensor, x: tf.Tensor, mix: HiddenMix | undefined): tf.Tensor2D {
  const tokens = x.dtype === 'int32';
  if (tokens && mix?.at !== 'embeddings')
    return scaledSum(embeddingBagSum(table as tf.Tensor2D, x as tf.Tensor2D), tokenCounts(x as tf.Tensor2D));
  const sequence = tokens ? embedTokens(table, x as tf.Tensor2D) : embedded(x as tf.Tensor3D);
  return pool(mix?.at === 'embeddings' ? blendSequences(sequence, mix) : sequence);
}

/**
 * Bag-of-embeddings text classifier: token embeddings pooled over the
 * non-padding positions, one ReLU layer, a linear head. Small and fast, and
 * differentiable in its embeddings for text mixup. Pooling divides the sum by
 * sqrt(length) rather than length, so that long mails keep a signal as strong
 * as short names (spam: 94% vs 90% test accuracy after 5 epochs). It also
 * reads sequences of embedding vectors instead of token ids (every position
 * a token): the space text distillation learns in.
 * It blends (Guo et al. 2019's text mixes) at "embeddings", the sequence of
 * token embeddings (wordMixup, see blendSequences), or at "sentence", the
 * pooled vector (senMixup).
 */
export const text = defineModel({
  id: 'text',
  name: 'Text (embedding + pooling)',
  description: 'Token embeddings pooled over the sequence, a ReLU layer and a linear head.',
  inputs: ['tokens'],
  params: {
    embedding: v.optional(intField(2, 512), 64),
    width: v.optional(intField(1, 2048), 64),
  },
  create(input, classCount, { embedding, width }, rng) {
    if (input.kind !== 'tokens') throw new Error('the text model reads token sequences only');
    const list = new ParamList(rng);
    list.normal([input.vocabSize, embedding], 1);
    list.uniform([embedding, width], embedding);
    list.uniform([width], embedding);
    list.uniform([width, classCount], width);
    list.uniform([classCount], width);
    const model = functionalModel(
      list,
      (x, p, mix) => {
        const [table, w1, b1] = p;
        const sentence = sentenceOf(table, x, mix);
        return tf.relu(tf.add(tf.matMul(mixAt(sentence, 'sentence', mix), w1 as tf.Tensor2D), b1)) as tf.Tensor2D;
      },
      ['embeddings', 'sentence'],
    );
    return { ...model, embeddingTable: 0 };
  },
});
