/**
 * What the upload tests share: files made in the test (fake PNGs, which a
 * fake decoder reads as the browser's would), and reading or refusing them.
 */
import { zipSync, type Zippable } from 'fflate';
import { expect } from 'vitest';
import type { ImageDecoder } from '../../../../src/engine/data/upload/image-decoder';
import { readImageHeader } from '../../../../src/engine/data/upload/image-size';
import { readUpload, type ReadUploadOptions, type UploadOptions } from '../../../../src/engine/data/upload/read-upload';

export const utf8 = (text: string) => new TextEncoder().encode(text);

/** The start of a PNG (signature and IHDR sides), then one byte: the fake image's grey level. */
export function fakePng(width: number, height: number, grey = 128): Uint8Array {
  const bytes = new Uint8Array(34);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes[33] = grey;
  return bytes;
}

/** Decodes fakePng's bytes: its sides, and every pixel its grey level. Anything else it cannot read, like a browser. */
export const fakeDecoder: ImageDecoder = async (bytes, size, colour) => {
  const header = readImageHeader(bytes);
  if (header?.format !== 'PNG' || bytes.length < 34) throw new Error('the browser could not decode it');
  return {
    width: header.width,
    height: header.height,
    pixels: new Uint8Array(size * size * (colour === 'grey' ? 1 : 3)).fill(bytes[33]),
  };
};

export const zip = (files: Zippable) => zipSync(files);

/** `perClass` fake 28x28 images in each class folder. */
export function classFolders(classes: string[], perClass = 3, top = ''): Zippable {
  return Object.fromEntries(
    classes.flatMap((c, k) =>
      Array.from({ length: perClass }, (_, i) => [`${top}${c}/${i}.png`, fakePng(28, 28, 40 * k + i)]),
    ),
  );
}

export const read = (
  name: string,
  content: string | Uint8Array,
  options: UploadOptions = {},
  extra: ReadUploadOptions = {},
) => readUpload(name, typeof content === 'string' ? utf8(content) : content, options, fakeDecoder, extra);

/** The message an upload is refused with. */
export async function refusal(
  name: string,
  content: string | Uint8Array,
  options: UploadOptions = {},
  extra: ReadUploadOptions = {},
): Promise<string> {
  const error = await read(name, content, options, extra).then(
    () => new Error('the upload was accepted'),
    (e: Error) => e,
  );
  expect(error.name).toBe('UploadError');
  return error.message;
}
