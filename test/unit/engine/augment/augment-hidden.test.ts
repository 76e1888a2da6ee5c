import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { parseConfig, requireConfig } from '../../../../src/engine/config';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import type { AugmentationEntry } from '../../../../src/engine/contracts/augmentation';
import { mixTargets } from '../../../../src/engine/train/mixed-loss';
import { manifoldMixup } from '../../../../src/engine/augment/manifold-mixup';
import { senMixup } from '../../../../src/engine/augment/sen-mixup';
import { wordMixup } from '../../../../src/engine/augment/word-mixup';
import type { HiddenMix, Model } from '../../../../src/engine/models/model';
import { convnet } from '../../../../src/engine/models/convnet';
import { mlp } from '../../../../src/engine/models/mlp';
import { text } from '../../../../src/engine/models/text';
import { instanceNormRelu } from '../../../../src/engine/runtime/ops/instance-norm';
import { Rng } from '../../../../src/core/rng';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', only: true });
});

const BATCH = 5;
const PARTNER = [3, 0, 4, 1, 2];
const mixAt = (at: string, lambda = 0.3): HiddenMix => ({ at, lambda, partner: tf.tensor1d(PARTNER, 'int32') });
/** The blend written out row by row: λ h[i] + (1 - λ) h[partner[i]]. */
const blendRows = (h: tf.Tensor, lambda: number) =>
  tf.stack(PARTNER.map((p, i) => tf.add(tf.mul(tf.gather(h, i), lambda), tf.mul(tf.gather(h, p), 1 - lambda))));
const defaults = (entry: AugmentationEntry) => v.parse(v.object(entry.params), {});
const values = (t: tf.Tensor) => Array.from(t.dataSync());

function expectClose(actual: tf.Tensor, expected: tf.Tensor) {
  expect(actual.shape).toEqual(expected.shape);
  const e = values(expected);
  values(actual).forEach((a, i) => expect(a).toBeCloseTo(e[i], 4));
}

/** Every mix point of `model`: the mixed forward equals `byHand` blending there; λ = 1 is the plain forward; the points differ. */
function checkMixPoints(model: Model, x: tf.Tensor, byHand: (at: string | undefined) => tf.Tensor) {
  tf.tidy(() => {
    const plain = model.apply(x);
    expectClose(plain, byHand(undefined));
    const outputs = model.mixPoints!.map((at) => {
      const mixed = model.apply(x, undefined, mixAt(at));
      expectClose(mixed, byHand(at));
      expect(values(model.apply(x, undefined, mixAt(at, 1)))).toEqual(values(plain));
      return values(mixed).join();
    });
    expect(new Set([values(plain).join(), ...outputs]).size).toBe(outputs.length + 1);
    expect(() => model.apply(x, undefined, mixAt('hidden 9'))).toThrow(
      /unknown mix point "hidden 9"; this model blends at: input, /,
    );
  });
}

describe('models blend at their mix points', () => {
  test('MLP: input and after each hidden layer, as a hand-built forward', () => {
    const model = mlp.create({ kind: 'vector', length: 4 }, 3, { width: 6, depth: 2 }, new Rng(1));
    expect(model.mixPoints).toEqual(['input', 'hidden 1', 'hidden 2']);
    const x = tf.randomNormal([BATCH, 4], 0, 1, 'float32', 2);
    const p = model.params;
    checkMixPoints(model, x, (at) => {
      const mixed = (h: tf.Tensor, point: string) => (point === at ? blendRows(h, 0.3) : h);
      let h = mixed(x, 'input');
      h = mixed(tf.relu(tf.add(tf.matMul(h as tf.Tensor2D, p[0] as tf.Tensor2D), p[1])), 'hidden 1');
      h = mixed(tf.relu(tf.add(tf.matMul(h as tf.Tensor2D, p[2] as tf.Tensor2D), p[3])), 'hidden 2');
      return tf.add(tf.matMul(h as tf.Tensor2D, p[4] as tf.Tensor2D), p[5]);
    });
    model.dispose();
  });

  test('ConvNet: input and after each block, as a hand-built forward', () => {
    const model = convnet.create(
      { kind: 'image', height: 8, width: 8, channels: 1 },
      3,
      { width: 3, depth: 2 },
      new Rng(1),
    );
    expect(model.mixPoints).toEqual(['input', 'block 1', 'block 2']);
    const x = tf.randomUniform([BATCH, 8, 8, 1], 0, 1, 'float32', 3);
    const p = model.params;
    checkMixPoints(model, x, (at) => {
      const mixed = (h: tf.Tensor, point: string) => (point === at ? blendRows(h, 0.3) : h);
      const block = (h: tf.Tensor, d: number) =>
        tf.avgPool(
          instanceNormRelu(tf.conv2d(h as tf.Tensor4D, p[3 * d] as tf.Tensor4D, 1, 'same'), p[3 * d + 1], p[3 * d + 2]),
          2,
          2,
          'valid',
        );
      let h = mixed(x, 'input');
      h = mixed(block(h, 0), 'block 1');
      h = mixed(block(h, 1), 'block 2');
      return tf.add(tf.matMul(tf.reshape(h, [BATCH, -1]) as tf.Tensor2D, p[6] as tf.Tensor2D), p[7]);
    });
    model.dispose();
  });
});

describe('text mixes', () => {
  const input = { kind: 'tokens' as const, length: 6, vocabSize: 20 };
  // Token counts 6, 1, 3, 0 (all padding) and 4, so that partners differ in length.
  const ids = [
    [5, 3, 9, 1, 2, 7],
    [4, 0, 0, 0, 0, 0],
    [8, 8, 2, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
    [1, 19, 6, 11, 0, 0],
  ];
  let model: Model;
  /** Each example's embedding sum and token count, by hand. */
  let sums: { sum: number[]; count: number }[];
  beforeAll(() => {
    model = text.create(input, 2, { embedding: 4, width: 5 }, new Rng(4));
    const table = model.params[0].arraySync() as number[][];
    sums = ids.map((row) => {
      const tokens = row.filter((id) => id > 0);
      return { sum: table[0].map((_, e) => tokens.reduce((s, id) => s + table[id][e], 0)), count: tokens.length };
    });
  });
  /** The ReLU layer (the model's features) on sentence vectors pooled by hand. */
  const features = (pooled: number[][]) =>
    tf.relu(tf.add(tf.matMul(tf.tensor2d(pooled), model.params[1] as tf.Tensor2D), model.params[2]));
  const pooledByHand = () => sums.map(({ sum, count }) => sum.map((s) => s / Math.sqrt(Math.max(count, 1))));
  const lambda = 0.3;

  test('the text model blends at "embeddings" and "sentence"', () => {
    expect(model.mixPoints).toEqual(['embeddings', 'sentence']);
    tf.tidy(() => {
      const x = tf.tensor2d(ids, undefined, 'int32');
      const pooled = pooledByHand();
      expectClose(model.features(x), features(pooled));
      // senMixup: the blend of the two pooled vectors.
      const sentence = pooled.map((own, i) => own.map((s, e) => lambda * s + (1 - lambda) * pooled[PARTNER[i]][e]));
      expectClose(model.features(x, undefined, mixAt('sentence', lambda)), features(sentence));
      // wordMixup: sums and token counts blended alike, (λ S + (1 - λ) S') / sqrt(λ c + (1 - λ) c').
      const words = sums.map(({ sum, count }, i) => {
        const other = sums[PARTNER[i]];
        const tokens = lambda * count + (1 - lambda) * other.count;
        return sum.map((s, e) => (lambda * s + (1 - lambda) * other.sum[e]) / Math.sqrt(Math.max(tokens, 1)));
      });
      expectClose(model.features(x, undefined, mixAt('embeddings', lambda)), features(words));
      expect(values(features(words))).not.toEqual(values(features(sentence)));
      expect(() => model.apply(x, undefined, mixAt('input'))).toThrow(
        /unknown mix point "input"; this model blends at: embeddings, sentence/,
      );
    });
  });

  test('on embedding sequences (every position a token) both points give the same blend', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([BATCH, 6, 4], 0, 1, 'float32', 5);
      expectClose(model.apply(x, undefined, mixAt('embeddings')), model.apply(x, undefined, mixAt('sentence')));
    });
  });

  test('word-mixup and sen-mixup mix their point, keep the inputs, and blend targets into distributions', () => {
    tf.tidy(() => {
      const x = tf.tensor2d(ids, undefined, 'int32');
      const targets = tf.oneHot(tf.tensor1d([0, 1, 1, 0, 1], 'int32'), 2) as tf.Tensor2D;
      for (const [entry, at] of [
        [wordMixup, 'embeddings'],
        [senMixup, 'sentence'],
      ] as const) {
        expect(defaults(entry)).toMatchObject({ alpha: 1, prob: 1 });
        const mixed = entry.create(defaults(entry), { input, classCount: 2 }).mix({ x, targets }, new Rng(7), model);
        expect(mixed.x).toBe(x);
        expect(mixed.hidden).toMatchObject({ at, lambda: mixed.lambda });
        expect(mixed.hidden!.partner).toBe(mixed.partner);
        expect(mixed.lambda).toBeGreaterThan(0);
        expect(mixed.lambda).toBeLessThan(1);
        const blended = mixTargets(targets, mixed);
        expect(values(blended).some((t) => t > 0 && t < 1)).toBe(true);
        for (const sum of values(tf.sum(blended, 1))) expect(sum).toBeCloseTo(1, 6);
        expect(entry.label(defaults(entry))).toBe(entry.id);
        // The Decoupled Mixup term is a setting of every mixing augmentation.
        const decoupled: Record<string, unknown> = { ...defaults(entry), decoupled: true };
        expect(entry.create(decoupled, { input, classCount: 2 }).decoupledWeight).toBe(decoupled.decoupledWeight);
      }
    });
  });
});

describe('manifold-mixup', () => {
  const input = { kind: 'vector' as const, length: 4 };
  let model: Model;
  beforeAll(() => {
    model = mlp.create(input, 2, { width: 3, depth: 3 }, new Rng(1));
  });
  const batch = () => ({ x: tf.zeros([8, 4]), targets: tf.zeros([8, 2]) as tf.Tensor2D });
  const mixer = (params = defaults(manifoldMixup)) => manifoldMixup.create(params, { input, classCount: 2 });

  test('the same seed gives the same mix, another seed another', () => {
    expect(defaults(manifoldMixup)).toMatchObject({ alpha: 2, prob: 1 });
    tf.tidy(() => {
      const draw = (seed: number) => {
        const { lambda, hidden } = mixer().mix(batch(), new Rng(seed), model);
        return { lambda, at: hidden!.at, partner: values(hidden!.partner) };
      };
      expect(draw(11)).toEqual(draw(11));
      expect(draw(11)).not.toEqual(draw(12));
    });
  });

  test('the layer is drawn from the input and the first two hidden layers, each of them over many draws', () => {
    tf.tidy(() => {
      const rng = new Rng(3);
      const seen = new Map<string, number>();
      for (let i = 0; i < 300; i++) {
        const at = mixer().mix(batch(), rng, model).hidden!.at;
        seen.set(at, (seen.get(at) ?? 0) + 1);
      }
      expect([...seen.keys()].sort()).toEqual(['hidden 1', 'hidden 2', 'input']);
      for (const count of seen.values()) expect(count).toBeGreaterThan(60);
    });
  });

  test('unmixed batches carry no blend; a model without the points is refused by name of the augmentation', () => {
    tf.tidy(() => {
      const unmixed = mixer({ ...defaults(manifoldMixup), prob: 0 }).mix(batch(), new Rng(1), model);
      expect(unmixed.lambda).toBe(1);
      expect(unmixed.hidden).toBeUndefined();
      const bare: Model = { ...model, mixPoints: undefined };
      expect(() => mixer().mix(batch(), new Rng(1), bare)).toThrow(
        /manifold-mixup blends inside the model.*mix points: none/,
      );
      const textOnly = senMixup.create(defaults(senMixup), { input, classCount: 2 });
      expect(() => textOnly.mix(batch(), new Rng(1), model)).toThrow(
        /sen-mixup .*mix points: input, hidden 1, hidden 2, hidden 3/,
      );
    });
  });
});

describe('config and runs', () => {
  const base = {
    version: 1,
    dataset: 'names',
    model: { name: 'text', embedding: 16, width: 16 },
    budget: { fraction: 0.25 },
    train: { epochs: 2, batchSize: 32, lr: 0.2, evalPoints: 2 },
    methods: [{ name: 'random', augment: { name: 'sen-mixup' } }],
    seeds: [0],
    backend: 'wasm',
  };

  test('the schema takes each mix only for the data it mixes, naming the field', () => {
    const words = parseConfig(bundled, {
      ...base,
      dataset: 'mnist',
      model: { name: 'mlp' },
      methods: [{ name: 'full', augment: { name: 'word-mixup' } }],
    });
    expect(words.ok).toBe(false);
    if (!words.ok) {
      expect(words.problems).toHaveLength(1);
      expect(words.problems[0].path).toBe('methods[0].augment.name');
      expect(words.problems[0].message).toMatch(
        /augmentation "word-mixup" cannot mix image data \(dataset "mnist"\); it mixes tokens data; for image data: .*manifold-mixup/,
      );
    }
    const manifold = parseConfig(bundled, {
      ...base,
      methods: [{ name: 'full' }, { name: 'full', augment: { name: 'manifold-mixup' } }],
    });
    expect(manifold.ok).toBe(false);
    if (!manifold.ok) {
      expect(manifold.problems.map((p) => p.path)).toEqual(['methods[1].augment.name']);
      expect(manifold.problems[0].message).toMatch(
        /"manifold-mixup" cannot mix tokens data .*; for tokens data: word-mixup, sen-mixup/,
      );
    }
    const fine = parseConfig(bundled, {
      ...base,
      methods: [{ name: 'full', augment: { name: 'word-mixup', alpha: 0.4 } }],
    });
    expect(fine.ok && fine.config.methods[0].augment).toMatchObject({ name: 'word-mixup', alpha: 0.4, prob: 1 });
  });

  test('a short run on names trains through each text mix', async () => {
    const config = requireConfig(bundled, {
      ...base,
      methods: [
        { name: 'random' },
        { name: 'random', augment: { name: 'sen-mixup' } },
        { name: 'random', augment: { name: 'word-mixup', alpha: 0.5 } },
      ],
    });
    const result = await runExperiment(config, { datasets: bundled, source: nodePackSource });
    expect(result.runs.map((r) => r.label)).toEqual([
      'random 25%',
      'random 25% + sen-mixup',
      'random 25% + word-mixup α=0.5',
    ]);
    const [plain, ...mixed] = result.runs;
    // The mixes train as well as the plain run, on a set where always guessing "female" scores about 0.56.
    expect(plain.finalTestAcc).toBeGreaterThan(0.62);
    for (const run of mixed) {
      expect(run.steps).toBe(plain.steps);
      expect(run.finalTestAcc).toBeGreaterThan(plain.finalTestAcc - 0.05);
    }
  });
});
