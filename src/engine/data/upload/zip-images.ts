/**
 * A zip of class folders of images: `cats/1.png`, `dogs/a.jpg`, ... (or the
 * same inside one top folder). The class is the folder that holds the
 * image. The archive is read as a stream, so every byte it unpacks is
 * counted as it appears: an archive that would unpack past the limits stops
 * there, whatever its headers claim.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { ReadExamples, UploadProgress } from './examples';
import { channelsOf, type Colour, type ImageDecoder } from './image-decoder';
import { readImageHeader } from './image-size';
import { Labels } from './labels';
import { grouped, mib, type ImageSize, type UploadLimits } from './limits';
import { checkEntryName, isJunk, quoted } from './names';
import { fail } from './upload-error';

export interface ImageOptions {
  /** Every image is resized to size x size pixels. */
  size: ImageSize;
  colour: Colour;
}

/** Compressed bytes fed to the unzipper at a time: deflate expands at most about 1,032 times, so one push unpacks at most about 16 MiB before the limits are checked. */
const CHUNK = 16 * 1024;
const IMAGE_NAME = /\.(png|jpe?g|webp|gif)$/i;
const FORMATS = 'PNG, JPEG, WebP or GIF';

/** Whether the bytes start as a zip archive: a file entry, or the end record of an archive with none. */
export function zipStart(bytes: Uint8Array): 'entries' | 'empty' | null {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null;
  if (bytes[2] === 3 && bytes[3] === 4) return 'entries';
  if (bytes[2] === 5 && bytes[3] === 6) return 'empty';
  return null;
}

/** Class folders: `class/image`, or `top/class/image` with the same top folder for every image. */
class FolderLayout {
  private top: { folder: string; name: string } | undefined;
  private flat: string | undefined;

  classOf(parts: string[], name: string): string {
    if (parts.length < 2) fail(`${quoted(name)} is not in a class folder; put each image in a folder named after its class`);
    if (parts.length > 3) fail(`${quoted(name)} is nested too deeply; images go in class folders (class/image), which may sit in one top folder`);
    if (parts.length === 3) {
      this.top ??= { folder: parts[0], name };
      if (this.top.folder !== parts[0]) fail(`has images in two top folders (${quoted(this.top.name)} and ${quoted(name)}); put the class folders in one folder, or at the top of the archive`);
    } else {
      this.flat ??= name;
    }
    if (this.top && this.flat) fail(`has images both in class folders at the top (${quoted(this.flat)}) and one folder deeper (${quoted(this.top.name)}); keep all class folders at one level`);
    return parts[parts.length - 2];
  }
}

interface Unpacked {
  name: string;
  parts: string[];
  data: Uint8Array;
}

function joined(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export async function readImageZip(bytes: Uint8Array, options: ImageOptions, decode: ImageDecoder, limits: UploadLimits, onProgress?: UploadProgress): Promise<ReadExamples> {
  const start = zipStart(bytes);
  if (start === null) fail('is not a zip archive');
  if (start === 'empty') fail('is an empty zip archive');

  const { size, colour } = options;
  const pixelCount = size * size * channelsOf(colour);
  const labels = new Labels(limits);
  const layout = new FolderLayout();
  const images: Uint8Array[] = [];
  /** Images by their own size ("WxH"), for the note on resizing. */
  const sizes = new Map<string, number>();
  const skipped = { count: 0, first: '' };
  const ready: Unpacked[] = [];
  let entries = 0;
  let unpacked = 0;
  /** The first refusal met inside fflate's callbacks, which must not throw through it. */
  let problem: unknown;

  const onEntry = (file: UnzipFile) => {
    if (++entries > limits.entries) fail(`holds more than ${grouped(limits.entries)} entries; an upload may hold at most ${grouped(limits.entries)}`);
    const { name } = file;
    checkEntryName(name);
    const parts = name.split('/').filter((part) => part !== '' && part !== '.');
    if (name.endsWith('/') || isJunk(parts)) return;
    if (!IMAGE_NAME.test(name)) {
      if (skipped.count++ === 0) skipped.first = name;
      return;
    }
    const chunks: Uint8Array[] = [];
    let length = 0;
    file.ondata = (error, data, final) => {
      if (problem) return;
      try {
        if (error) fail(`${quoted(name)} could not be unpacked (${error.message})`);
        length += data.length;
        unpacked += data.length;
        if (length > limits.entryBytes) fail(`${quoted(name)} unpacks to more than ${mib(limits.entryBytes)}; an image file may be at most ${mib(limits.entryBytes)}`);
        if (unpacked > limits.unpackedBytes) fail(`unpacks to more than ${mib(limits.unpackedBytes)}; an upload's images may unpack to at most ${mib(limits.unpackedBytes)} in all`);
        chunks.push(data);
        if (final) ready.push({ name, parts, data: joined(chunks, length) });
      } catch (caught) {
        problem = caught;
        file.terminate();
      }
    };
    file.start();
  };

  const addImage = async ({ name, parts, data }: Unpacked) => {
    const className = layout.classOf(parts, name);
    const header = readImageHeader(data);
    if (!header || header.width < 1 || header.height < 1) fail(`${quoted(name)} is not a readable ${FORMATS} image`);
    const tooLarge = (w: number, h: number) => w > limits.imageSide || h > limits.imageSide;
    const sizeProblem = (w: number, h: number) => `${quoted(name)} is ${w}x${h} pixels; an image may be at most ${limits.imageSide} pixels on a side`;
    if (tooLarge(header.width, header.height)) fail(sizeProblem(header.width, header.height));
    labels.add(className, quoted(name));
    let decoded;
    try {
      decoded = await decode(data, size, colour);
    } catch (error) {
      return fail(`${quoted(name)} could not be read as an image (${(error as Error).message})`);
    }
    if (tooLarge(decoded.width, decoded.height)) fail(sizeProblem(decoded.width, decoded.height));
    if (decoded.pixels.length !== pixelCount) throw new Error(`the image decoder gave ${decoded.pixels.length} values for ${quoted(name)}, expected ${pixelCount}`);
    images.push(decoded.pixels);
    const key = `${decoded.width}x${decoded.height}`;
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  };

  const unzip = new Unzip((file) => {
    if (problem) return;
    try {
      onEntry(file);
    } catch (caught) {
      problem = caught;
    }
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length; ) {
    const end = Math.min(bytes.length, at + CHUNK);
    try {
      unzip.push(bytes.subarray(at, end), end === bytes.length);
    } catch (error) {
      if (!problem) fail(`is not a readable zip archive (${(error as Error).message})`);
    }
    if (problem) throw problem;
    // Decoded one push at a time, so at most a push's worth of unpacked files is held.
    for (const image of ready.splice(0)) await addImage(image);
    at = end;
    onProgress?.(end, bytes.length);
  }
  if (images.length === 0) fail(`holds no images: ${FORMATS} files in folders named after their classes`);

  const x = new Uint8Array(images.length * pixelCount);
  images.forEach((pixels, i) => x.set(pixels, i * pixelCount));
  const notes: string[] = [];
  const resized = images.length - (sizes.get(`${size}x${size}`) ?? 0);
  if (resized > 0) {
    const found = [...sizes.keys()];
    const stretched = found.some((key) => key.split('x')[0] !== key.split('x')[1]) ? '; images that are not square are stretched' : '';
    notes.push(
      `${grouped(resized)} of ${grouped(images.length)} images resized to ${size}x${size} (sizes found: ${found.slice(0, 4).join(', ')}${found.length > 4 ? ', ...' : ''}${stretched}).`,
    );
  }
  if (skipped.count === 1) notes.push(`1 file that is not a ${FORMATS} image was skipped: ${quoted(skipped.first)}.`);
  if (skipped.count > 1) notes.push(`${grouped(skipped.count)} files that are not ${FORMATS} images were skipped, such as ${quoted(skipped.first)}.`);
  return {
    labels: labels.finish(),
    examples: { kind: 'image', input: { kind: 'image', height: size, width: size, channels: channelsOf(colour) }, x },
    notes,
  };
}
