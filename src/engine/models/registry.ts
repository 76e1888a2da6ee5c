/** The models the lab knows; adding one is one file and one line here. */
import type { ModelEntry } from './model';
import { mlp } from './mlp';
import { convnet } from './convnet';
import { text } from './text';

export const MODELS: ModelEntry[] = [mlp, convnet, text];

export function modelEntry(id: string): ModelEntry {
  const entry = MODELS.find((m) => m.id === id);
  if (!entry) throw new Error(`unknown model "${id}"; allowed: ${MODELS.map((m) => m.id).join(', ')}`);
  return entry;
}
