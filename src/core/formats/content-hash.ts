/**
 * A short hash of some bytes, for ids that name content: the same content
 * gets the same id, so opening it twice is one dataset.
 */

/** 16 hex digits from two 32-bit FNV-1a lanes with different offsets: plenty to tell a session's datasets apart. */
export function contentHash(parts: readonly Uint8Array[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      a = Math.imul(a ^ part[i], 0x01000193);
      b = Math.imul(b ^ part[i], 0x01000193) ^ (b >>> 15);
    }
    // A separator, so that moving bytes from one part to the next changes the hash.
    a = Math.imul(a ^ 0xff, 0x01000193);
    b = Math.imul(b ^ 0xff, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The bytes behind a typed array's view (no copy). */
export const bytesOf = (array: ArrayBufferView): Uint8Array =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
