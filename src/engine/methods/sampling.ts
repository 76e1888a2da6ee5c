/** Index sampling shared by the subset methods. */
import { indicesByClass } from '../../core/data/dataset';
import type { Rng } from '../../core/rng';

/** `perClass[c]` random examples of each class c, returned in random order. */
export function classBalancedSample(y: Int32Array, perClass: number[], rng: Rng): Int32Array {
  const picked: number[] = [];
  indicesByClass(y, perClass.length).forEach((members, c) => {
    const shuffled = rng.shuffle(Int32Array.from(members));
    for (let i = 0; i < perClass[c]; i++) picked.push(shuffled[i]);
  });
  return rng.shuffle(Int32Array.from(picked));
}

/** `k` distinct indices out of 0..n-1, uniformly (a partial Fisher-Yates on a reused pool). */
export function uniformSampler(n: number, rng: Rng): (k: number) => Int32Array {
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  return (k) => {
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(n - i);
      const tmp = pool[i];
      pool[i] = pool[j];
      pool[j] = tmp;
    }
    return pool.slice(0, k);
  };
}

/**
 * An endless stream of passes over 0..n-1, each pass a fresh permutation, cut
 * into rounds of k. A round that straddles two passes never repeats an index:
 * the new pass's head is rearranged to avoid the old pass's tail.
 */
export function passStream(n: number, k: number, rng: Rng): () => Int32Array {
  let perm = rng.permutation(n);
  let position = 0;
  return () => {
    const round = new Int32Array(k);
    let filled = Math.min(k, n - position);
    round.set(perm.subarray(position, position + filled));
    position += filled;
    if (filled < k) {
      perm = rng.permutation(n);
      const need = k - filled;
      const taken = new Set(round.subarray(0, filled));
      let spare = need;
      for (let i = 0; i < need; i++) {
        if (!taken.has(perm[i])) continue;
        while (taken.has(perm[spare])) spare++;
        [perm[i], perm[spare]] = [perm[spare], perm[i]];
        spare++;
      }
      round.set(perm.subarray(0, need), filled);
      position = need;
      filled = k;
    }
    return rng.shuffle(round);
  };
}
