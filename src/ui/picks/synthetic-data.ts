/**
 * A distilled set's data path, apart from its drawing (Picks.tsx,
 * LossChart.tsx, Scatter.tsx): the synthetic examples as images or points,
 * the loss curve scaled to its chart, and the export file. Pure, so it can
 * be tested alone.
 */
import type { CatalogDataset } from '../../core/settings/catalog';
import { distilledSetFile, type DatasetFileJson } from '../../core/formats/dataset-file';
import type { PreviewExample, PreviewPoints, SelectionPreview } from '../../core/data/preview';
import type { SyntheticResult } from '../../core/results/types';
import type { DistilledRun } from '../results/experiment-state';
import { formatSignificant } from '../common/format';

/** How many synthetic examples each class holds. */
export function classCounts(classes: readonly number[], classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const c of classes) counts[c]++;
  return counts;
}

/**
 * Per class, its first `perClass` synthetic examples as 8-bit images.
 * Distillation may push values outside the model's [0, 1]: they are clamped
 * for display (NaN shows black).
 */
export function syntheticImages(
  { classes, shape, values }: SyntheticResult,
  classCount: number,
  perClass: number,
): PreviewExample[][] {
  if (shape.length !== 3)
    throw new Error(`a synthetic image has the shape [height, width, channels], not [${shape.join(', ')}]`);
  const [height, width, channels] = shape;
  const size = height * width * channels;
  const examples: PreviewExample[][] = Array.from({ length: classCount }, () => []);
  classes.forEach((c, i) => {
    if (examples[c].length >= perClass) return;
    const pixels = new Uint8Array(size);
    for (let j = 0; j < size; j++) {
      const value = values[i * size + j];
      pixels[j] = value > 0 ? Math.round(Math.min(value, 1) * 255) : 0;
    }
    examples[c].push({ pixels, height, width, channels });
  });
  return examples;
}

/**
 * Per class, its first `perClass` synthetic texts, each as the words
 * nearest its embedding sequence (a text set is learnt as vectors, not
 * words) and, once it has moved, the words it moved toward.
 */
export function syntheticTexts(
  { classes, words, movedToward }: SyntheticResult,
  classCount: number,
  perClass: number,
): PreviewExample[][] {
  const examples: PreviewExample[][] = Array.from({ length: classCount }, () => []);
  classes.forEach((c, i) => {
    if (examples[c].length >= perClass || !words?.[i]) return;
    const moved = movedToward?.[i];
    examples[c].push({
      text: words[i].join(' '),
      note: moved?.length ? `moved toward: ${moved.join(' ')}` : undefined,
    });
  });
  return examples;
}

/** The synthetic examples of a 2-D set as points (their first two features), labelled by class. */
export function syntheticPoints({ classes, shape, values }: SyntheticResult): PreviewPoints {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size < 2) throw new Error(`a synthetic point needs two features, not the shape [${shape.join(', ')}]`);
  const x = new Float32Array(classes.length);
  const y = new Float32Array(classes.length);
  for (let i = 0; i < classes.length; i++) {
    x[i] = values[i * size];
    y[i] = values[i * size + 1];
  }
  return { x, y, label: Int32Array.from(classes) };
}

/** The finite values' [min, max] where they leave [0, 1] (what the images' clamping hides), else null. */
export function rangeBeyondUnit(values: ArrayLike<number>): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min < 0 || max > 1 ? [min, max] : null;
}

/**
 * The sentence on a synthetic image set's pixel range where it leaves [0, 1]
 * (" Their pixel values run from -0.294 to 1.05; …"), else null. A function
 * of the set on show, so the text follows the run selector.
 */
export function pixelRangeNote(
  synthetic: Pick<SyntheticResult, 'values'>,
  kind: SelectionPreview['kind'],
): string | null {
  if (kind !== 'image') return null;
  const range = rangeBeyondUnit(synthetic.values);
  if (!range) return null;
  return ` Their pixel values run from ${formatSignificant(range[0])} to ${formatSignificant(range[1])}; the images clamp them to 0–1.`;
}

/** Where a chart draws, in its own units. */
export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface LossPlot {
  /** Each finite [iteration, loss] pair as [x, y] in the box (y grows downwards). */
  points: [number, number][];
  /** The first and last iteration: the x axis's ends. */
  iterations: [number, number];
  /** The lowest and highest loss: the y axis's ends. */
  losses: [number, number];
}

/** Scales the loss curve into `box`, iteration across, loss up; a flat axis sits in the middle. Null without a finite pair. */
export function lossPlot(loss: readonly (readonly [number, number])[], box: PlotBox): LossPlot | null {
  const finite = loss.filter(([iteration, value]) => Number.isFinite(iteration) && Number.isFinite(value));
  if (finite.length === 0) return null;
  const iterations = finite.map(([iteration]) => iteration);
  const values = finite.map(([, value]) => value);
  const [first, last] = [Math.min(...iterations), Math.max(...iterations)];
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const across = (iteration: number) =>
    box.left + (last > first ? ((iteration - first) / (last - first)) * box.width : box.width / 2);
  const up = (value: number) =>
    box.top + (high > low ? (1 - (value - low) / (high - low)) * box.height : box.height / 2);
  return {
    points: finite.map(([iteration, value]) => [across(iteration), up(value)]),
    iterations: [first, last],
    losses: [low, high],
  };
}

/** What the export of a distilled run needs to know of the data it was distilled from. */
export interface DistilledFrom {
  /** The catalog's entry of the run's dataset: its name, and for a dataset file the bundled dataset it is tested on. */
  dataset: Pick<CatalogDataset, 'id' | 'name' | 'testFrom'>;
  kind: SelectionPreview['kind'];
  classes: readonly string[];
}

/**
 * The file an Export writes for a distilled run: a lab dataset file (see
 * core/formats/dataset-file.ts), which loads back as a dataset tested on the
 * same held-out split. Throws a DatasetFileError for a set no file can hold.
 */
export function syntheticExport(run: DistilledRun, from: DistilledFrom): DatasetFileJson {
  const { dataset, kind, classes } = from;
  return distilledSetFile(run, {
    id: dataset.id,
    name: dataset.name,
    kind,
    classes,
    testFrom: dataset.testFrom ?? dataset.id,
  });
}
