/** The augmentations the lab knows (the mixing family, and dsa's transforms); adding one is one file and one line here. */
import type { AugmentationEntry } from '../contracts/augmentation';
import { mixup } from './mixup';
import { cutmix } from './cutmix';
import { fmix } from './fmix';
import { resizemix } from './resizemix';
import { saliencymix } from './saliencymix';
import { manifoldMixup } from './manifold-mixup';
import { wordMixup } from './word-mixup';
import { senMixup } from './sen-mixup';
import { dsa } from './dsa';

export const AUGMENTATIONS: AugmentationEntry[] = [
  mixup,
  cutmix,
  fmix,
  resizemix,
  saliencymix,
  manifoldMixup,
  wordMixup,
  senMixup,
  dsa,
];

export function augmentationEntry(id: string): AugmentationEntry {
  const entry = AUGMENTATIONS.find((a) => a.id === id);
  if (!entry) throw new Error(`unknown augmentation "${id}"; allowed: ${AUGMENTATIONS.map((a) => a.id).join(', ')}`);
  return entry;
}
