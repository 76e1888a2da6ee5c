/** The methods the lab knows; adding one is one file and one line here. */
import type { MethodEntry } from '../contracts/method';
import { full } from './select/full';
import { random } from './select/random';
import { rs2 } from './select/rs2';
import { fullShort } from './select/full-short';
import { herding } from './select/herding';
import { kcenter } from './select/kcenter';
import { kmeans } from './select/kmeans';
import { facility } from './select/facility';
import { el2n } from './select/el2n';
import { grand } from './select/grand';
import { forgetting } from './select/forgetting';
import { leastConfidence } from './select/least-confidence';
import { margin } from './select/margin';
import { entropy } from './select/entropy';
import { dm } from './distill/dm';
import { dc } from './distill/dc';
import { dsa } from './distill/dsa';
import { datm } from './distill/datm';
import { mtt } from './distill/mtt';

export const METHODS: MethodEntry[] = [
  full,
  random,
  rs2,
  fullShort,
  herding,
  kcenter,
  kmeans,
  facility,
  el2n,
  grand,
  forgetting,
  leastConfidence,
  margin,
  entropy,
  dm,
  dc,
  dsa,
  mtt,
  datm,
];

export function methodEntry(id: string): MethodEntry {
  const entry = METHODS.find((m) => m.id === id);
  if (!entry) throw new Error(`unknown method "${id}"; allowed: ${METHODS.map((m) => m.id).join(', ')}`);
  return entry;
}
