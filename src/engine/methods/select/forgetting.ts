import * as tf from '@tensorflow/tfjs';
import type { MethodContext } from '../../contracts/method';
import { pretrain } from '../coreset/pretrain';
import { keptForSeed } from '../cached-work';
import { pretrainParams, scoreMethod } from '../coreset/score-method';
import type { Settings } from '../../contracts/settings';

interface Presentation {
  indices: Int32Array;
  /** 1 where the batch's prediction was right, before the update. */
  correct: tf.Tensor;
}

/** Counts, from the presentations in order, how often each example went from right to wrong. */
export function forgettingEvents(
  presentations: { indices: Int32Array; correct: ArrayLike<number> }[],
  count: number,
): Float32Array {
  const last = new Int8Array(count).fill(-1);
  const learned = new Uint8Array(count);
  const events = new Float32Array(count);
  for (const { indices, correct } of presentations) {
    indices.forEach((i, k) => {
      const right = correct[k] ? 1 : 0;
      if (last[i] === 1 && right === 0) events[i]++;
      if (right) learned[i] = 1;
      last[i] = right;
    });
  }
  // Never learned counts as forgotten more than any learned example (Toneva et al. rank them infinite).
  const most = events.reduce((a, b) => Math.max(a, b), 0);
  learned.forEach((wasLearned, i) => {
    if (!wasLearned) events[i] = most + 1;
  });
  return events;
}

const forgettingParams = pretrainParams(3);

/** The forgetting events of a short training; the same for every budget of a seed (keptForSeed). */
function forgettingScores(
  context: MethodContext,
  { pretrainEpochs }: Settings<typeof forgettingParams>,
): Promise<Float32Array> {
  // Drawn first, used or not, so that what the method draws next is the same whether the scores were kept.
  const stream = context.rng.fork(0xf0);
  return keptForSeed(context, ['forgetting', pretrainEpochs], async (timed) => {
    const presentations: Presentation[] = [];
    const observe = (indices: Int32Array, logits: tf.Tensor2D, labels: tf.Tensor1D) => {
      presentations.push({ indices: indices.slice(), correct: tf.keep(tf.equal(tf.argMax(logits, 1), labels)) });
    };
    try {
      const model = await timed('pretrain', () => pretrain(context, { epochs: pretrainEpochs, rng: stream, observe }));
      model.dispose();
      return await timed('score', async () => {
        const all = presentations.length > 0 ? tf.concat(presentations.map((p) => p.correct)) : tf.zeros([0]);
        const flags = await all.data();
        all.dispose();
        let offset = 0;
        const read = presentations.map(({ indices }) => {
          const correct = flags.subarray(offset, offset + indices.length);
          offset += indices.length;
          return { indices, correct };
        });
        return forgettingEvents(read, context.dataset.train.count);
      });
    } finally {
      tf.dispose(presentations.map((p) => p.correct));
    }
  });
}

/**
 * Forgetting events (Toneva et al., ICLR 2019): during a short training,
 * count how often each example's prediction flips from right to wrong
 * between presentations. Examples never forgotten are the ones to prune;
 * the method keeps the most forgotten (never-learned ones first).
 */
export const forgetting = scoreMethod({
  id: 'forgetting',
  description: 'Counts how often each example is forgotten during a short training; keeps the most forgotten.',
  scoreName: 'forgetting events',
  rounds: ['static', 'resample'],
  params: forgettingParams,
  scores: forgettingScores,
});
