/**
 * Generated 2-D toy sets, small enough to plot every point, so a teacher can
 * see which points a method selects or synthesises. Each set has its own
 * fixed data seed: every user gets the same points.
 */
import { Rng } from '../../core/rng';
import { subsetSplit, type Dataset, type Split } from '../../core/data/dataset';
import { stratifiedSplit } from './split';

export type ToyId = 'moons' | 'spirals' | 'blobs';

const TRAIN_COUNT = 1200;
const TEST_COUNT = 400;
const DATA_SEED = 20240101;

interface ToySpec {
  name: string;
  classes: string[];
  /** One point of class `c`, drawn from `rng`. */
  point(c: number, rng: Rng): [number, number];
}

const TOYS: Record<ToyId, ToySpec> = {
  // Two interleaved half circles (as scikit-learn's make_moons), centred on the origin.
  moons: {
    name: 'Moons',
    classes: ['upper moon', 'lower moon'],
    point(c, rng) {
      const t = Math.PI * rng.next();
      const [x, y] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      return [x - 0.5 + 0.1 * rng.normal(), y - 0.25 + 0.1 * rng.normal()];
    },
  },
  // Three arms winding out from the centre, each a bit over half a turn.
  spirals: {
    name: 'Spirals',
    classes: ['arm 1', 'arm 2', 'arm 3'],
    point(c, rng) {
      const r = rng.next();
      const angle = (2 * Math.PI * c) / 3 + 4 * r + 0.2 * rng.normal();
      return [r * Math.cos(angle), r * Math.sin(angle)];
    },
  },
  // Four round gaussians at the corners of a square, overlapping a little.
  blobs: {
    name: 'Blobs',
    classes: ['blob 1', 'blob 2', 'blob 3', 'blob 4'],
    point(c, rng) {
      const cx = c % 2 === 0 ? -1 : 1;
      const cy = c < 2 ? -1 : 1;
      return [cx + 0.45 * rng.normal(), cy + 0.45 * rng.normal()];
    },
  },
};

export const TOY_IDS = Object.keys(TOYS) as ToyId[];

export function toyName(id: ToyId): string {
  return TOYS[id].name;
}

export function makeToyDataset(id: ToyId): Dataset {
  const spec = TOYS[id];
  const k = spec.classes.length;
  const total = TRAIN_COUNT + TEST_COUNT;
  const rng = new Rng(DATA_SEED).fork(TOY_IDS.indexOf(id));

  const points = new Float32Array(total * 2);
  const labels = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const c = i % k; // classes as equal as the total allows
    const [x, y] = spec.point(c, rng);
    points[2 * i] = x;
    points[2 * i + 1] = y;
    labels[i] = c;
  }
  const split = stratifiedSplit(labels, { count: TEST_COUNT }, rng);
  const input = { kind: 'vector' as const, length: 2 };
  const all: Split = { x: points, y: labels, count: total };
  return {
    id,
    name: spec.name,
    classes: [...spec.classes],
    input,
    train: subsetSplit(all, input, split.train),
    test: subsetSplit(all, input, split.test),
  };
}
