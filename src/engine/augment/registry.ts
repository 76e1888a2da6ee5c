/** The mixing augmentations the lab knows; adding one is one file and one line here. */
import type { AugmentationEntry } from './augmentation';
import { mixup } from './mixup';

export const AUGMENTATIONS: AugmentationEntry[] = [mixup];

export function augmentationEntry(id: string): AugmentationEntry {
  const entry = AUGMENTATIONS.find((a) => a.id === id);
  if (!entry) throw new Error(`unknown augmentation "${id}"; allowed: ${AUGMENTATIONS.map((a) => a.id).join(', ')}`);
  return entry;
}
