/**
 * The lab's own wasm SIMD kernels (AssemblyScript): instance norm + ReLU each
 * way, a first-layer conv filter gradient, the gradient of tiling average
 * pooling, the text model's embedding bag each way, and the greedy coreset
 * selections (herding, k-center, facility location). They run
 * on tfjs-backend-wasm's memory, which the module imports:
 * tensors are read and written in place by address, so a kernel costs no
 * copies. Scratch space comes from the caller (tfjs allocations), since the
 * module has no allocator of its own.
 *
 * Instance norm with an optional ReLU, over x [N, HW, C] (channels last):
 * y = relu?((x - mean) * rstd * gamma + beta), mean and rstd per (n, c) over
 * the HW positions, rstd = 1 / sqrt(var + eps). One pass per statistic and
 * one to write, instead of tfjs's dozen full-size ops each way.
 */

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** scratch[0, c) = mean, scratch[c, 2c) = rstd of example b; x points at its first row. */
function moments(x: usize, scratch: usize, hw: i32, c: i32, eps: f32): void {
  const c4 = c & ~3;
  const mean = scratch;
  const rstd = at(scratch, c);
  const inv: f32 = <f32>1 / <f32>hw;
  for (let k = 0; k < c; k++) {
    store<f32>(at(mean, k), 0);
    store<f32>(at(rstd, k), 0);
  }
  for (let p = 0; p < hw; p++) {
    const row = at(x, p * c);
    let k = 0;
    for (; k < c4; k += 4) v128.store(at(mean, k), f32x4.add(v128.load(at(mean, k)), v128.load(at(row, k))));
    for (; k < c; k++) store<f32>(at(mean, k), load<f32>(at(mean, k)) + load<f32>(at(row, k)));
  }
  for (let k = 0; k < c; k++) store<f32>(at(mean, k), load<f32>(at(mean, k)) * inv);
  for (let p = 0; p < hw; p++) {
    const row = at(x, p * c);
    let k = 0;
    for (; k < c4; k += 4) {
      const d = f32x4.sub(v128.load(at(row, k)), v128.load(at(mean, k)));
      v128.store(at(rstd, k), f32x4.add(v128.load(at(rstd, k)), f32x4.mul(d, d)));
    }
    for (; k < c; k++) {
      const d = load<f32>(at(row, k)) - load<f32>(at(mean, k));
      store<f32>(at(rstd, k), load<f32>(at(rstd, k)) + d * d);
    }
  }
  for (let k = 0; k < c; k++) store<f32>(at(rstd, k), <f32>(1 / Math.sqrt(<f64>(load<f32>(at(rstd, k)) * inv + eps))));
}

/** scratch: 2c floats. */
export function instanceNormForward(x: usize, gamma: usize, beta: usize, y: usize, scratch: usize, n: i32, hw: i32, c: i32, eps: f32, relu: bool): void {
  const c4 = c & ~3;
  const mean = scratch;
  const rstd = at(scratch, c);
  const zero = f32x4.splat(0);
  for (let b = 0; b < n; b++) {
    const xb = at(x, b * hw * c);
    const yb = at(y, b * hw * c);
    moments(xb, scratch, hw, c, eps);
    // rstd becomes the whole scale, gamma * rstd.
    for (let k = 0; k < c; k++) store<f32>(at(rstd, k), load<f32>(at(rstd, k)) * load<f32>(at(gamma, k)));
    for (let p = 0; p < hw; p++) {
      const row = at(xb, p * c);
      const out = at(yb, p * c);
      let k = 0;
      for (; k < c4; k += 4) {
        let v = f32x4.add(f32x4.mul(f32x4.sub(v128.load(at(row, k)), v128.load(at(mean, k))), v128.load(at(rstd, k))), v128.load(at(beta, k)));
        if (relu) v = f32x4.max(v, zero);
        v128.store(at(out, k), v);
      }
      for (; k < c; k++) {
        let v = (load<f32>(at(row, k)) - load<f32>(at(mean, k))) * load<f32>(at(rstd, k)) + load<f32>(at(beta, k));
        if (relu && v < 0) v = 0;
        store<f32>(at(out, k), v);
      }
    }
  }
}

/** xhat = (x - mean) * rstd for 4 channels at k. */
// @ts-ignore: decorator
@inline function normalized4(row: usize, mean: usize, rstd: usize, k: i32): v128 {
  return f32x4.mul(f32x4.sub(v128.load(at(row, k)), v128.load(at(mean, k))), v128.load(at(rstd, k)));
}

/** dy for 4 channels at k, zero where the ReLU's output (xhat * gamma + beta) is not positive. */
// @ts-ignore: decorator
@inline function masked4(drow: usize, xhat: v128, gamma: usize, beta: usize, k: i32, relu: bool): v128 {
  const d = v128.load(at(drow, k));
  if (!relu) return d;
  const y = f32x4.add(f32x4.mul(xhat, v128.load(at(gamma, k))), v128.load(at(beta, k)));
  return v128.and(d, f32x4.gt(y, f32x4.splat(0)));
}

// @ts-ignore: decorator
@inline function normalized(row: usize, mean: usize, rstd: usize, k: i32): f32 {
  return (load<f32>(at(row, k)) - load<f32>(at(mean, k))) * load<f32>(at(rstd, k));
}

// @ts-ignore: decorator
@inline function masked(drow: usize, xhat: f32, gamma: usize, beta: usize, k: i32, relu: bool): f32 {
  return relu && xhat * load<f32>(at(gamma, k)) + load<f32>(at(beta, k)) <= 0 ? 0 : load<f32>(at(drow, k));
}

// @ts-ignore: decorator
@inline function accumulate4(sum: usize, k: i32, v: v128): void {
  v128.store(at(sum, k), f32x4.add(v128.load(at(sum, k)), v));
}

// @ts-ignore: decorator
@inline function accumulate(sum: usize, k: i32, v: f32): void {
  store<f32>(at(sum, k), load<f32>(at(sum, k)) + v);
}

/**
 * dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy' * gamma,
 * dgamma = sum(dy' * xhat), dbeta = sum(dy') over N and HW, where dy' is dy
 * with the ReLU's zeros (recomputed from x) applied. scratch: 4c floats.
 */
export function instanceNormBackward(dy: usize, x: usize, gamma: usize, beta: usize, dx: usize, dgamma: usize, dbeta: usize, scratch: usize, n: i32, hw: i32, c: i32, eps: f32, relu: bool): void {
  const c4 = c & ~3;
  const mean = scratch;
  const rstd = at(scratch, c);
  const sumG = at(scratch, 2 * c);
  const sumGX = at(scratch, 3 * c);
  const inv: f32 = <f32>1 / <f32>hw;
  for (let k = 0; k < c; k++) {
    store<f32>(at(dgamma, k), 0);
    store<f32>(at(dbeta, k), 0);
  }
  for (let b = 0; b < n; b++) {
    const xb = at(x, b * hw * c);
    const dyb = at(dy, b * hw * c);
    const dxb = at(dx, b * hw * c);
    moments(xb, scratch, hw, c, eps);
    for (let k = 0; k < c; k++) {
      store<f32>(at(sumG, k), 0);
      store<f32>(at(sumGX, k), 0);
    }
    for (let p = 0; p < hw; p++) {
      const row = at(xb, p * c);
      const drow = at(dyb, p * c);
      let k = 0;
      for (; k < c4; k += 4) {
        const xhat = normalized4(row, mean, rstd, k);
        const d = masked4(drow, xhat, gamma, beta, k, relu);
        const g = f32x4.mul(d, v128.load(at(gamma, k)));
        accumulate4(sumG, k, g);
        accumulate4(sumGX, k, f32x4.mul(g, xhat));
        accumulate4(dbeta, k, d);
        accumulate4(dgamma, k, f32x4.mul(d, xhat));
      }
      for (; k < c; k++) {
        const xhat = normalized(row, mean, rstd, k);
        const d = masked(drow, xhat, gamma, beta, k, relu);
        const g = d * load<f32>(at(gamma, k));
        accumulate(sumG, k, g);
        accumulate(sumGX, k, g * xhat);
        accumulate(dbeta, k, d);
        accumulate(dgamma, k, d * xhat);
      }
    }
    for (let k = 0; k < c; k++) {
      store<f32>(at(sumG, k), load<f32>(at(sumG, k)) * inv);
      store<f32>(at(sumGX, k), load<f32>(at(sumGX, k)) * inv);
    }
    for (let p = 0; p < hw; p++) {
      const row = at(xb, p * c);
      const drow = at(dyb, p * c);
      const out = at(dxb, p * c);
      let k = 0;
      for (; k < c4; k += 4) {
        const xhat = normalized4(row, mean, rstd, k);
        const g = f32x4.mul(masked4(drow, xhat, gamma, beta, k, relu), v128.load(at(gamma, k)));
        const centered = f32x4.sub(f32x4.sub(g, v128.load(at(sumG, k))), f32x4.mul(xhat, v128.load(at(sumGX, k))));
        v128.store(at(out, k), f32x4.mul(v128.load(at(rstd, k)), centered));
      }
      for (; k < c; k++) {
        const xhat = normalized(row, mean, rstd, k);
        const g = masked(drow, xhat, gamma, beta, k, relu) * load<f32>(at(gamma, k));
        store<f32>(at(out, k), load<f32>(at(rstd, k)) * (g - load<f32>(at(sumG, k)) - xhat * load<f32>(at(sumGX, k))));
      }
    }
  }
}

/**
 * The filter gradient of a stride-1 convolution with few input channels (a
 * first layer): dw[p, q, i, o] = sum over n, a, b of
 * x[n, a + p - top, b + q - left, i] * dy[n, a, b, o], positions outside x
 * counting as zero. dw [fh, fw, cin, cout] stays in cache while x and dy are
 * read once, in order.
 */
export function convFilterGradient(
  x: usize, dy: usize, dw: usize,
  n: i32, inH: i32, inW: i32, cin: i32, outH: i32, outW: i32, cout: i32,
  fh: i32, fw: i32, top: i32, left: i32,
): void {
  const c4 = cout & ~3;
  const size = fh * fw * cin * cout;
  for (let k = 0; k < size; k++) store<f32>(at(dw, k), 0);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < outH; r++) {
      for (let s = 0; s < outW; s++) {
        const grad = at(dy, ((b * outH + r) * outW + s) * cout);
        for (let p = 0; p < fh; p++) {
          const row = r + p - top;
          if (row < 0 || row >= inH) continue;
          for (let q = 0; q < fw; q++) {
            const col = s + q - left;
            if (col < 0 || col >= inW) continue;
            const pixel = at(x, ((b * inH + row) * inW + col) * cin);
            for (let i = 0; i < cin; i++) {
              const v = load<f32>(at(pixel, i));
              const vv = f32x4.splat(v);
              const w = at(dw, ((p * fw + q) * cin + i) * cout);
              let o = 0;
              for (; o < c4; o += 4) accumulate4(w, o, f32x4.mul(vv, v128.load(at(grad, o))));
              for (; o < cout; o++) accumulate(w, o, v * load<f32>(at(grad, o)));
            }
          }
        }
      }
    }
  }
}

/**
 * The gradient of average pooling whose windows tile the input without
 * overlap or padding (window = stride): each input position in a window gets
 * that window's dy divided by the window's size; rows and columns past the
 * last window get zero. x and dx are [N, inH, inW, C], dy [N, outH, outW, C].
 */
export function avgPoolGradTiled(dy: usize, dx: usize, n: i32, inH: i32, inW: i32, c: i32, outH: i32, outW: i32, fh: i32, fw: i32): void {
  const c4 = c & ~3;
  const scale: f32 = <f32>1 / <f32>(fh * fw);
  const scale4 = f32x4.splat(scale);
  const zero = f32x4.splat(0);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < inH; r++) {
      const i = r / fh;
      for (let s = 0; s < inW; s++) {
        const j = s / fw;
        const out = at(dx, ((b * inH + r) * inW + s) * c);
        const inside = i < outH && j < outW;
        const src = at(dy, ((b * outH + i) * outW + j) * c);
        let k = 0;
        for (; k < c4; k += 4) v128.store(at(out, k), inside ? f32x4.mul(v128.load(at(src, k)), scale4) : zero);
        for (; k < c; k++) store<f32>(at(out, k), inside ? load<f32>(at(src, k)) * scale : 0);
      }
    }
  }
}

/** sum_k a[k] b[k] over n floats, four SIMD accumulators to hide the add latency. */
function dot(a: usize, b: usize, n: i32): f32 {
  const n16 = n & ~15;
  const n4 = n & ~3;
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  let k = 0;
  for (; k < n16; k += 16) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(at(a, k)), v128.load(at(b, k))));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(at(a, k + 4)), v128.load(at(b, k + 4))));
    s2 = f32x4.add(s2, f32x4.mul(v128.load(at(a, k + 8)), v128.load(at(b, k + 8))));
    s3 = f32x4.add(s3, f32x4.mul(v128.load(at(a, k + 12)), v128.load(at(b, k + 12))));
  }
  for (; k < n4; k += 4) s0 = f32x4.add(s0, f32x4.mul(v128.load(at(a, k)), v128.load(at(b, k))));
  const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let sum = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (; k < n; k++) sum += load<f32>(at(a, k)) * load<f32>(at(b, k));
  return sum;
}

/**
 * A matrix-vector product y[r] = sum_k a[r, k] x[k], a [rows, cols].
 * XNNPACK treats the vector as a one-column weight matrix and runs this
 * several times slower than a plain streaming pass over the rows.
 */
export function matVec(a: usize, x: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) store<f32>(at(y, r), dot(at(a, r * cols), x, cols));
}

/**
 * The greedy selections run whole in here: one call instead of a dozen
 * tfjs ops per pick, whose dispatch cost more than the arithmetic. x is
 * [rows, cols]; picks receives k row indices (i32) in the order picked.
 *
 * Herding: the next pick minimises ||x_r - target||^2 over unpicked rows,
 * target = (t+1) mean - (sum of the t picked rows), i.e. ||x_r||^2 / 2 -
 * x_r . target. The mean and the target are kept in float64 (a float32 sum
 * over thousands of rows drifts enough to change picks at near-ties); the
 * scan reads a float32 copy of the target. scratch: 5 cols + rows floats
 * (two float64 vectors, then the float32 target, then the costs).
 */
export function herdingSelect(x: usize, rows: i32, cols: i32, k: i32, scratch: usize, picks: usize): void {
  const mean = scratch;
  const target64 = scratch + (<usize>cols << 3);
  const target = scratch + (<usize>cols << 4);
  const cost = at(target, cols);
  for (let c = 0; c < cols; c++) store<f64>(mean + (<usize>c << 3), 0);
  for (let r = 0; r < rows; r++) {
    const row = at(x, r * cols);
    for (let c = 0; c < cols; c++) {
      const slot = mean + (<usize>c << 3);
      store<f64>(slot, load<f64>(slot) + <f64>load<f32>(at(row, c)));
    }
    store<f32>(at(cost, r), <f32>0.5 * dot(row, row, cols));
  }
  for (let c = 0; c < cols; c++) {
    const value = load<f64>(mean + (<usize>c << 3)) / <f64>rows;
    store<f64>(mean + (<usize>c << 3), value);
    store<f64>(target64 + (<usize>c << 3), value);
    store<f32>(at(target, c), <f32>value);
  }
  for (let t = 0; t < k; t++) {
    let best = -1;
    let bestValue: f32 = Infinity;
    for (let r = 0; r < rows; r++) {
      const value = load<f32>(at(cost, r)) - dot(at(x, r * cols), target, cols);
      if (value < bestValue) {
        bestValue = value;
        best = r;
      }
    }
    store<i32>(picks + (<usize>t << 2), best);
    // A picked row costs +Infinity from now on.
    store<f32>(at(cost, best), Infinity);
    const row = at(x, best * cols);
    for (let c = 0; c < cols; c++) {
      const slot = target64 + (<usize>c << 3);
      const next = load<f64>(slot) + load<f64>(mean + (<usize>c << 3)) - <f64>load<f32>(at(row, c));
      store<f64>(slot, next);
      store<f32>(at(target, c), <f32>next);
    }
  }
}

/**
 * k-center greedy from row `first`: each next pick is the row farthest
 * (squared distance) from everything picked. Picked rows hold -1 in
 * `nearest`, so they are never the farthest. scratch: 2 rows floats.
 */
export function kCenterSelect(x: usize, rows: i32, cols: i32, k: i32, first: i32, scratch: usize, picks: usize): void {
  const norms = scratch;
  const nearest = at(scratch, rows);
  for (let r = 0; r < rows; r++) {
    const row = at(x, r * cols);
    store<f32>(at(norms, r), dot(row, row, cols));
    store<f32>(at(nearest, r), Infinity);
  }
  let pick = first;
  for (let t = 0; t < k; t++) {
    store<i32>(picks + (<usize>t << 2), pick);
    store<f32>(at(nearest, pick), -1);
    if (t + 1 === k) break;
    const centre = at(x, pick * cols);
    const centreNorm = load<f32>(at(norms, pick));
    let farthest = -1;
    let farthestValue: f32 = -Infinity;
    for (let r = 0; r < rows; r++) {
      let value = load<f32>(at(nearest, r));
      if (value >= 0) {
        let distance = load<f32>(at(norms, r)) + centreNorm - <f32>2 * dot(at(x, r * cols), centre, cols);
        if (distance < 0) distance = 0;
        if (distance < value) {
          value = distance;
          store<f32>(at(nearest, r), value);
        }
      }
      if (value > farthestValue) {
        farthestValue = value;
        farthest = r;
      }
    }
    pick = farthest;
  }
}

/**
 * Facility location's lazy greedy, evaluated here on the table of squared
 * distances [rows, rows]: for each of `count` candidate rows (i32 indices),
 * gains[c] = sum_r max(0, nearest[r] - distances[c, r]), the objective's
 * increase if c were picked; nearest[r] is row r's squared distance to its
 * nearest pick.
 */
export function facilityGains(distances: usize, rows: i32, nearest: usize, candidates: usize, count: i32, gains: usize): void {
  const r4 = rows & ~3;
  const zero = f32x4.splat(0);
  for (let c = 0; c < count; c++) {
    const row = at(distances, load<i32>(candidates + (<usize>c << 2)) * rows);
    let sum = f32x4.splat(0);
    let r = 0;
    for (; r < r4; r += 4) sum = f32x4.add(sum, f32x4.max(f32x4.sub(v128.load(at(nearest, r)), v128.load(at(row, r))), zero));
    let gain = f32x4.extract_lane(sum, 0) + f32x4.extract_lane(sum, 1) + f32x4.extract_lane(sum, 2) + f32x4.extract_lane(sum, 3);
    for (; r < rows; r++) {
      const closer = load<f32>(at(nearest, r)) - load<f32>(at(row, r));
      if (closer > 0) gain += closer;
    }
    store<f32>(at(gains, c), gain);
  }
}

/** Row j is picked: nearest[r] = min(nearest[r], distances[j, r]). */
export function facilityPick(distances: usize, rows: i32, nearest: usize, j: i32): void {
  const row = at(distances, j * rows);
  const r4 = rows & ~3;
  let r = 0;
  for (; r < r4; r += 4) v128.store(at(nearest, r), f32x4.min(v128.load(at(nearest, r)), v128.load(at(row, r))));
  for (; r < rows; r++) store<f32>(at(nearest, r), Mathf.min(load<f32>(at(nearest, r)), load<f32>(at(row, r))));
}

/** row[0, n) += src[0, n). */
function addRow(row: usize, src: usize, n: i32): void {
  const n4 = n & ~3;
  let k = 0;
  for (; k < n4; k += 4) v128.store(at(row, k), f32x4.add(v128.load(at(row, k)), v128.load(at(src, k))));
  for (; k < n; k++) store<f32>(at(row, k), load<f32>(at(row, k)) + load<f32>(at(src, k)));
}

/**
 * Embedding bag, the text model's pooling: out[b] = the sum of the table
 * rows ids[b, p] over the positions p whose id is above 0 (0 pads). One pass
 * over the ids instead of gathering [batch, length, dim], masking and
 * summing it. table [rows, dim] f32, ids [batch, length] i32 (each in
 * [0, rows), checked by the caller), out [batch, dim] f32.
 */
export function embeddingBagSum(table: usize, ids: usize, out: usize, batch: i32, length: i32, dim: i32): void {
  for (let b = 0; b < batch; b++) {
    const row = at(out, b * dim);
    for (let k = 0; k < dim; k++) store<f32>(at(row, k), 0);
    const tokens = at(ids, b * length);
    for (let p = 0; p < length; p++) {
      const id = load<i32>(at(tokens, p));
      if (id > 0) addRow(row, at(table, id * dim), dim);
    }
  }
}

/**
 * Its gradient for the table: grad[r] = the sum of dy[b] over the positions
 * where ids[b, p] = r > 0; every other row is 0. dy [batch, dim], grad
 * [rows, dim], both f32.
 */
export function embeddingBagGradient(dy: usize, ids: usize, grad: usize, rows: i32, batch: i32, length: i32, dim: i32): void {
  const zero = f32x4.splat(0);
  const size = rows * dim;
  const size4 = size & ~3;
  let k = 0;
  for (; k < size4; k += 4) v128.store(at(grad, k), zero);
  for (; k < size; k++) store<f32>(at(grad, k), 0);
  for (let b = 0; b < batch; b++) {
    const upstream = at(dy, b * dim);
    const tokens = at(ids, b * length);
    for (let p = 0; p < length; p++) {
      const id = load<i32>(at(tokens, p));
      if (id > 0) addRow(at(grad, id * dim), upstream, dim);
    }
  }
}
