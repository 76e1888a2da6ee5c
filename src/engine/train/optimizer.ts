/**
 * SGD with momentum and Adam, written out so that the learning rate can follow
 * the per-step schedule and the update matches PyTorch's (weight decay added
 * to the gradient; momentum buffer b = m*b + g; w -= lr*b).
 */
import * as tf from '@tensorflow/tfjs';

export interface OptimizerSettings {
  optimizer: 'sgd' | 'adam';
  momentum: number;
  weightDecay: number;
}

export interface Optimizer {
  /** Applies one update with learning rate `lr`; grads align with params. */
  step(grads: readonly tf.Tensor[], lr: number): void;
  dispose(): void;
}

function slots(params: readonly tf.Variable[]): tf.Variable[] {
  return params.map((p) => {
    const zeros = tf.zerosLike(p);
    const slot = tf.variable(zeros, false);
    zeros.dispose();
    return slot;
  });
}

export function createOptimizer(params: readonly tf.Variable[], settings: OptimizerSettings): Optimizer {
  const { momentum, weightDecay } = settings;
  const withDecay = (g: tf.Tensor, p: tf.Tensor) => (weightDecay > 0 ? tf.add(g, tf.mul(p, weightDecay)) : g);

  if (settings.optimizer === 'sgd') {
    const buffers = momentum > 0 ? slots(params) : [];
    return {
      step(grads, lr) {
        tf.tidy(() => {
          params.forEach((p, i) => {
            let update = withDecay(grads[i], p);
            if (momentum > 0) {
              update = tf.add(tf.mul(buffers[i], momentum), update);
              buffers[i].assign(update);
            }
            p.assign(tf.sub(p, tf.mul(update, lr)));
          });
        });
      },
      dispose: () => buffers.forEach((b) => b.dispose()),
    };
  }

  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-8;
  const first = slots(params);
  const second = slots(params);
  let t = 0;
  return {
    step(grads, lr) {
      t++;
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      tf.tidy(() => {
        params.forEach((p, i) => {
          const g = withDecay(grads[i], p);
          const m = tf.add(tf.mul(first[i], beta1), tf.mul(g, 1 - beta1));
          const v = tf.add(tf.mul(second[i], beta2), tf.mul(tf.square(g), 1 - beta2));
          first[i].assign(m);
          second[i].assign(v);
          const denom = tf.add(tf.sqrt(tf.div(v, correction2)), epsilon);
          p.assign(tf.sub(p, tf.mul(tf.div(tf.div(m, correction1), denom), lr)));
        });
      });
    },
    dispose: () => [...first, ...second].forEach((b) => b.dispose()),
  };
}
