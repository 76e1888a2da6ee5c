/** A distilled set's data path: its images and points, the range the images clamp, the loss chart's scale, the export. */
import { describe, expect, test } from 'vitest';
import type { SyntheticResult } from '../../../../src/core/results/types';
import type { DistilledRun } from '../../../../src/ui/results/experiment-state';
import { datasetFileText } from '../../../../src/core/formats/dataset-file';
import { parseDatasetFile } from '../../../../src/core/formats/dataset-file-parse';
import {
  classCounts,
  lossPlot,
  pixelRangeNote,
  rangeBeyondUnit,
  syntheticExport,
  syntheticImages,
  syntheticPoints,
  syntheticTexts,
} from '../../../../src/ui/picks/synthetic-data';

describe('synthetic set data', () => {
  test('counts the examples of each class', () => {
    expect(classCounts([0, 0, 2, 2, 2], 4)).toEqual([2, 0, 3, 0]);
  });

  test('turns examples into 8-bit images by class, clamped to [0, 1], at most `perClass` each', () => {
    // Three 1x2 grey images: class 1, class 0, class 1.
    const synthetic: SyntheticResult = {
      classes: [1, 0, 1],
      shape: [1, 2, 1],
      values: [0.5, 1, -0.3, 1.7, Number.NaN, 0.2],
      loss: [],
    };
    const images = syntheticImages(synthetic, 3, 1);
    expect(images.map((examples) => examples.length)).toEqual([1, 1, 0]);
    expect(images[1][0]).toEqual({ pixels: Uint8Array.from([128, 255]), height: 1, width: 2, channels: 1 });
    expect(images[0][0]).toEqual({ pixels: Uint8Array.from([0, 255]), height: 1, width: 2, channels: 1 });
    // NaN shows black.
    expect(Array.from((syntheticImages(synthetic, 3, 2)[1][1] as { pixels: Uint8Array }).pixels)).toEqual([0, 51]);
  });

  test('keeps colour channels interleaved as the model reads them', () => {
    const rgb: SyntheticResult = { classes: [0], shape: [1, 1, 3], values: [1, 0, 0.5], loss: [] };
    expect(syntheticImages(rgb, 1, 4)[0]).toEqual([
      { pixels: Uint8Array.from([255, 0, 128]), height: 1, width: 1, channels: 3 },
    ]);
    expect(() => syntheticImages({ ...rgb, shape: [3] }, 1, 4)).toThrow(/\[height, width, channels\]/);
  });

  test('shows a text set by the words nearest each example, by class, at most `perClass` each', () => {
    const synthetic: SyntheticResult = {
      classes: [0, 0, 1],
      shape: [3, 2],
      values: new Array(18).fill(0),
      words: [['free', 'win'], ['call'], ['meeting', 'notes']],
      loss: [],
    };
    expect(syntheticTexts(synthetic, 2, 1)).toEqual([[{ text: 'free win' }], [{ text: 'meeting notes' }]]);
    expect(syntheticTexts({ ...synthetic, words: undefined }, 2, 5)).toEqual([[], []]);
    // What an example moved toward shows beneath its words, once it has moved.
    const moved = { ...synthetic, values: new Float32Array(0), movedToward: [['prize'], [], ['agenda', 'room']] };
    expect(syntheticTexts(moved, 2, 5)).toEqual([
      [{ text: 'free win', note: 'moved toward: prize' }, { text: 'call' }],
      [{ text: 'meeting notes', note: 'moved toward: agenda room' }],
    ]);
  });

  test('turns examples of a 2-D set into points labelled by class', () => {
    const points = syntheticPoints({ classes: [2, 0], shape: [2], values: [1.5, -2, 0.25, 3], loss: [] });
    expect(Array.from(points.x)).toEqual([1.5, 0.25]);
    expect(Array.from(points.y)).toEqual([-2, 3]);
    expect(Array.from(points.label)).toEqual([2, 0]);
    expect(() => syntheticPoints({ classes: [0], shape: [1], values: [1], loss: [] })).toThrow(/two features/);
  });

  test('reports the value range only where it leaves [0, 1]', () => {
    expect(rangeBeyondUnit([0, 0.5, 1])).toBeNull();
    expect(rangeBeyondUnit([0.2, -0.25, 1.5, Number.NaN])).toEqual([-0.25, 1.5]);
    expect(rangeBeyondUnit([])).toBeNull();
  });

  test('the pixel-range note follows the set on show, one run then another', () => {
    // dm's and mtt's exported sets: switching runs must change the numbers.
    const dm = { values: [-0.294, 0.5, 1.052] };
    const mtt = { values: [-0.872, 0.1, 2.241] };
    expect(pixelRangeNote(dm, 'image')).toBe(
      ' Their pixel values run from -0.294 to 1.05; the images clamp them to 0–1.',
    );
    expect(pixelRangeNote(mtt, 'image')).toBe(
      ' Their pixel values run from -0.872 to 2.24; the images clamp them to 0–1.',
    );
    expect(pixelRangeNote(dm, 'image')).not.toBe(pixelRangeNote(mtt, 'image'));
    expect(pixelRangeNote({ values: [0, 1] }, 'image')).toBeNull();
    expect(pixelRangeNote(mtt, 'vector')).toBeNull();
  });

  test('scales the loss into its box: iteration across, loss up', () => {
    const box = { left: 10, top: 5, width: 100, height: 50 };
    const plot = lossPlot(
      [
        [0, 4],
        [10, 2],
        [20, Number.NaN],
        [40, 0],
      ],
      box,
    )!;
    expect(plot.iterations).toEqual([0, 40]);
    expect(plot.losses).toEqual([0, 4]);
    // The highest loss at the top, the lowest at the bottom; the NaN is left out.
    expect(plot.points).toEqual([
      [10, 5],
      [35, 30],
      [110, 55],
    ]);
  });

  test('a single loss, or a flat one, sits in the middle; no finite loss, no plot', () => {
    const box = { left: 0, top: 0, width: 100, height: 50 };
    expect(lossPlot([[7, 3]], box)).toEqual({ points: [[50, 25]], iterations: [7, 7], losses: [3, 3] });
    expect(lossPlot([], box)).toBeNull();
    expect(lossPlot([[0, Number.POSITIVE_INFINITY]], box)).toBeNull();
  });

  test('exports the synthetic set as a lab dataset file that reads back, tested on the data it came from', () => {
    const run: DistilledRun = {
      runIndex: 1,
      method: 'dm',
      label: 'dm 10%',
      settings: { iterations: 300 },
      seed: 2,
      synthetic: { classes: [0, 1], shape: [2], values: [0.1, 0.2, 0.3, 0.4], loss: [[0, 1.5]] },
    };
    const classes = ['upper moon', 'lower moon'];
    const exported = syntheticExport(run, { dataset: { id: 'moons', name: 'Moons' }, kind: 'vector', classes });
    expect(exported).toMatchObject({
      format: 'lab-dataset',
      version: 1,
      name: 'dm 10% of Moons (seed 2)',
      classes,
      input: { kind: 'vector', length: 2 },
      testFrom: 'moons',
      count: 2,
      labels: [0, 1],
      source: { dataset: 'moons', method: 'dm', label: 'dm 10%', seed: 2, loss: [[0, 1.5]] },
    });
    const file = parseDatasetFile(datasetFileText(exported));
    expect(file.x).toEqual(Float32Array.from([0.1, 0.2, 0.3, 0.4]));
    expect(Array.from(file.y)).toEqual([0, 1]);

    // A set distilled from a dataset file is tested where that file is; images keep their shape.
    const image: DistilledRun = { ...run, synthetic: { classes: [1], shape: [2, 1, 1], values: [0.5, 1.5], loss: [] } };
    const again = syntheticExport(image, {
      dataset: { id: 'file-0123456789abcdef', name: 'my set', testFrom: 'mnist' },
      kind: 'image',
      classes,
    });
    expect(again).toMatchObject({
      testFrom: 'mnist',
      input: { kind: 'image', height: 2, width: 1, channels: 1 },
      source: { dataset: 'file-0123456789abcdef' },
    });
    expect(() => syntheticExport(image, { dataset: { id: 'names', name: 'Names' }, kind: 'tokens', classes })).toThrow(
      /holds images \[height, width, channels\] or vectors \[length\], not tokens examples/,
    );
  });
});
