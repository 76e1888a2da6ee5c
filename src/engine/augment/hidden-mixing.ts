/**
 * Mixes inside the model (Manifold Mixup, the text mixes): the inputs stay as
 * they are, and the model blends its activations at one of its mix points.
 */
import type { Augmentation } from '../contracts/augmentation';
import { decoupledWeight, drawMix, partnerTensor } from './mixing';

/**
 * An augmentation `id` that blends at one of the points `eligible` picks out
 * of the model's mix points, drawn uniformly per mixed batch.
 */
export function hiddenMixing(
  id: string,
  params: Record<string, unknown>,
  eligible: (points: readonly string[]) => readonly string[],
): Augmentation {
  return {
    decoupledWeight: decoupledWeight(params),
    mix({ x }, rng, model) {
      const points = model.mixPoints ?? [];
      const candidates = eligible(points);
      // Checked on every batch, mixed or not, so that a model it cannot mix fails at the first step.
      if (candidates.length === 0) {
        throw new Error(
          `${id} blends inside the model, which has no point it can blend at (the model's mix points: ${points.join(', ') || 'none'})`,
        );
      }
      const draw = drawMix(params, rng, x.shape[0]);
      const partner = partnerTensor(draw);
      if (draw.lambda === 1) return { x, partner, lambda: 1 };
      const hidden = { at: candidates[rng.int(candidates.length)], lambda: draw.lambda, partner };
      return { x, partner, lambda: draw.lambda, hidden };
    },
  };
}
