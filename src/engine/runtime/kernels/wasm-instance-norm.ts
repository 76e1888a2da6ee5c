/**
 * The fused instance norm (+ ReLU) kernels on the wasm backend, one pass per
 * statistic and one to write each way, from the lab's SIMD module. Without
 * the module nothing is registered and the op stays composed of tfjs kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { INSTANCE_NORM, INSTANCE_NORM_GRAD, type InstanceNormAttrs } from '../ops/instance-norm';
import { address, loadedSimdKernels, type WasmBackendInternals } from './wasm-simd';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Info = tf.TensorInfo;

function instanceNorm({ inputs, backend, attrs }: KernelArgs): Info {
  const b = backend as unknown as WasmBackendInternals;
  const { x, gamma, beta } = inputs as { x: Info; gamma: Info; beta: Info };
  const { epsilon, relu } = attrs as unknown as InstanceNormAttrs;
  const [n, h, w, c] = x.shape;
  const y = b.makeOutput(x.shape, 'float32');
  const scratch = b.makeOutput([2 * c], 'float32');
  const at = (t: Info) => address(b, t);
  loadedSimdKernels(b).instanceNormForward(at(x), at(gamma), at(beta), at(y), at(scratch), n, h * w, c, epsilon, relu);
  b.disposeData(scratch.dataId);
  return y;
}

function instanceNormGrad({ inputs, backend, attrs }: KernelArgs): Info[] {
  const b = backend as unknown as WasmBackendInternals;
  const { dy, x, gamma, beta } = inputs as { dy: Info; x: Info; gamma: Info; beta: Info };
  const { epsilon, relu } = attrs as unknown as InstanceNormAttrs;
  const [n, h, w, c] = x.shape;
  const dx = b.makeOutput(x.shape, 'float32');
  const dgamma = b.makeOutput([c], 'float32');
  const dbeta = b.makeOutput([c], 'float32');
  const scratch = b.makeOutput([4 * c], 'float32');
  const at = (t: Info) => address(b, t);
  loadedSimdKernels(b).instanceNormBackward(
    at(dy),
    at(x),
    at(gamma),
    at(beta),
    at(dx),
    at(dgamma),
    at(dbeta),
    at(scratch),
    n,
    h * w,
    c,
    epsilon,
    relu,
  );
  b.disposeData(scratch.dataId);
  return [dx, dgamma, dbeta];
}

/** Registers the fused kernels for wasm (once the SIMD module has loaded). Idempotent. */
export function installWasmInstanceNorm(): void {
  if (tf.getKernel(INSTANCE_NORM, 'wasm')) return;
  tf.registerKernel({ kernelName: INSTANCE_NORM, backendName: 'wasm', kernelFunc: instanceNorm });
  tf.registerKernel({
    kernelName: INSTANCE_NORM_GRAD,
    backendName: 'wasm',
    kernelFunc: instanceNormGrad as unknown as tf.KernelFunc,
  });
}
