import type { ModelSpec } from '../settings/config';

/** A model as a table names it: "mlp (width 256, depth 1)", its settings in the order its spec lists them. */
export function modelLabel({ name, ...settings }: ModelSpec): string {
  const parts = Object.entries(settings).map(([key, value]) => `${key} ${String(value)}`);
  return parts.length > 0 ? `${name} (${parts.join(', ')})` : name;
}
