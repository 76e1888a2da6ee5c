/**
 * UnsortedSegmentSum is the gradient of every embedding lookup (gather).
 * tfjs's cpu kernel loops over segments (minutes for a 20k-word vocabulary)
 * and wasm has none at all, so text models could not train there. A segment
 * sum is a scatter-add of the rows to their segment ids, which both backends
 * run natively.
 */
import * as tf from '@tensorflow/tfjs';
import { replaceKernel } from './replace-kernel';

type Info = tf.TensorInfo;

export function installSegmentSumViaScatter(backendName: 'cpu' | 'wasm'): void {
  const scatter = tf.getKernel('ScatterNd', backendName);
  const reshape = tf.getKernel('Reshape', backendName);
  if (!scatter || !reshape) return;

  replaceKernel('UnsortedSegmentSum', backendName, () => ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: Info; segmentIds: Info };
    const { numSegments } = attrs as unknown as { numSegments: number };
    // Each id becomes a 1-element index into the first output dimension.
    const indices = reshape.kernelFunc({
      inputs: { x: segmentIds },
      backend,
      attrs: { shape: [...segmentIds.shape, 1] },
    }) as Info;
    const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    const out = scatter.kernelFunc({ inputs: { indices, updates: x }, backend, attrs: { shape } });
    (backend as tf.KernelBackend).disposeData(indices.dataId);
    return out;
  });
}
