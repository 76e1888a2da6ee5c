/**
 * The geometric selection algorithms, on a feature matrix X [m, d] that lives
 * on the backend. Every distance is a batched product on the backend
 * (||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2); greedy loops keep their state
 * there too and read back only what a decision needs. Each returns local
 * row indices of X in the order picked. On wasm, herding and k-center run
 * whole in the lab's SIMD module (kernels/wasm-greedy.ts), same algorithm.
 */
import * as tf from '@tensorflow/tfjs';
import { wasmGreedy, type FacilityEvaluator } from '../../runtime/kernels/wasm-greedy';
import type { Rng } from '../../../core/rng';
import { MaxHeap } from './max-heap';

/** Larger than any squared distance of features in [0, 255]-scaled or embedded space. */
const EXCLUDED = 1e30;

function squaredNorms(x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(x), 1));
}

/** Squared distances of every row of X to each row of `points` [p, d]: [m, p]. */
function squaredDistances(x: tf.Tensor2D, norms: tf.Tensor1D, points: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const cross = tf.matMul(x, points, false, true);
    const pointNorms = tf.reshape(squaredNorms(points), [1, -1]);
    // Rounding can make a distance slightly negative; clamp at 0.
    return tf.relu(tf.add(tf.sub(tf.reshape(norms, [-1, 1]), tf.mul(cross, 2)), pointNorms)) as tf.Tensor2D;
  });
}

/**
 * EXCLUDED at `row`, 0 elsewhere (`ids` = 0..m-1): added to a row's distance,
 * it is never picked again. (tf.oneHot cannot do this: the wasm backend
 * writes its on-value as an integer, and it refuses a depth of 1.)
 */
function exclusion(row: tf.Tensor, ids: tf.Tensor1D): tf.Tensor1D {
  return tf.mul(tf.cast(tf.equal(ids, row), 'float32'), EXCLUDED);
}

/** Row `row` (a scalar int tensor) of x as a column [d, 1]. */
function rowAsColumn(x: tf.Tensor2D, row: tf.Tensor): tf.Tensor2D {
  return tf.reshape(tf.gather(x, tf.reshape(row, [1])), [-1, 1]) as tf.Tensor2D;
}

/** 0..m-1: every row, when a group has no more rows than picks. */
function allRows(m: number): Int32Array {
  return Int32Array.from({ length: m }, (_, i) => i);
}

/** Reads a tensor back and disposes it. */
async function readAndDispose(tensor: tf.Tensor): Promise<Float32Array> {
  const values = (await tensor.data()) as Float32Array;
  tensor.dispose();
  return values;
}

/** Reads back a list of scalar int tensors as one array, and disposes them. */
async function readPicks(picks: tf.Tensor[]): Promise<Int32Array> {
  if (picks.length === 0) return new Int32Array(0);
  const stacked = tf.stack(picks);
  const values = Int32Array.from(await stacked.data());
  tf.dispose([stacked, ...picks]);
  return values;
}

/**
 * Herding (Welling 2009; as used by Chen et al. 2010 and iCaRL): greedily
 * add the point that brings the running mean of the picked set closest to
 * the mean of all. With S the sum of the t points picked so far, the next
 * point x minimises ||(S + x)/(t+1) - mu||, i.e. ||x - ((t+1) mu - S)||.
 */
export async function herding(x: tf.Tensor2D, k: number): Promise<Int32Array> {
  const m = x.shape[0];
  if (k >= m) return allRows(m);
  const native = wasmGreedy();
  if (native) return native.herding(x, k);
  // Minimising ||x_i - target||^2 is minimising ||x_i||^2 / 2 - x_i . target; picked rows carry EXCLUDED.
  let cost = tf.tidy(() => tf.mul(squaredNorms(x), 0.5));
  const mean = tf.tidy(() => tf.reshape(tf.mean(x, 0), [-1, 1]));
  // target = (t+1) mu - S, kept as a column: each pick adds mu and takes away the picked row.
  let target = tf.clone(mean);
  const ids = tf.range(0, m, 1, 'int32') as tf.Tensor1D;
  const picks: tf.Tensor[] = [];
  for (let t = 0; t < k; t++) {
    const [pick, nextTarget, nextCost] = tf.tidy(() => {
      const j = tf.argMin(tf.sub(cost, tf.reshape(tf.matMul(x, target), [-1])));
      return [j, tf.add(target, tf.sub(mean, rowAsColumn(x, j))), tf.add(cost, exclusion(j, ids))];
    });
    tf.dispose([target, cost]);
    target = nextTarget as tf.Tensor2D;
    cost = nextCost;
    picks.push(pick);
  }
  tf.dispose([cost, mean, target, ids]);
  return readPicks(picks);
}

/**
 * k-center greedy (Sener & Savarese 2018): start from `first`, then keep
 * adding the point farthest from everything picked, which greedily shrinks
 * the covering radius (within 2x of the optimum).
 */
export async function kCenterGreedy(x: tf.Tensor2D, k: number, first: number): Promise<Int32Array> {
  const m = x.shape[0];
  if (k >= m) return Int32Array.from([first, ...allRows(m).filter((i) => i !== first)]);
  const native = wasmGreedy();
  if (native) return native.kCenter(x, k, first);
  const norms = squaredNorms(x);
  const distanceTo = (j: tf.Tensor) =>
    // ||x_i - x_j||^2 = ||x_i||^2 + ||x_j||^2 - 2 x_i . x_j, clamped at 0 against rounding.
    tf.relu(tf.add(tf.sub(norms, tf.mul(tf.reshape(tf.matMul(x, rowAsColumn(x, j)), [-1]), 2)), tf.gather(norms, j)));
  const start = tf.scalar(first, 'int32');
  const ids = tf.range(0, m, 1, 'int32') as tf.Tensor1D;
  // Picked rows sit at -EXCLUDED, so that argMax never returns them, even once every row is covered.
  let nearest = tf.tidy(() => tf.sub(distanceTo(start), exclusion(start, ids)));
  const picks: tf.Tensor[] = [start];
  for (let t = 1; t < k; t++) {
    const [pick, next] = tf.tidy(() => {
      const j = tf.argMax(nearest);
      return [j, tf.sub(tf.minimum(nearest, distanceTo(j)), exclusion(j, ids))];
    });
    nearest.dispose();
    nearest = next;
    picks.push(pick);
  }
  tf.dispose([norms, nearest, ids]);
  return readPicks(picks);
}

/** Lloyd's k-means from a k-means++ start: the cluster of every row. */
export async function kMeans(x: tf.Tensor2D, k: number, rng: Rng, iterations = 20): Promise<Int32Array> {
  const m = x.shape[0];
  const norms = squaredNorms(x);
  // k-means++: each next centre drawn with probability proportional to its squared distance to the nearest centre.
  const centreRows = [rng.int(m)];
  let nearest = tf.tidy(() => tf.reshape(squaredDistances(x, norms, tf.slice(x, [centreRows[0], 0], [1, -1])), [-1]));
  while (centreRows.length < Math.min(k, m)) {
    const weights = await nearest.data();
    let total = 0;
    for (const w of weights) total += w;
    let pick = rng.int(m);
    if (total > 0) {
      let r = rng.next() * total;
      for (pick = 0; pick < m - 1 && r >= weights[pick]; pick++) r -= weights[pick];
    }
    centreRows.push(pick);
    const next = tf.tidy(() =>
      tf.minimum(nearest, tf.reshape(squaredDistances(x, norms, tf.slice(x, [pick, 0], [1, -1])), [-1])),
    );
    nearest.dispose();
    nearest = next;
  }
  nearest.dispose();
  let centres = tf.tidy(() => tf.gather(x, tf.tensor1d(centreRows, 'int32'))) as tf.Tensor2D;
  const clusters = centreRows.length;
  let assignment = tf.tidy(() => tf.argMin(squaredDistances(x, norms, centres), 1));
  for (let i = 0; i < iterations; i++) {
    const nextCentres = tf.tidy(() => {
      const members = tf.cast(
        tf.equal(tf.reshape(assignment, [-1, 1]), tf.range(0, clusters, 1, 'int32').reshape([1, -1])),
        'float32',
      ); // [m, clusters]
      const counts = tf.sum(members, 0);
      const sums = tf.matMul(members, x, true, false); // [clusters, d]
      // An empty cluster keeps its centre.
      const empty = tf.reshape(tf.equal(counts, 0), [-1, 1]);
      return tf.where(
        tf.broadcastTo(empty, sums.shape),
        centres,
        tf.div(sums, tf.reshape(tf.maximum(counts, 1), [-1, 1])),
      ) as tf.Tensor2D;
    });
    centres.dispose();
    centres = nextCentres;
    const nextAssignment = tf.tidy(() => tf.argMin(squaredDistances(x, norms, centres), 1));
    const changed = tf.tidy(() => tf.any(tf.notEqual(nextAssignment, assignment)));
    const moved = (await changed.data())[0];
    tf.dispose([changed, assignment]);
    assignment = nextAssignment;
    if (!moved) break;
  }
  const result = Int32Array.from(await assignment.data());
  tf.dispose([norms, centres, assignment]);
  return result;
}

/**
 * Facility location compares every pair of rows of a group, kept as one table
 * of squared distances: at most this many rows (256 MB of float32).
 */
export const FACILITY_MAX_ROWS = 8192;

/**
 * Facility location (Mirzasoleiman et al. 2020, CRAIG; as in DeepCore):
 * maximise F(S) = sum_i max_{j in S} sim(i, j) with sim(i, j) = C - ||x_i - x_j||^2,
 * C bounding every squared distance. Greedy with lazy evaluations (Minoux):
 * a candidate's last gain bounds its next one (F is submodular), so only the
 * top of the queue is re-evaluated, `batch` candidates at a time. Lazy
 * greedy still re-evaluates most candidates once after the first picks, so
 * the pairwise distances are computed once, in one product, and read after.
 */
export async function facilityLocation(x: tf.Tensor2D, k: number, batch = 8): Promise<Int32Array> {
  const m = x.shape[0];
  if (m > FACILITY_MAX_ROWS)
    throw new Error(
      `facility location compares every pair of examples: ${m} in one group is more than ${FACILITY_MAX_ROWS}`,
    );
  if (k >= m) return allRows(m);
  const norms = squaredNorms(x);
  // ||x_i - x_j||^2 <= (2 max_i ||x_i - mean||)^2.
  const bound = tf.tidy(() => tf.mul(tf.max(squaredNorms(tf.sub(x, tf.mean(x, 0)))), 4));
  // The first gains in closed form: sum_i (C - ||x_i - x_j||^2) = mC - (sum_i ||x_i||^2 + m ||x_j||^2 - 2 x_j . sum_i x_i).
  const firstGains = await readAndDispose(
    tf.tidy(() => {
      const spread = tf.sub(
        tf.add(tf.sum(norms), tf.mul(norms, m)),
        tf.mul(tf.reshape(tf.matMul(x, tf.reshape(tf.sum(x, 0), [-1, 1])), [-1]), 2),
      );
      return tf.sub(tf.mul(bound, m), spread);
    }),
  );
  const boundValue = (await readAndDispose(bound))[0];
  const distances = squaredDistances(x, norms, x);
  norms.dispose();
  const queue = new MaxHeap();
  firstGains.forEach((gain, j) => queue.push(gain, j));
  const evaluator = wasmGreedy()?.facility(distances, boundValue, batch) ?? composedFacility(distances, boundValue);
  const picks: number[] = [];
  try {
    while (picks.length < k && queue.size > 0) {
      const candidates: number[] = [];
      while (candidates.length < batch && queue.size > 0) candidates.push(queue.pop());
      const gains = await evaluator.gains(candidates);
      let best = 0;
      for (let c = 1; c < candidates.length; c++) if (gains[c] > gains[best]) best = c;
      // The exact gain of the best candidate beats every other bound: it is the greedy choice.
      const chosen = gains[best] >= queue.peek();
      if (chosen) {
        picks.push(candidates[best]);
        evaluator.pick(candidates[best]);
      }
      candidates.forEach((j, c) => {
        if (!(chosen && c === best)) queue.push(gains[c], j);
      });
    }
  } finally {
    evaluator.dispose();
    distances.dispose();
  }
  return Int32Array.from(picks);
}

/** Facility location's gains composed of tfjs ops, on the distance table (the GPU backends' path). */
function composedFacility(distances: tf.Tensor2D, bound: number): FacilityEvaluator {
  let nearest = tf.fill([distances.shape[0]], bound) as tf.Tensor1D;
  const rowsOf = (ids: readonly number[]) => tf.gather(distances, tf.tensor1d(ids as number[], 'int32'));
  return {
    gains: (candidates) =>
      readAndDispose(tf.tidy(() => tf.sum(tf.relu(tf.sub(tf.reshape(nearest, [1, -1]), rowsOf(candidates))), 1))),
    pick(row) {
      const next = tf.tidy(() => tf.minimum(nearest, tf.reshape(rowsOf([row]), [-1])));
      nearest.dispose();
      nearest = next as tf.Tensor1D;
    },
    dispose: () => nearest.dispose(),
  };
}
