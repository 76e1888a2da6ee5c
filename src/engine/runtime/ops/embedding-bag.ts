/**
 * The sum of each sequence's token embeddings, padding (id 0) left out: the
 * text model's pooling. Where the backend has the lab's fused kernel (wasm,
 * see kernels/wasm-embedding-bag.ts) it is one pass over the ids each way
 * instead of gathering [batch, length, embedding], masking it and summing
 * it; elsewhere it is composed of tfjs ops. As with instance norm, the fused
 * gradient serves first-order training only.
 */
import * as tf from '@tensorflow/tfjs';

export const EMBEDDING_BAG = 'LabEmbeddingBag';
export const EMBEDDING_BAG_GRAD = 'LabEmbeddingBagGrad';

/** 1 at each token of ids [batch, length], 0 at its padding. */
function tokenMask(ids: tf.Tensor2D): tf.Tensor2D {
  return tf.cast(tf.greater(ids, 0), 'float32') as tf.Tensor2D;
}

/** Each sequence's embeddings [batch, length, embedding], padding as zero vectors. */
export function maskedEmbeddings(table: tf.Tensor, ids: tf.Tensor2D): tf.Tensor3D {
  return tf.mul(tf.gather(table, ids), tf.expandDims(tokenMask(ids), 2)) as tf.Tensor3D;
}

/** Each sequence's token count [batch, 1]. */
export function tokenCounts(ids: tf.Tensor2D): tf.Tensor2D {
  return tf.sum(tokenMask(ids), 1, true) as tf.Tensor2D;
}

/** The gradient for the table from tfjs ops: each position's upstream row, scattered to its token's row. */
function composedEmbeddingBagGrad(dy: tf.Tensor2D, ids: tf.Tensor2D, rows: number): tf.Tensor2D {
  const [batch, length] = ids.shape;
  const perPosition = tf.mul(tf.expandDims(dy, 1), tf.expandDims(tokenMask(ids), 2));
  return tf.unsortedSegmentSum(
    tf.reshape(perPosition, [batch * length, -1]),
    tf.reshape(ids, [-1]),
    rows,
  ) as tf.Tensor2D;
}

function recordingGradients(): boolean {
  return tf.engine().state.gradientDepth > 0;
}

/** table [rows, embedding], ids [batch, length] int32 (0 pads) -> [batch, embedding]. */
export function embeddingBagSum(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor2D {
  if (!tf.getKernel(EMBEDDING_BAG, tf.getBackend())) return tf.sum(maskedEmbeddings(table, ids), 1) as tf.Tensor2D;
  return tf.engine().runKernel(EMBEDDING_BAG, { table, ids }) as tf.Tensor2D;
}

export const embeddingBagGradConfig: tf.GradConfig = {
  kernelName: EMBEDDING_BAG,
  inputsToSave: ['table', 'ids'],
  gradFunc: (dy, saved) => {
    const [table, ids] = saved as [tf.Tensor2D, tf.Tensor2D];
    const upstream = dy as tf.Tensor2D;
    return {
      table: () =>
        recordingGradients()
          ? composedEmbeddingBagGrad(upstream, ids, table.shape[0])
          : (tf.engine().runKernel(EMBEDDING_BAG_GRAD, { dy: upstream, ids }, { rows: table.shape[0] }) as tf.Tensor2D),
      ids: () => tf.zerosLike(ids),
    };
  },
};
