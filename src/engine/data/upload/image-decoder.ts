/**
 * How an upload's images become pixels. The decoding itself is the
 * browser's (browser-image-decoder.ts, in the worker); the engine only sees
 * this function type, so tests can hand it a fake.
 */

export const COLOURS = ['grey', 'rgb'] as const;
export type Colour = (typeof COLOURS)[number];

export const channelsOf = (colour: Colour): number => (colour === 'grey' ? 1 : 3);

export interface DecodedImage {
  /** The image's own size, before resizing. */
  width: number;
  height: number;
  /** `size x size x channels` bytes, rows top to bottom: the image resized, in grey or RGB. */
  pixels: Uint8Array;
}

/** Decodes one image file's bytes and resizes it to `size x size`; throws where the bytes are not an image it can read. */
export type ImageDecoder = (bytes: Uint8Array, size: number, colour: Colour) => Promise<DecodedImage>;

/** RGBA bytes (a canvas's) as grey (Rec. 601 luma) or RGB bytes. */
export function pixelsFromRgba(rgba: Uint8ClampedArray | Uint8Array, colour: Colour): Uint8Array {
  const count = rgba.length / 4;
  if (colour === 'rgb') {
    const rgb = new Uint8Array(count * 3);
    for (let i = 0; i < count; i++) rgb.set(rgba.subarray(i * 4, i * 4 + 3), i * 3);
    return rgb;
  }
  const grey = new Uint8Array(count);
  for (let i = 0; i < count; i++)
    grey[i] = Math.round(0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]);
  return grey;
}
