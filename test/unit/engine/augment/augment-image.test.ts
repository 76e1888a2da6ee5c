import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { parseConfig, requireConfig } from '../../../../src/engine/config';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import type { AugmentationEntry, MixedBatch } from '../../../../src/engine/contracts/augmentation';
import { cutmix } from '../../../../src/engine/augment/cutmix';
import { fmix } from '../../../../src/engine/augment/fmix';
import { decoupledRegularizer, mixTargets, withDecoupled } from '../../../../src/engine/train/mixed-loss';
import { centredBox, drawMix } from '../../../../src/engine/augment/mixing';
import { AUGMENTATIONS } from '../../../../src/engine/augment/registry';
import { resizemix } from '../../../../src/engine/augment/resizemix';
import { saliencymix } from '../../../../src/engine/augment/saliencymix';
import type { Model } from '../../../../src/engine/models/model';
import { mlp } from '../../../../src/engine/models/mlp';
import { Rng } from '../../../../src/core/rng';
import { lossGradients } from '../../../../src/engine/train/loop';
import { oneHotTargets, softCrossEntropy } from '../../../../src/engine/train/loss';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', only: true });
});

const IMAGE_ENTRIES = AUGMENTATIONS.filter((a) => a.inputs.includes('image'));
const OWN_ENTRIES = [cutmix, fmix, resizemix, saliencymix];
const settings = (entry: AugmentationEntry, given: Record<string, unknown> = {}) =>
  v.parse(v.object(entry.params), given);
const values = (t: tf.Tensor) => Array.from(t.dataSync());
/** λ as a number, wherever the mix keeps it (SaliencyMix keeps it on the backend). */
const lambdaOf = (mixed: MixedBatch) => (typeof mixed.lambda === 'number' ? mixed.lambda : mixed.lambda.dataSync()[0]);
/** For the mixes that do not look at the model. */
const noModel = undefined as unknown as Model;
const imageModel = (height: number, width: number, channels: number, classes = 3): Model =>
  mlp.create({ kind: 'image', height, width, channels }, classes, { width: 8, depth: 1 }, new Rng(7));

/** A batch of one-channel images, image i all `levels[i]`, with one-hot targets of class i % classes. */
function constantBatch(levels: number[], height: number, width: number, classes = 3) {
  const x = tf.tensor4d(
    levels.flatMap((l) => new Array<number>(height * width).fill(l)),
    [levels.length, height, width, 1],
  );
  const targets = oneHotTargets(
    tf.tensor1d(
      levels.map((_, i) => i % classes),
      'int32',
    ),
    classes,
  );
  return { x, targets };
}

/** Which pixels of example `i` of a mixed constant batch show its partner's level (row-major 0/1). */
function fromPartner(mixed: MixedBatch, levels: number[], i: number): number[] {
  const partner = values(mixed.partner)[i];
  const [, height, width] = mixed.x.shape;
  const size = height * width;
  return values(mixed.x)
    .slice(i * size, (i + 1) * size)
    .map((p) => (Math.abs(p - levels[partner]) < 0.25 ? 1 : 0));
}

/** The bounding rows/columns of the 1s of a row-major mask, and whether the 1s fill it (a box). */
function boundsOf(mask: number[], width: number) {
  const cells = mask.flatMap((m, k) => (m ? [[Math.floor(k / width), k % width]] : []));
  const rows = cells.map(([r]) => r);
  const cols = cells.map(([, c]) => c);
  const box = {
    top: Math.min(...rows),
    bottom: Math.max(...rows) + 1,
    left: Math.min(...cols),
    right: Math.max(...cols) + 1,
  };
  return { ...box, isBox: cells.length === (box.bottom - box.top) * (box.right - box.left) };
}

/** Share of horizontally or vertically adjacent pixel pairs of a 0/1 mask that agree. */
function neighbourAgreement(mask: ArrayLike<number>, height: number, width: number): number {
  let same = 0;
  let pairs = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (c + 1 < width) [same, pairs] = [same + (mask[r * width + c] === mask[r * width + c + 1] ? 1 : 0), pairs + 1];
      if (r + 1 < height)
        [same, pairs] = [same + (mask[r * width + c] === mask[(r + 1) * width + c] ? 1 : 0), pairs + 1];
    }
  }
  return same / pairs;
}

describe('image mixes: labels and settings', () => {
  test('row labels name the mix and the settings that differ from the defaults', () => {
    expect(cutmix.label(settings(cutmix))).toBe('cutmix');
    expect(cutmix.label(settings(cutmix, { alpha: 0.5, prob: 0.5, decoupled: true }))).toBe(
      'cutmix α=0.5 p=0.5 (decoupled)',
    );
    expect(fmix.label(settings(fmix, { decay: 2, decoupled: true, decoupledWeight: 0.5 }))).toBe(
      'fmix δ=2 (decoupled η=0.5)',
    );
    expect(resizemix.label(settings(resizemix))).toBe('resizemix');
    expect(resizemix.label(settings(resizemix, { minScale: 0.2 }))).toBe('resizemix τ=0.2-0.8');
    expect(saliencymix.label(settings(saliencymix, { decoupled: true }))).toBe('saliencymix (decoupled)');
    // The term is on only where asked for, for every mix that has the option.
    for (const entry of AUGMENTATIONS.filter((a) => 'decoupled' in a.params)) {
      const context = { input: { kind: 'image' as const, height: 4, width: 4, channels: 1 }, classCount: 3 };
      expect(entry.create(settings(entry), context).decoupledWeight).toBeUndefined();
      expect(entry.create(settings(entry, { decoupled: true }), context).decoupledWeight).toBe(0.1);
    }
  });

  test('ResizeMix takes no α; the image mixes take image data only', () => {
    const base = {
      version: 1,
      dataset: 'mnist',
      model: { name: 'mlp' },
      budget: { fraction: 0.02 },
      train: { epochs: 1, batchSize: 32, lr: 0.05 },
      seeds: [0],
    };
    const row = (augment: Record<string, unknown>) =>
      parseConfig(bundled, { ...base, methods: [{ name: 'random', augment }] });
    expect(row({ name: 'resizemix', minScale: 0.2, decoupled: true }).ok).toBe(true);
    expect(JSON.stringify(row({ name: 'resizemix', alpha: 1 }))).toMatch(/"ok":false.*alpha/);
    const text = parseConfig(bundled, {
      ...base,
      dataset: 'names',
      model: { name: 'text' },
      methods: [{ name: 'random', augment: { name: 'cutmix' } }],
    });
    expect(JSON.stringify(text)).toMatch(/"ok":false.*cannot mix tokens data/);
  });

  test('every image mix blends the targets into rows that sum to 1', () => {
    const model = imageModel(8, 8, 1);
    for (const entry of IMAGE_ENTRIES) {
      const augmentation = entry.create(settings(entry), {
        input: { kind: 'image', height: 8, width: 8, channels: 1 },
        classCount: 3,
      });
      tf.tidy(() => {
        const batch = {
          x: tf.randomUniform([6, 8, 8, 1], 0, 1, 'float32', 1),
          targets: oneHotTargets(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3),
        };
        for (let seed = 0; seed < 5; seed++) {
          const mixed = augmentation.mix(batch, new Rng(seed), model);
          expect(lambdaOf(mixed), entry.id).toBeGreaterThanOrEqual(0);
          expect(lambdaOf(mixed), entry.id).toBeLessThanOrEqual(1);
          values(tf.sum(mixTargets(batch.targets, mixed), 1)).forEach((s) => expect(s, entry.id).toBeCloseTo(1, 6));
        }
      });
    }
    model.dispose();
  });
});

describe("box mixes: λ is the share of pixels that stay the example's own", () => {
  const LEVELS = [0, 1, 2, 3];

  test('CutMix pastes one clipped box of the partner, and λ = 1 - its area / the image area exactly', () => {
    // A box at a corner keeps only the part inside the image.
    expect(centredBox(8, 8, 0.25, 0, 7)).toEqual({ top: 0, left: 5, height: 2, width: 3 });
    expect(centredBox(8, 8, 0.25, 4, 4)).toEqual({ top: 2, left: 2, height: 4, width: 4 });
    const augmentation = cutmix.create(settings(cutmix), {
      input: { kind: 'image', height: 8, width: 8, channels: 1 },
      classCount: 3,
    });
    let clipped = 0;
    tf.tidy(() => {
      const batch = constantBatch(LEVELS, 8, 8);
      for (let seed = 0; seed < 40; seed++) {
        const mixed = augmentation.mix(batch, new Rng(seed), noModel);
        const partner = values(mixed.partner);
        const boxes = new Set<string>();
        for (let i = 0; i < LEVELS.length; i++) {
          if (partner[i] === i) continue;
          const mask = fromPartner(mixed, LEVELS, i);
          const pasted = mask.reduce((a, b) => a + b, 0);
          expect(lambdaOf(mixed)).toBe(1 - pasted / 64);
          if (pasted === 0) continue;
          const bounds = boundsOf(mask, 8);
          expect(bounds.isBox).toBe(true);
          boxes.add(JSON.stringify(bounds));
          // On a square image an unclipped box is square: a box that is not was cut by the border.
          if (bounds.bottom - bounds.top !== bounds.right - bounds.left) clipped++;
        }
        expect(boxes.size).toBeLessThanOrEqual(1);
      }
    });
    expect(clipped).toBeGreaterThan(0);
  });

  test('ResizeMix pastes the whole partner, shrunk to τ in [0.1, 0.8] of each side, and λ = 1 - its area / the image area exactly', () => {
    const [height, width] = [10, 10];
    const augmentation = resizemix.create(settings(resizemix), {
      input: { kind: 'image', height, width, channels: 1 },
      classCount: 3,
    });
    tf.tidy(() => {
      const batch = constantBatch(LEVELS, height, width);
      const textured = { x: tf.randomUniform([4, height, width, 1], 0, 1, 'float32', 5), targets: batch.targets };
      for (let seed = 0; seed < 40; seed++) {
        const mixed = augmentation.mix(batch, new Rng(seed), noModel);
        const partner = values(mixed.partner);
        const i = partner.findIndex((p, k) => p !== k);
        if (i < 0) continue;
        const mask = fromPartner(mixed, LEVELS, i);
        const pasted = mask.reduce((a, b) => a + b, 0);
        expect(lambdaOf(mixed)).toBe(1 - pasted / (height * width));
        const { top, bottom, left, right, isBox } = boundsOf(mask, width);
        expect(isBox).toBe(true);
        for (const side of [bottom - top, right - left]) {
          expect(side).toBeGreaterThanOrEqual(1);
          expect(side).toBeLessThanOrEqual(8);
        }
        // The same seed on textured images: the box holds the partner resized to the box.
        const patch = tf.slice(
          augmentation.mix(textured, new Rng(seed), noModel).x,
          [i, top, left, 0],
          [1, bottom - top, right - left, 1],
        );
        const expected = tf.image.resizeBilinear(tf.slice(textured.x, partner[i], 1) as tf.Tensor4D, [
          bottom - top,
          right - left,
        ]);
        values(patch).forEach((p, k) => expect(p).toBeCloseTo(values(expected)[k], 5));
      }
    });
  });

  test("SaliencyMix centres its box on the partner's most salient pixel, and λ = 1 - its area / the image area", () => {
    // An MLP that reads one pixel only: the loss's input gradient is zero elsewhere.
    const [height, width, salient] = [8, 8, 1 * 8 + 6];
    const model = imageModel(height, width, 1);
    const first = model.params[0];
    tf.tidy(() => {
      const onlyThere = tf.mul(
        tf.randomUniform(first.shape, 0.5, 1, 'float32', 3),
        tf.reshape(tf.oneHot(salient, height * width), [-1, 1]),
      );
      first.assign(onlyThere);
      model.params[1].assign(tf.onesLike(model.params[1]));
    });
    const before = model.params.map((p) => values(p));
    const augmentation = saliencymix.create(settings(saliencymix), {
      input: { kind: 'image', height, width, channels: 1 },
      classCount: 3,
    });
    let boxes = 0;
    tf.tidy(() => {
      const batch = constantBatch(LEVELS, height, width);
      for (let seed = 0; seed < 20; seed++) {
        const mixed = augmentation.mix(batch, new Rng(seed), model);
        const partner = values(mixed.partner);
        for (let i = 0; i < LEVELS.length; i++) {
          if (partner[i] === i) continue;
          const mask = fromPartner(mixed, LEVELS, i);
          expect(lambdaOf(mixed)).toBe(1 - mask.reduce((a, b) => a + b, 0) / (height * width));
          if (lambdaOf(mixed) === 1) continue;
          expect(mask[salient]).toBe(1);
          expect(boundsOf(mask, width).isBox).toBe(true);
          boxes++;
        }
      }
    });
    expect(boxes).toBeGreaterThan(10);
    // Mixing reads nothing back: on WebGPU a synchronous read stalls every step (and Node's Dawn has none).
    const reads = vi.spyOn(tf.engine(), 'readSync');
    tf.tidy(() => {
      augmentation.mix(constantBatch(LEVELS, height, width), new Rng(5), model);
    });
    expect(reads).not.toHaveBeenCalled();
    // (The spy does see a read: λ, asked for here.)
    tf.tidy(() => {
      lambdaOf(augmentation.mix(constantBatch(LEVELS, height, width), new Rng(5), model));
    });
    expect(reads).toHaveBeenCalled();
    reads.mockRestore();
    // The saliency gradient changed no weight and leaves the step's gradients as they are.
    expect(model.params.map((p) => values(p))).toEqual(before);
    const gradients = (withMix: boolean) =>
      tf.tidy(() => {
        const batch = constantBatch(LEVELS, height, width);
        if (withMix) augmentation.mix(batch, new Rng(3), model);
        return lossGradients(model, batch.x, (logits) => softCrossEntropy(logits, batch.targets)).map(values);
      });
    expect(gradients(true)).toEqual(gradients(false));
    model.dispose();
  });
});

describe('FMix', () => {
  test('keeps ⌊λ N⌋ pixels of the example (λ within 1/N of the draw) in a few smooth regions', () => {
    const [height, width] = [32, 32];
    const N = height * width;
    const params = fmix.settings({});
    const augmentation = fmix.create(params, { input: { kind: 'image', height, width, channels: 1 }, classCount: 3 });
    const LEVELS = [0, 1, 2, 3];
    const agreement = { fmix: 0, random: 0 };
    tf.tidy(() => {
      const batch = constantBatch(LEVELS, height, width);
      for (let seed = 0; seed < 10; seed++) {
        const drawn = drawMix(params, new Rng(seed), LEVELS.length).lambda;
        const mixed = augmentation.mix(batch, new Rng(seed), noModel);
        const i = values(mixed.partner).findIndex((p, k) => p !== k);
        if (i < 0) continue;
        const partnerMask = fromPartner(mixed, LEVELS, i);
        const ownShare = partnerMask.filter((m) => m === 0).length / N;
        expect(Math.abs(ownShare - lambdaOf(mixed))).toBeLessThan(1e-12);
        expect(Math.abs(lambdaOf(mixed) - drawn)).toBeLessThanOrEqual(1 / N);
        // Every example shows its partner through the same mask.
        for (let k = 0; k < LEVELS.length; k++)
          if (values(mixed.partner)[k] !== k) expect(fromPartner(mixed, LEVELS, k)).toEqual(partnerMask);
        agreement.fmix += neighbourAgreement(partnerMask, height, width);
        agreement.random += neighbourAgreement(new Rng(100 + seed).shuffle([...partnerMask]), height, width);
      }
    });
    // Low-frequency blobs: neighbours nearly always agree; a scattered mask of the same mean much less.
    expect(agreement.fmix / 10).toBeGreaterThan(0.85);
    expect(agreement.fmix / 10).toBeGreaterThan(agreement.random / 10 + 0.2);
  });
});

describe('every image mix', () => {
  test('the same seed mixes the same way, another seed differently', () => {
    const model = imageModel(8, 8, 3);
    for (const entry of OWN_ENTRIES) {
      const augmentation = entry.create(settings(entry), {
        input: { kind: 'image', height: 8, width: 8, channels: 3 },
        classCount: 3,
      });
      tf.tidy(() => {
        const batch = {
          x: tf.randomUniform([8, 8, 8, 3], 0, 1, 'float32', 2),
          targets: oneHotTargets(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3),
        };
        const mix = (seed: number) => {
          const mixed = augmentation.mix(batch, new Rng(seed), model);
          return { x: values(mixed.x), partner: values(mixed.partner), lambda: lambdaOf(mixed) };
        };
        expect(mix(1), entry.id).toEqual(mix(1));
        expect(mix(2), entry.id).not.toEqual(mix(1));
      });
    }
    model.dispose();
  });

  test('with probability 0 leaves the batch as it is', () => {
    const model = imageModel(8, 8, 3);
    for (const entry of IMAGE_ENTRIES.filter((e) => 'prob' in e.params)) {
      const augmentation = entry.create(settings(entry, { prob: 0 }), {
        input: { kind: 'image', height: 8, width: 8, channels: 3 },
        classCount: 3,
      });
      tf.tidy(() => {
        const batch = {
          x: tf.randomUniform([8, 8, 8, 3], 0, 1, 'float32', 4),
          targets: oneHotTargets(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3),
        };
        for (let seed = 0; seed < 3; seed++) {
          const mixed = augmentation.mix(batch, new Rng(seed), model);
          expect(lambdaOf(mixed), entry.id).toBe(1);
          expect(mixed.hidden, entry.id).toBeUndefined();
          expect(values(mixed.partner), entry.id).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
          expect(values(mixed.x), entry.id).toEqual(values(batch.x));
        }
      });
    }
    model.dispose();
  });
});

describe('Decoupled Mixup loss', () => {
  test('equals the hand-computed value on two examples', () => {
    const z = [
      [2, 0.5, -1],
      [0.3, 1.2, 0.1],
    ];
    const [lambda, eta] = [0.7, 0.1];
    // Mixed cross-entropy: example 0 (class 0) with partner 1 (class 1), and the reverse.
    const logSoftmax = (row: number[], classes: number[], c: number) =>
      row[c] - Math.log(classes.reduce((s, k) => s + Math.exp(row[k]), 0));
    const all = [0, 1, 2];
    const ce0 = -(lambda * logSoftmax(z[0], all, 0) + (1 - lambda) * logSoftmax(z[0], all, 1));
    const ce1 = -(lambda * logSoftmax(z[1], all, 1) + (1 - lambda) * logSoftmax(z[1], all, 0));
    // Decoupled: each class scored without the other mixed class (both leave class 2 in).
    const r0 = -(lambda * logSoftmax(z[0], [0, 2], 0) + (1 - lambda) * logSoftmax(z[0], [1, 2], 1));
    const r1 = -(lambda * logSoftmax(z[1], [1, 2], 1) + (1 - lambda) * logSoftmax(z[1], [0, 2], 0));
    const expected = (ce0 + ce1) / 2 + (eta * (r0 + r1)) / 2;

    tf.tidy(() => {
      const logits = tf.tensor2d(z);
      const targets = tf.tensor2d([
        [1, 0, 0],
        [0, 1, 0],
      ]);
      const mixed = { x: logits, partner: tf.tensor1d([1, 0], 'int32'), lambda };
      const loss = withDecoupled((l) => softCrossEntropy(l, mixTargets(targets, mixed)), targets, mixed, eta);
      expect(loss(logits).dataSync()[0]).toBeCloseTo(expected, 5);
      expect(decoupledRegularizer(logits, targets, mixed).dataSync()[0]).toBeCloseTo((r0 + r1) / 2, 5);
      // A pair of one class adds nothing; without a weight, or unmixed, the loss is the plain one.
      const sameClass = tf.tensor2d([
        [1, 0, 0],
        [1, 0, 0],
      ]);
      expect(decoupledRegularizer(logits, sameClass, mixed).dataSync()[0]).toBeCloseTo(0, 6);
      const plain = (l: tf.Tensor2D) => softCrossEntropy(l, targets);
      expect(withDecoupled(plain, targets, mixed, undefined)).toBe(plain);
      expect(withDecoupled(plain, targets, { ...mixed, lambda: 1 }, eta)).toBe(plain);
    });
  });
});

describe('in an experiment', () => {
  test('random 2% + cutmix trains on MNIST, with and without the decoupled term', async () => {
    const config = requireConfig(bundled, {
      version: 1,
      dataset: 'mnist',
      model: { name: 'mlp', width: 32 },
      budget: { fraction: 0.02 },
      train: { epochs: 8, batchSize: 32, lr: 0.05, evalPoints: 1 },
      methods: [
        { name: 'random', augment: { name: 'cutmix' } },
        { name: 'random', augment: { name: 'cutmix', decoupled: true } },
      ],
      seeds: [0],
      backend: 'wasm',
    });
    const result = await runExperiment(config, { datasets: bundled, source: nodePackSource });
    expect(result.runs.map((r) => r.label)).toEqual(['random 2% + cutmix', 'random 2% + cutmix (decoupled)']);
    for (const run of result.runs) expect(run.finalTestAcc).toBeGreaterThan(0.3);
    expect(result.runs[0].finalTestAcc).not.toBe(result.runs[1].finalTestAcc);
  });
});
