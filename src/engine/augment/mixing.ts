/**
 * What every mixing augmentation shares: its common settings (α, the
 * probability of mixing a batch, the Decoupled Mixup term), the draw of a
 * batch's partners and mixing weight and the set-up around it (`mixing`),
 * the row label, and for image mixes the pasting of a region of each
 * partner into its example.
 */
import * as tf from '@tensorflow/tfjs';
import * as v from 'valibot';
import { numberField } from '../../core/settings/fields';
import type { Rng } from '../../core/rng';
import type { Model } from '../models/model';
import type { Augmentation, Batch, MixedBatch } from '../contracts/augmentation';
import type { Settings } from '../contracts/settings';

/** Decoupled Mixup's weight η: the CIFAR setting of its authors' code (openmixup). */
const DECOUPLED_WEIGHT = 0.1;

/** The settings of every mixing augmentation, α aside (ResizeMix draws no λ from Beta). */
export const mixingOptions = {
  prob: v.optional(
    v.pipe(
      numberField(0, 1),
      v.title('Probability'),
      v.description('Share of batches that are mixed; the others train as they are.'),
    ),
    1,
  ),
  decoupled: v.optional(
    v.pipe(
      v.boolean('must be true or false'),
      v.title('Decoupled Mixup loss'),
      v.description(
        'Adds the decoupled regularizer (Liu et al., NeurIPS 2023): each mixed class is also scored without its competitor, so that hard mixed samples still teach both classes.',
      ),
    ),
    false,
  ),
  decoupledWeight: v.optional(
    v.pipe(
      numberField(0, 10),
      v.title('Decoupled weight η'),
      v.description('Weight of the decoupled regularizer (used when it is on).'),
    ),
    DECOUPLED_WEIGHT,
  ),
};

/** The settings every mixing augmentation takes, with its own default α. */
export function mixingParams(alpha: number) {
  return {
    alpha: v.optional(
      v.pipe(
        numberField(0, 100, true),
        v.title('α'),
        v.description(
          'Mixing weights are drawn from Beta(α, α): a small α leaves most examples nearly whole, α = 1 is uniform.',
        ),
      ),
      alpha,
    ),
    ...mixingOptions,
  };
}

/** The settings every mixing augmentation takes (ResizeMix's, which have no α). */
export type MixingOptions = Settings<typeof mixingOptions>;
/** The settings of a mix whose weight is drawn from Beta(α, α). */
export type MixingSettings = Settings<ReturnType<typeof mixingParams>>;

/** The Decoupled Mixup weight η where the row asks for the term (an Augmentation's decoupledWeight). */
export function decoupledWeight(settings: MixingOptions): number | undefined {
  return settings.decoupled ? settings.decoupledWeight : undefined;
}

/** A batch's pairing: each example's partner (itself where nothing is mixed), and whether the batch is mixed. */
export interface Pairing {
  partner: Int32Array;
  mixed: boolean;
}

/** A batch's mix: the weight of each example's own part, with its pairing. */
export interface MixDraw extends Pairing {
  lambda: number;
}

/** With probability `prob`, a random pairing of the batch; otherwise every example its own partner (nothing mixed). */
export function drawPairing(settings: Pick<MixingOptions, 'prob'>, rng: Rng, batchSize: number): Pairing {
  const mixed = rng.next() < settings.prob;
  return { partner: mixed ? rng.permutation(batchSize) : identityPartners(batchSize), mixed };
}

/** Every example its own partner: the pairing of a batch left as it is. */
export function identityPartners(batchSize: number): Int32Array {
  return Int32Array.from({ length: batchSize }, (_, i) => i);
}

/**
 * Draws a batch's mix: with probability `prob`, λ ~ Beta(α, α) and a random
 * pairing; otherwise λ = 1 and every example its own partner. A λ of
 * exactly 1 (a tiny α can draw it) mixes nothing either.
 */
export function drawMix(settings: Pick<MixingSettings, 'alpha' | 'prob'>, rng: Rng, batchSize: number): MixDraw {
  const pairing = drawPairing(settings, rng, batchSize);
  const lambda = pairing.mixed ? rng.beta(settings.alpha, settings.alpha) : 1;
  return { partner: pairing.partner, lambda, mixed: lambda !== 1 };
}

/**
 * The set-up every mixing augmentation shares: the Decoupled Mixup weight
 * the row asks for, and per batch a draw (`draw`: drawMix, or drawPairing
 * where λ comes from the blend); a batch the draw leaves unmixed goes
 * through as it is (λ = 1), a mixed one through `blend`, with the partners
 * also as a tensor (inside the step's tidy).
 */
export function mixing<D extends Pairing>(
  settings: MixingOptions,
  draw: (rng: Rng, batchSize: number, model: Model) => D,
  blend: (batch: Batch, drawn: D, partner: tf.Tensor1D, rng: Rng, model: Model) => MixedBatch,
): Augmentation {
  return {
    decoupledWeight: decoupledWeight(settings),
    mix(batch, rng, model) {
      const drawn = draw(rng, batch.x.shape[0], model);
      const partner = partnerTensor(drawn);
      if (!drawn.mixed) return { x: batch.x, partner, lambda: 1 };
      return blend(batch, drawn, partner, rng, model);
    },
  };
}

/** How an input-space mix makes a mixed batch from a drawn mix: the blended inputs and λ (the share each example keeps). */
export type InputBlend = (
  x: tf.Tensor,
  partner: tf.Tensor1D,
  draw: MixDraw,
  rng: Rng,
  batch: Batch,
  model: Model,
) => Pick<MixedBatch, 'x' | 'lambda'>;

/**
 * A mix in input space (mixup, CutMix, FMix, SaliencyMix): each batch draws
 * λ ~ Beta(α, α) and a pairing with probability `prob`; a batch left unmixed
 * goes through as it is, a mixed one through `blend`.
 */
export function inputMixing(settings: MixingSettings, blend: InputBlend): Augmentation {
  return mixing(
    settings,
    (rng, batchSize) => drawMix(settings, rng, batchSize),
    (batch, draw, partner, rng, model) => ({ ...blend(batch.x, partner, draw, rng, batch, model), partner }),
  );
}

/** The partner indices as a tensor (inside the step's tidy). */
export function partnerTensor(draw: Pick<Pairing, 'partner'>): tf.Tensor1D {
  return tf.tensor1d(draw.partner, 'int32');
}

/**
 * "cutmix", "mixup α=0.2", "fmix p=0.5", "cutmix (decoupled)": the name, and
 * α (where the entry has one; `alpha` is its default), the probability and
 * the decoupled term where they are not the defaults, and the entry's own
 * `note`.
 */
export function mixingLabel(
  name: string,
  settings: MixingOptions & { alpha?: number },
  { alpha, note = '' }: { alpha?: number; note?: string } = {},
): string {
  const eta = settings.decoupledWeight;
  const notes = [
    settings.alpha === alpha ? '' : ` α=${settings.alpha}`,
    note,
    settings.prob === 1 ? '' : ` p=${settings.prob}`,
    settings.decoupled ? ` (decoupled${eta === DECOUPLED_WEIGHT ? '' : ` η=${eta}`})` : '',
  ];
  return `${name}${notes.join('')}`;
}

// ---- image regions (CutMix, ResizeMix, SaliencyMix, FMix) --------------------

/** Rows [top, top + height) and columns [left, left + width) of an image. */
export interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
}

/**
 * The box of about `share` of an height x width image (sides scaled by
 * √share) centred on pixel (row, col), clipped to the image: near a border
 * it covers less than `share`.
 */
export function centredBox(height: number, width: number, share: number, row: number, col: number): Box {
  const side = (size: number, centre: number): [number, number] => {
    const length = Math.round(size * Math.sqrt(share));
    const start = centre - Math.floor(length / 2);
    return [Math.max(0, start), Math.min(size, start + length)];
  };
  const [top, bottom] = side(height, row);
  const [left, right] = side(width, col);
  return { top, left, height: bottom - top, width: right - left };
}

/**
 * centredBox's box as a 0/1 mask [height, width] made on the backend,
 * around a centre only the backend knows (row, col: int32 scalars), so that
 * nothing is read back.
 */
export function centredBoxMask(
  height: number,
  width: number,
  share: number,
  row: tf.Scalar,
  col: tf.Scalar,
): tf.Tensor2D {
  const side = (size: number, centre: tf.Scalar) => {
    const length = Math.round(size * Math.sqrt(share));
    const start = tf.sub(centre, Math.floor(length / 2));
    const positions = tf.range(0, size, 1, 'int32');
    // Positions outside the image do not exist: the box is clipped as centredBox clips it.
    return tf.cast(
      tf.logicalAnd(tf.greaterEqual(positions, start), tf.less(positions, tf.add(start, length))),
      'float32',
    );
  };
  return tf.mul(tf.expandDims(side(height, row), 1), tf.expandDims(side(width, col), 0)) as tf.Tensor2D;
}

/** A height x width mask, 1 inside `box`. */
export function boxMask(height: number, width: number, box: Box): Float32Array {
  const mask = new Float32Array(height * width);
  for (let r = box.top; r < box.top + box.height; r++)
    mask.fill(1, r * width + box.left, r * width + box.left + box.width);
  return mask;
}

/**
 * An image batch [batch, height, width, channels] that shows `source` where
 * the 0/1 `mask` (height x width, one for the whole batch) is 1 and `x`
 * elsewhere, and λ: the share of pixels that stay x's own.
 */
export function pasteWhere(
  x: tf.Tensor4D,
  source: tf.Tensor4D,
  mask: Float32Array,
): { x: tf.Tensor4D; lambda: number } {
  const [, height, width] = x.shape;
  const pasted = mask.reduce((sum, m) => sum + m, 0);
  return { x: blendWhere(x, source, tf.tensor2d(mask, [height, width])), lambda: 1 - pasted / (height * width) };
}

/** pasteWhere for a mask made on the backend: λ stays there too, a scalar. */
export function pasteWhereOnBackend(
  x: tf.Tensor4D,
  source: tf.Tensor4D,
  mask: tf.Tensor2D,
): { x: tf.Tensor4D; lambda: tf.Scalar } {
  const [, height, width] = x.shape;
  return { x: blendWhere(x, source, mask), lambda: tf.sub(1, tf.div(tf.sum(mask), height * width)) };
}

/** `source` where the 0/1 mask [height, width] is 1, `x` elsewhere, for every example and channel. */
function blendWhere(x: tf.Tensor4D, source: tf.Tensor4D, mask: tf.Tensor2D): tf.Tensor4D {
  const [, height, width] = x.shape;
  const where = tf.reshape(mask, [1, height, width, 1]);
  return tf.add(tf.mul(x, tf.sub(1, where)), tf.mul(source, where));
}
