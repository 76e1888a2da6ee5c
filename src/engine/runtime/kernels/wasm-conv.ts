/**
 * ConvNet gradients on the wasm backend. tfjs-backend-wasm 4.22 has no
 * Conv2DBackpropFilter, and its native Conv2DBackpropInput and AvgPoolGrad
 * are plain loops that dominate a training step. Each is rewritten here in
 * terms of kernels wasm runs fast (XNNPACK Conv2D and Transpose, or the lab's
 * own SIMD kernels); cases the rewrites do not cover keep the native kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { replaceKernel } from './replace-kernel';
import { WasmScope } from './wasm-scope';
import { address, simdKernels, type SimdKernels, type WasmBackendInternals } from './wasm-simd';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Info = tf.TensorInfo;
type Backend = KernelArgs['backend'];
type Shape4 = [number, number, number, number];
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

interface ConvGradAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode: Rounding;
}

/**
 * Geometry of one spatial axis of a stride-1 convolution over `length`
 * positions with a filter spanning `span` positions (dilation included) and
 * `before` positions of padding in front, which must yield `out` positions:
 * the padding behind follows. Negative padding becomes a crop, since the wasm
 * Conv2D takes only non-negative pads.
 */
interface Axis {
  begin: number;
  size: number;
  before: number;
  after: number;
}

function fitAxis(length: number, span: number, before: number, out: number): Axis {
  const after = out + span - 1 - length - before;
  const begin = Math.max(0, -before);
  const end = length - Math.max(0, -after);
  return { begin, size: end - begin, before: Math.max(0, before), after: Math.max(0, after) };
}

/** Per-axis (before, after) pairs as an attribute; the attribute type omits nested arrays, which the kernels read. */
function pairs(values: [number, number][]): number[] {
  return values as unknown as number[];
}

/** Slices rows/columns of an NHWC tensor where the geometry crops them. */
function crop(scope: WasmScope, x: Info, rows: Axis, cols: Axis): Info {
  const [n, h, w, c] = x.shape;
  if (rows.size === h && cols.size === w) return x;
  return scope.run('Slice', { x }, { begin: [0, rows.begin, cols.begin, 0], size: [n, rows.size, cols.size, c] });
}

/** A stride-1 XNNPACK convolution of an already cropped x with explicit, possibly asymmetric, padding. */
function conv(scope: WasmScope, x: Info, filter: Info, rows: Axis, cols: Axis, dilations: [number, number]): Info {
  const pad = pairs([
    [0, 0],
    [rows.before, rows.after],
    [cols.before, cols.after],
    [0, 0],
  ]);
  return scope.run('Conv2D', { x, filter }, { strides: 1, pad, dataFormat: 'NHWC', dilations });
}

function requireNHWC(kernelName: string, dataFormat: string): void {
  if (dataFormat !== 'NHWC') throw new Error(`wasm ${kernelName} supports NHWC only, got ${dataFormat}`);
}

function forwardInfo(xShape: number[], filterShape: number[], attrs: ConvGradAttrs) {
  return tf.backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

/**
 * dW[p,q,i,o] = sum_{n,a,b} x[n, a*s - top + p, b*s - left + q, i] * dy[n,a,b,o].
 * A first layer (few input channels, stride 1) goes to the lab's SIMD kernel,
 * which reads x and dy once. Otherwise it is a convolution on XNNPACK, which
 * packs dy as its filter anew on every call (about 10 ns per value); for a
 * first layer that packing alone cost more than the SIMD kernel's whole run.
 */
function conv2dBackpropFilter({ inputs, backend, attrs }: KernelArgs): Info {
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as unknown as ConvGradAttrs & { filterShape: number[] };
  requireNHWC('Conv2DBackpropFilter', a.dataFormat);
  const info = forwardInfo(x.shape, a.filterShape, a);
  const simd = simdKernels(backend);
  const stride1 = info.strideHeight === 1 && info.strideWidth === 1;
  const firstLayer = info.filterHeight * info.filterWidth * info.inChannels <= info.outChannels;
  if (simd && stride1 && firstLayer) return filterGradBySimd(simd, x, dy, info, backend);
  const scope = new WasmScope(backend);
  return scope.finish(filterGradByConv(scope, x, dy, info));
}

function filterGradBySimd(
  simd: SimdKernels,
  x: Info,
  dy: Info,
  info: tf.backend_util.Conv2DInfo,
  backend: Backend,
): Info {
  const b = backend as unknown as WasmBackendInternals;
  const dw = b.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, info.outChannels], 'float32');
  simd.convFilterGradient(
    address(b, x),
    address(b, dy),
    address(b, dw),
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.padInfo.top,
    info.padInfo.left,
  );
  return dw;
}

/**
 * x seen as [C_in, H, W, N] (channels as batch, batch as channels) convolved,
 * at stride 1 and dilated by the forward stride, with dy seen as the filter
 * [OH, OW, N, C_out]. The output [C_in, fh, fw, C_out] is transposed to the
 * filter layout. dy is the packed operand.
 */
function filterGradByConv(scope: WasmScope, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo): Info {
  const [, outH, outW] = dy.shape;
  const { strideHeight: sh, strideWidth: sw } = info;
  const rows = fitAxis(info.inHeight, (outH - 1) * sh + 1, info.padInfo.top, info.filterHeight);
  const cols = fitAxis(info.inWidth, (outW - 1) * sw + 1, info.padInfo.left, info.filterWidth);
  const xT = scope.run('Transpose', { x: crop(scope, x, rows, cols) }, { perm: [3, 1, 2, 0] });
  const dyT = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const dW = conv(scope, xT, dyT, rows, cols, [sh, sw]);
  return scope.run('Transpose', { x: dW }, { perm: [1, 2, 0, 3] });
}

/**
 * For stride 1, dx[n,a,b,i] = sum_{p,q,o} dy[n, a + top - p, b + left - q, o] * W[p,q,i,o]:
 * a convolution of dy with W reversed in space and with its channel axes
 * swapped, padded by fh - 1 - top in front.
 */
function conv2dBackpropInputStride1(dy: Info, filter: Info, info: tf.backend_util.Conv2DInfo, backend: Backend): Info {
  const { filterHeight: fh, filterWidth: fw } = info;
  const rows = fitAxis(info.outHeight, fh, fh - 1 - info.padInfo.top, info.inHeight);
  const cols = fitAxis(info.outWidth, fw, fw - 1 - info.padInfo.left, info.inWidth);
  const scope = new WasmScope(backend);
  // Both spatial axes reversed at once, as the filter's fh * fw positions in reverse order: one gather of rows
  // (wasm's own Reverse took 0.24 ms on a 3x3x32x32 filter, a tenth of the convolution it feeds).
  const [, , inChannels, outChannels] = filter.shape;
  const positions = scope.reshape(filter, [fh * fw, inChannels, outChannels]);
  const backwards = scope.indices(Array.from({ length: fh * fw }, (_, k) => fh * fw - 1 - k));
  const gathered = scope.run('GatherV2', { x: positions, indices: backwards }, { axis: 0, batchDims: 0 });
  const reversed = scope.reshape(gathered, filter.shape);
  const swapped = scope.run('Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
  return scope.finish(conv(scope, crop(scope, dy, rows, cols), swapped, rows, cols, [1, 1]));
}

function makeConv2dBackpropInput(native: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { dy, filter } = args.inputs as { dy: Info; filter: Info };
    const a = args.attrs as unknown as ConvGradAttrs & { inputShape: number[] };
    if (a.dataFormat !== 'NHWC') return native(args);
    const info = forwardInfo(a.inputShape, filter.shape, a);
    // Stride > 1 would need dy dilated with zeros first; the native kernel stays.
    if (info.strideHeight !== 1 || info.strideWidth !== 1) return native(args);
    return conv2dBackpropInputStride1(dy, filter, info, args.backend);
  };
}

/**
 * When the pooling windows tile the input (window = stride, no padding), each
 * input position receives its window's dy divided by the window's size, and
 * positions past the last window (odd sizes) zero: one pass of the lab's SIMD
 * kernel. Other pooling, or no SIMD module, keeps the native kernel.
 */
function makeAvgPoolGrad(native: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { dy, input } = args.inputs as { dy: Info; input: Info };
    const { filterSize, strides, pad } = args.attrs as unknown as {
      filterSize: number | [number, number];
      strides: number | [number, number];
      pad: Pad;
    };
    const info = tf.backend_util.computePool2DInfo(input.shape as Shape4, filterSize, strides, 1, pad);
    const { filterHeight: fh, filterWidth: fw } = info;
    const { top, bottom, left, right } = info.padInfo;
    const tiled = fh === info.strideHeight && fw === info.strideWidth && top + bottom + left + right === 0;
    const simd = simdKernels(args.backend);
    if (!tiled || !simd) return native(args);
    const b = args.backend as unknown as WasmBackendInternals;
    const dx = b.makeOutput(input.shape, 'float32');
    simd.avgPoolGradTiled(
      address(b, dy),
      address(b, dx),
      info.batchSize,
      info.inHeight,
      info.inWidth,
      info.inChannels,
      info.outHeight,
      info.outWidth,
      fh,
      fw,
    );
    return dx;
  };
}

/** Installs the composed conv/pool gradient kernels for wasm; call before the backend is set. Idempotent. */
export function installWasmConvKernels(): void {
  replaceKernel('Conv2DBackpropFilter', 'wasm', () => conv2dBackpropFilter);
  replaceKernel('Conv2DBackpropInput', 'wasm', makeConv2dBackpropInput);
  replaceKernel('AvgPoolGrad', 'wasm', makeAvgPoolGrad);
}
