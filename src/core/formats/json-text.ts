/**
 * JSON text of what the lab writes out (results, exports): typed arrays,
 * which the engine keeps numbers in to post and store them cheaply, are
 * written as plain arrays of numbers, as JSON readers expect.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (_, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v), 2)}\n`;
}
