/**
 * What a mixing augmentation does, for the page to show: a small
 * class-balanced batch from the training split, mixed by the entry's own
 * `mix` (the code training runs) with a fresh model (saliency and hidden
 * blends look at one), returned as plain data. A seed fixes the batch, the
 * model and the draw.
 */
import * as tf from '@tensorflow/tfjs';
import type { AugmentSpec, ModelSpec } from '../../core/settings/config';
import { indicesByClass, type Dataset } from '../../core/data/dataset';
import {
  exampleOf,
  type MixedExample,
  type MixPreview,
  type PreviewExample,
  pixelBytes,
} from '../../core/data/preview';
import type { ModelEntry } from '../models/model';
import type { AugmentationEntry } from '../contracts/augmentation';
import { Rng } from '../../core/rng';
import { HostSplit } from '../train/batch-source';
import { oneHotTargets } from '../train/loss';
import { mixTargets } from '../train/mixed-loss';

/** Stream salts, so that the batch, the model and the mix draw independently from one seed. */
const STREAM = { batch: 1, model: 2, mix: 3 } as const;

/** `count` training indices, the classes taking turns, each class's examples in random order. */
function balancedIndices(dataset: Dataset, count: number, rng: Rng): Int32Array {
  const groups = indicesByClass(dataset.train.y, dataset.classes.length)
    .filter((group) => group.length > 0)
    .map((group) => rng.shuffle(group));
  const size = Math.min(count, dataset.train.count);
  const indices = new Int32Array(size);
  for (let i = 0, turn = 0; i < size; turn++) {
    const group = groups[turn % groups.length];
    const round = Math.floor(turn / groups.length);
    if (round < group.length) indices[i++] = group[round];
  }
  return indices;
}

/** Row `row` of a mixed input batch as the page shows it: an image's bytes, or a point's first two features. */
function mixedExample(dataset: Dataset, values: Float32Array, row: number): PreviewExample | undefined {
  const { input } = dataset;
  if (input.kind === 'image') {
    const size = input.height * input.width * input.channels;
    return {
      pixels: pixelBytes(values.subarray(row * size, (row + 1) * size)),
      height: input.height,
      width: input.width,
      channels: input.channels,
    };
  }
  if (input.kind === 'vector') return { point: [values[row * input.length], values[row * input.length + 1]] };
  return undefined;
}

/** A batch of `count` examples of `dataset` as `augment` mixes it for a fresh `model`, drawn from `seed`. */
export async function mixPreview(
  dataset: Dataset,
  model: { entry: ModelEntry; spec: ModelSpec },
  augment: { entry: AugmentationEntry; spec: AugmentSpec },
  seed: number,
  count: number,
): Promise<MixPreview> {
  const rng = new Rng(seed);
  const classCount = dataset.classes.length;
  const indices = balancedIndices(dataset, count, rng.fork(STREAM.batch));
  const network = model.entry.create(dataset.input, classCount, model.spec, rng.fork(STREAM.model));
  const augmentation = augment.entry.create(augment.spec, { input: dataset.input, classCount });
  const mixRng = rng.fork(STREAM.mix);
  const { weights, partner, x, lambda, at, inInput } = tf.tidy(() => {
    const batch = new HostSplit(dataset.train, dataset.input).gather(indices);
    const targets = oneHotTargets(batch.y, classCount);
    const mixed = augmentation.mix({ x: batch.x, targets }, mixRng, network);
    return {
      weights: mixTargets(targets, mixed),
      partner: mixed.partner,
      x: tf.cast(mixed.x, 'float32'),
      lambda: mixed.lambda,
      at: mixed.hidden?.at ?? '',
      // Token ids cannot be blended: a text mix is always inside the model.
      inInput: mixed.x !== batch.x && dataset.input.kind !== 'tokens',
    };
  });
  try {
    const [weightValues, partnerValues, xValues, lambdaValue] = await Promise.all([
      weights.data(),
      partner.data(),
      x.data(),
      typeof lambda === 'number' ? lambda : lambda.data().then((values) => values[0]),
    ]);
    const examples = Array.from(indices, (source, row): MixedExample => {
      const other = indices[partnerValues[row]];
      const example: MixedExample = {
        source,
        partner: other,
        sources: [exampleOf(dataset, source), exampleOf(dataset, other)],
        weights: Array.from(weightValues.subarray(row * classCount, (row + 1) * classCount)),
        labels: [dataset.train.y[source], dataset.train.y[other]],
      };
      const blended = inInput ? mixedExample(dataset, xValues as Float32Array, row) : undefined;
      if (blended) example.mixed = blended;
      return example;
    });
    const preview: MixPreview = {
      kind: dataset.input.kind,
      classes: [...dataset.classes],
      lambda: lambdaValue,
      examples,
    };
    if (at !== '') preview.at = at;
    return preview;
  } finally {
    tf.dispose([weights, partner, x, ...(typeof lambda === 'number' ? [] : [lambda])]);
    network.dispose();
  }
}
