/**
 * An image's width and height read from its header, before anything decodes
 * it: a small file can claim a huge picture, and the browser would allocate
 * all of it. PNG, JPEG, WebP and GIF, the formats an upload may hold.
 */

export interface ImageHeader {
  format: 'PNG' | 'JPEG' | 'WebP' | 'GIF';
  width: number;
  height: number;
}

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));
const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u16le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u24le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

/** The header's size, or null where the bytes are not (the start of) one of the four formats. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length >= 24 && ascii(bytes, 0, '\x89PNG\r\n\x1a\n') && ascii(bytes, 12, 'IHDR')) {
    return { format: 'PNG', width: u32be(bytes, 16), height: u32be(bytes, 20) };
  }
  if (bytes.length >= 10 && (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a'))) {
    return { format: 'GIF', width: u16le(bytes, 6), height: u16le(bytes, 8) };
  }
  if (bytes.length >= 30 && ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return webpHeader(bytes);
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegHeader(bytes);
  return null;
}

function webpHeader(b: Uint8Array): ImageHeader | null {
  const size = (width: number, height: number): ImageHeader => ({ format: 'WebP', width, height });
  // Lossy: a key frame's start code, then 14-bit sides.
  if (ascii(b, 12, 'VP8 ') && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)
    return size(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  // Lossless: a signature byte, then sides less one in 14 bits each.
  if (ascii(b, 12, 'VP8L') && b[20] === 0x2f) {
    const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
    return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  // Extended: the canvas, sides less one in 24 bits each.
  if (ascii(b, 12, 'VP8X')) return size(u24le(b, 24) + 1, u24le(b, 27) + 1);
  return null;
}

/** The first start-of-frame segment's sides; segments before it are skipped by their lengths. */
function jpegHeader(b: Uint8Array): ImageHeader | null {
  let at = 2;
  while (at + 9 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    // Start of frame: every SOFn but DHT (c4), JPG (c8) and DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'JPEG', width: u16be(b, at + 7), height: u16be(b, at + 5) };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame
    at += 2 + u16be(b, at + 2);
  }
  return null;
}
