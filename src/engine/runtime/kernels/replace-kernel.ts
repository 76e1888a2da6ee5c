/**
 * Puts the lab's version of a kernel in place of a backend's own, handing it
 * the native kernel (if any) to fall back on. The native config, and its
 * setupFunc that the fallback needs at backend start, is kept. Installing the
 * same replacement twice changes nothing.
 */
import * as tf from '@tensorflow/tfjs';

/** Marks the lab's kernel functions. */
const REPLACED = Symbol.for('lab.replacedKernel');

type Marked = tf.KernelFunc & { [REPLACED]?: boolean };

export function replaceKernel(
  kernelName: string,
  backendName: string,
  compose: (native: tf.KernelFunc) => tf.KernelFunc,
): void {
  const native = tf.getKernel(kernelName, backendName);
  if ((native?.kernelFunc as Marked | undefined)?.[REPLACED]) return;
  const missing = () => {
    throw new Error(`the ${backendName} backend has no native ${kernelName} kernel`);
  };
  const kernelFunc: Marked = compose(native?.kernelFunc ?? missing);
  kernelFunc[REPLACED] = true;
  if (native) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ ...native, kernelName, backendName, kernelFunc });
}
