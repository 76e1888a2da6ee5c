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
import type { Dataset } from '../../../core/data/dataset';

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

/** Words listed for each synthetic text, both nearest it and along its move. */
const WORDS_LISTED = 8;

/** A word is listed only if this many training texts use it: in 64 dimensions, a rare token's vector lines up with anything by chance. */
const MIN_TEXTS_PER_WORD = 5;

/** Token ids 0 and 1 pad and stand for unknown words (see the tokenizer). */
const FIRST_WORD_ID = 2;

const readableWordsOf = new WeakMap<Dataset, Int32Array>();

/**
 * The token ids a reading may list: the words at least MIN_TEXTS_PER_WORD
 * training texts use (every word where none is that common). Counted once
 * per dataset.
 */
function readableWords(dataset: Dataset): Int32Array {
  const known = readableWordsOf.get(dataset);
  if (known) return known;
  const vocabularySize = dataset.vocabulary!.length;
  const { x, count } = dataset.train;
  const length = x.length / count;
  const texts = new Int32Array(vocabularySize);
  const seenIn = new Int32Array(vocabularySize).fill(-1);
  for (let i = 0; i < count; i++)
    for (let j = i * length; j < (i + 1) * length; j++) {
      const id = x[j];
      if (seenIn[id] !== i) {
        seenIn[id] = i;
        texts[id]++;
      }
    }
  const all = Array.from({ length: vocabularySize - FIRST_WORD_ID }, (_, k) => k + FIRST_WORD_ID);
  const common = all.filter((id) => texts[id] >= MIN_TEXTS_PER_WORD);
  const ids = Int32Array.from(common.length >= WORDS_LISTED ? common : all);
  readableWordsOf.set(dataset, ids);
  return ids;
}

/** What a text set reads as, per example; empty lists without a vocabulary. */
export interface TextReading {
  /** The vocabulary's words whose embeddings point most nearly the way the example's pooled vector does. */
  words: string[][];
  /**
   * The words along which the distillation moved the example from its start
   * (cosine with the change of its pooled vector): what the method itself
   * wrote in. Two methods started from the same real texts share most of
   * their nearest words; their moves tell them apart. Empty where it has
   * not moved.
   */
  movedToward: string[][];
}

/** A text set's examples in words, against its start (see TextReader). */
export type ReadWords = (examples: tf.Tensor) => Promise<TextReading>;

/**
 * Reads a text set, learnt as sequences of vectors, in words: in the run
 * model's embedding table (its starting one, held fixed), for each
 * example's pooled vector (what the model reads) and for its change since
 * `start`. Only words enough training texts use are listed (readableWords).
 * The words' unit vectors are made once, as a live view reads the set a
 * few times a second; `dispose` frees them.
 */
export class TextReader {
  private readonly vocabulary: string[];
  private readonly candidates: Int32Array;
  private readonly unitWords: tf.Tensor2D;

  /** `table`: the embedding table of a model of `dataset`, which has a vocabulary. */
  constructor(table: tf.Tensor, dataset: Dataset) {
    this.vocabulary = dataset.vocabulary!;
    this.candidates = readableWords(dataset);
    this.unitWords = tf.tidy(() => unitRows(tf.gather(table, tf.tensor1d(this.candidates, 'int32')) as tf.Tensor2D));
  }

  /** The reader of a text set's run, or undefined where the data have no vocabulary. */
  static of(context: Pick<MethodContext, 'runModel' | 'dataset'>): TextReader | undefined {
    const table = embeddingTable(context);
    if (!context.dataset.vocabulary || table === undefined) return undefined;
    return new TextReader(context.runModel.params[table], context.dataset);
  }

  async read(examples: tf.Tensor, start: tf.Tensor): Promise<TextReading> {
    const n = examples.shape[0];
    const count = Math.min(WORDS_LISTED, this.candidates.length);
    const [top, moved] = tf.tidy(() => {
      const pooled = tf.sum(examples, 1) as tf.Tensor2D;
      const change = tf.sub(pooled, tf.sum(start, 1)) as tf.Tensor2D;
      // A change below a millionth of the vector is rounding, not a move.
      const hasMoved = tf.greater(rowNorms(change), tf.mul(rowNorms(pooled), 1e-6));
      // Both questions in one product: rows 0..n-1 the vectors, n..2n-1 their changes.
      const both = unitRows(tf.concat([pooled, change], 0) as tf.Tensor2D);
      return [tf.topk(tf.matMul(both, this.unitWords, false, true), count).indices, hasMoved];
    });
    const [ids, movedFlags] = await Promise.all([top.array() as Promise<number[][]>, moved.data()]);
    tf.dispose([top, moved]);
    const asWords = (row: number[]) => row.map((k) => this.vocabulary[this.candidates[k]]);
    return {
      words: ids.slice(0, n).map(asWords),
      movedToward: ids.slice(n).map((row, i) => (movedFlags[i] ? asWords(row) : [])),
    };
  }

  dispose(): void {
    this.unitWords.dispose();
  }
}

const rowNorms = (m: tf.Tensor2D) => tf.norm(m, 'euclidean', 1, true);
const unitRows = (m: tf.Tensor2D) => tf.div(m, tf.add(rowNorms(m), 1e-12)) as tf.Tensor2D;
