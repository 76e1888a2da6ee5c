/**
 * tfjs keeps a copy (Identity) of every tensor a gradient needs, and gradients
 * cast float32 to float32; the wasm backend copies the whole buffer for both,
 * about a tenth of a ConvNet step. The backend counts references to its
 * buffers (Reshape already shares them), so these kernels share the buffer
 * too, as the cpu backend does. No wasm kernel writes into its inputs.
 */
import type * as tf from '@tensorflow/tfjs';
import { replaceKernel } from './replace-kernel';

type Info = tf.TensorInfo;

function share(x: Info, backend: tf.KernelBackend): Info {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function installWasmSharedCopies(): void {
  replaceKernel('Identity', 'wasm', (native) => (args) => {
    const { x } = args.inputs as { x: Info };
    return x.dtype === 'string' ? native(args) : share(x, args.backend as tf.KernelBackend);
  });
  replaceKernel('Cast', 'wasm', (native) => (args) => {
    const { x } = args.inputs as { x: Info };
    const { dtype } = args.attrs as { dtype: tf.DataType };
    return dtype === x.dtype ? share(x, args.backend as tf.KernelBackend) : native(args);
  });
}
