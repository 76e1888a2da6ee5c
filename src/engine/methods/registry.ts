/** The methods the lab knows; adding one is one file and one line here. */
import type { MethodEntry } from './method';
import { full } from './select/full';
import { random } from './select/random';
import { rs2 } from './select/rs2';
import { fullShort } from './select/full-short';

export const METHODS: MethodEntry[] = [full, random, rs2, fullShort];

export function methodEntry(id: string): MethodEntry {
  const entry = METHODS.find((m) => m.id === id);
  if (!entry) throw new Error(`unknown method "${id}"; allowed: ${METHODS.map((m) => m.id).join(', ')}`);
  return entry;
}
