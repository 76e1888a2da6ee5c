/**
 * Float32 values as standard base64 of their little-endian bytes: how a
 * dataset file holds its examples. Pure (no DOM, no Node), so that the
 * page, the worker and the CLI code and decode alike.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Standard base64, with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let out = '';
    for (let i = start; i < end; i += 3) {
      const b0 = bytes[i];
      const b1 = i + 1 < end ? bytes[i + 1] : 0;
      const b2 = i + 2 < end ? bytes[i + 2] : 0;
      out += ALPHABET[b0 >> 2] + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)];
      out += i + 1 < end ? ALPHABET[((b1 & 15) << 2) | (b2 >> 6)] : '=';
      out += i + 2 < end ? ALPHABET[b2 & 63] : '=';
    }
    parts.push(out);
  }
  return parts.join('');
}

/** Decodes standard base64 (with padding; no line breaks); null where the text is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const c = [0, 1, 2, 3].map((k) => {
      const code = text.charCodeAt(i + k);
      if (last && text[i + k] === '=' && k >= 4 - padding) return 0;
      return code < 128 ? DECODE[code] : -1;
    });
    if (c.some((d) => d < 0)) return null;
    const word = (c[0] << 18) | (c[1] << 12) | (c[2] << 6) | c[3];
    bytes[o++] = word >> 16;
    if (o < bytes.length) bytes[o++] = (word >> 8) & 255;
    if (o < bytes.length) bytes[o++] = word & 255;
  }
  return bytes;
}

/** The values as float32, little-endian. */
export function floatBytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** Little-endian float32 bytes (a whole number of values) as the values. */
export function floatsOf(bytes: Uint8Array): Float32Array {
  const values = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
