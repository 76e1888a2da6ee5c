/**
 * Mixes inside the model (Manifold Mixup, the text mixes): the inputs stay as
 * they are, and the model blends its activations at one of its mix points.
 */
import type { Augmentation } from '../contracts/augmentation';
import { drawMix, type MixingSettings, mixing } from './mixing';

/**
 * An augmentation `id` that blends at one of the points `eligible` picks out
 * of the model's mix points, drawn uniformly per mixed batch.
 */
export function hiddenMixing(
  id: string,
  settings: MixingSettings,
  eligible: (points: readonly string[]) => readonly string[],
): Augmentation {
  return mixing(
    settings,
    (rng, batchSize, model) => {
      const points = model.mixPoints ?? [];
      const candidates = eligible(points);
      // Checked on every batch, mixed or not, so that a model it cannot mix fails at the first step.
      if (candidates.length === 0) {
        throw new Error(
          `${id} blends inside the model, which has no point it can blend at (the model's mix points: ${points.join(', ') || 'none'})`,
        );
      }
      return { ...drawMix(settings, rng, batchSize), candidates };
    },
    ({ x }, { lambda, candidates }, partner, rng) => ({
      x,
      partner,
      lambda,
      hidden: { at: candidates[rng.int(candidates.length)], lambda, partner },
    }),
  );
}
