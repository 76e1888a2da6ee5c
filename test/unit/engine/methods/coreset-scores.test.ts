/**
 * The scores of EL2N, GraNd, forgetting and uncertainty: each formula on a
 * hand-computed case, and their ordering from a real, briefly trained model
 * on a problem whose hard examples are known (mislabelled points, points on
 * the boundary).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import type { Dataset } from '../../../../src/core/data/dataset';
import {
  el2nScore,
  entropyScore,
  grandScore,
  leastConfidenceScore,
  marginScore,
} from '../../../../src/engine/methods/coreset/scores';
import { forgettingEvents } from '../../../../src/engine/methods/select/forgetting';
import { Rng } from '../../../../src/core/rng';
import { planMethod } from './method-context';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

describe('score formulas', () => {
  // Probabilities [0.7, 0.2, 0.1] (logits = their logs), label 1; features h = [3, 4].
  const p = [0.7, 0.2, 0.1];
  const inputs = () => ({
    logits: tf.tensor2d([p.map(Math.log)]),
    features: tf.tensor2d([[3, 4]]),
    targets: tf.tensor2d([[0, 1, 0]]),
  });
  const value = (score: typeof el2nScore) => tf.tidy(() => score(inputs()).dataSync()[0]);
  const error = Math.sqrt(0.7 ** 2 + 0.8 ** 2 + 0.1 ** 2);

  test('EL2N is the norm of softmax minus the one-hot label', () => {
    expect(value(el2nScore)).toBeCloseTo(error, 5);
  });

  test("GraNd is the last layer's gradient norm: ||p - y|| sqrt(||h||^2 + 1)", () => {
    expect(value(grandScore)).toBeCloseTo(error * Math.sqrt(26), 4);
    // The same, by differentiating the loss with respect to the head's weights and bias.
    const direct = tf.tidy(() => {
      const w = tf.variable(tf.randomNormal([2, 3], 0, 1, 'float32', 1));
      const b = tf.variable(tf.zeros([3]));
      const h = tf.tensor2d([[3, 4]]);
      const logitsNow = tf.add(tf.matMul(h, w), b) as tf.Tensor2D;
      const target = tf.tensor2d([[0, 1, 0]]);
      const { grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(target, tf.add(tf.matMul(h, w), b) as tf.Tensor2D) as tf.Scalar,
        [w, b],
      );
      const norm = Math.sqrt(
        tf.sum(tf.square(grads[w.name])).dataSync()[0] + tf.sum(tf.square(grads[b.name])).dataSync()[0],
      );
      const score = grandScore({ logits: logitsNow, features: h, targets: target }).dataSync()[0];
      w.dispose();
      b.dispose();
      return { norm, score };
    });
    expect(direct.score).toBeCloseTo(direct.norm, 4);
  });

  test('uncertainty: least confidence, margin and entropy', () => {
    expect(value(leastConfidenceScore)).toBeCloseTo(0.3, 5);
    expect(value(marginScore)).toBeCloseTo(1 - (0.7 - 0.2), 5);
    expect(value(entropyScore)).toBeCloseTo(-p.reduce((s, q) => s + q * Math.log(q), 0), 5);
  });

  test('forgetting counts right-to-wrong flips; never learned ranks above all', () => {
    // Example 0: right, wrong, right, wrong -> 2 events. 1: always right -> 0. 2: never right -> most + 1.
    const presentations = [
      { indices: Int32Array.from([0, 1, 2]), correct: [1, 1, 0] },
      { indices: Int32Array.from([0, 1, 2]), correct: [0, 1, 0] },
      { indices: Int32Array.from([2, 0, 1]), correct: [0, 1, 1] },
      { indices: Int32Array.from([0]), correct: [0] },
    ];
    expect([...forgettingEvents(presentations, 4)]).toEqual([2, 0, 3, 3]);
  });
});

/**
 * Two well-separated classes in 2-D; examples 0-3 carry the wrong label,
 * examples 4-7 sit on the boundary between the classes.
 */
function hardCases(): Dataset {
  const rng = new Rng(11);
  const count = 200;
  const x = new Float32Array(count * 2);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 2;
    y[i] = c;
    x[2 * i] = (c === 0 ? -2 : 2) + 0.4 * rng.normal();
    x[2 * i + 1] = 0.4 * rng.normal();
  }
  for (let i = 0; i < 4; i++) y[i] = 1 - y[i];
  [-0.05, 0.05, -0.02, 0.02].forEach((offset, k) => {
    x[2 * (4 + k)] = offset;
    y[4 + k] = offset < 0 ? 0 : 1;
  });
  const split = { x, y, count };
  return {
    id: 'hard-cases',
    name: 'hard cases',
    classes: ['left', 'right'],
    input: { kind: 'vector', length: 2 },
    train: split,
    test: split,
  };
}

const MISLABELLED = [0, 1, 2, 3];
const BOUNDARY = [4, 5, 6, 7];

async function scoresOf(name: string, params: Record<string, unknown> = {}): Promise<Float32Array> {
  const { plan } = await planMethod(name, hardCases(), { ipc: 4 }, params, { epochs: 2 });
  return plan.selection!.scores!;
}

function rankOrder(scores: Float32Array): number[] {
  return Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
}

describe('scores from a briefly trained model', () => {
  test.each(['el2n', 'grand', 'forgetting'])('%s ranks the mislabelled examples highest', async (name) => {
    const top = rankOrder(await scoresOf(name)).slice(0, 4);
    expect(top.sort()).toEqual(MISLABELLED);
  });

  test.each(['least-confidence', 'margin', 'entropy'])(
    '%s ranks boundary examples above clean ones far from it',
    async (name) => {
      const scores = await scoresOf(name);
      const clean = Array.from(scores.keys()).filter((i) => i >= 8);
      const cleanMax = Math.max(...clean.map((i) => scores[i]));
      for (const i of BOUNDARY) expect(scores[i]).toBeGreaterThan(cleanMax);
    },
  );

  test('keeping the hardest picks the mislabelled examples; keeping the easiest avoids them', async () => {
    const hardest = (await planMethod('el2n', hardCases(), { ipc: 2 }, {}, { epochs: 2 })).plan.selection!;
    expect([...hardest.indices].sort()).toEqual(MISLABELLED);
    expect(hardest.keepsHighest).toBe(true);
    const easiest = (await planMethod('el2n', hardCases(), { ipc: 2 }, { keep: 'easiest' }, { epochs: 2 })).plan
      .selection!;
    expect([...easiest.indices].some((i) => MISLABELLED.includes(i) || BOUNDARY.includes(i))).toBe(false);
  });
});
