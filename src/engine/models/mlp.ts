import * as tf from '@tensorflow/tfjs';
import { featureSize } from '../../core/data/dataset';
import { intField } from '../../core/settings/fields';
import { functionalModel, mixAt, ParamList, defineModel } from './model';
import * as v from 'valibot';

/**
 * Fully connected ReLU network on flattened inputs. It blends (Manifold
 * Mixup) at "input" or after a hidden layer's ReLU, "hidden 1" to "hidden <depth>".
 */
export const mlp = defineModel({
  id: 'mlp',
  name: 'MLP',
  description: 'Fully connected ReLU network on flattened inputs (width x depth hidden layers).',
  inputs: ['image', 'vector'],
  params: {
    width: v.optional(intField(1, 4096), 256),
    depth: v.optional(intField(1, 6), 1),
  },
  create(input, classCount, { width, depth }, rng) {
    const list = new ParamList(rng);
    const sizes = [featureSize(input), ...new Array<number>(depth).fill(width), classCount];
    for (let l = 0; l + 1 < sizes.length; l++) {
      list.uniform([sizes[l], sizes[l + 1]], sizes[l]);
      list.uniform([sizes[l + 1]], sizes[l]);
    }
    const hidden = (d: number) => `hidden ${d + 1}`;
    const mixPoints = ['input', ...Array.from({ length: depth }, (_, d) => hidden(d))];
    return functionalModel(
      list,
      (x, p, mix) => {
        let h = tf.reshape(mixAt(x, 'input', mix), [x.shape[0], -1]) as tf.Tensor2D;
        // Every layer but the head (the last two parameters), each followed by ReLU.
        for (let l = 0; l + 2 < p.length; l += 2)
          h = mixAt(tf.relu(tf.add(tf.matMul(h, p[l] as tf.Tensor2D), p[l + 1])) as tf.Tensor2D, hidden(l / 2), mix);
        return h;
      },
      mixPoints,
    );
  },
});
