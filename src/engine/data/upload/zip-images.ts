/**
 * A zip of class folders of images: `cats/1.png`, `dogs/a.jpg`, ... (or the
 * same inside one top folder). The class is the folder that holds the
 * image. Read in two passes over the archive: a survey of every image's
 * header (classes, sides, pixels in all), which refuses a file before
 * anything is decoded and counts the images the progress is told in; then
 * the decoding, image by image, which a Cancel stops at the next image.
 */
import type { ReadExamples } from './examples';
import { channelsOf, type Colour, type ImageDecoder } from './image-decoder';
import { readImageHeader, type ImageHeader } from './image-size';
import { Labels, type LabelledClasses } from './labels';
import { grouped, megapixels, type ImageSize, type UploadLimits } from '../../../core/upload/limits';
import { quoted } from './names';
import type { Reading } from './reading';
import { fail } from './upload-error';
import { IMAGE_FORMATS, walkZipImages, type ZipImage, type ZipSkipped } from './zip-entries';

export interface ImageOptions {
  /** Every image is resized to size x size pixels. */
  size: ImageSize;
  colour: Colour;
}

/** Bytes of each image the survey keeps: the header of all but a JPEG with uncommonly large metadata, which is checked when it is decoded. */
const HEAD_BYTES = 256 * 1024;

/** Class folders: `class/image`, or `top/class/image` with the same top folder for every image. */
class FolderLayout {
  private top: { folder: string; name: string } | undefined;
  private flat: string | undefined;

  classOf(parts: string[], name: string): string {
    if (parts.length < 2)
      fail(`${quoted(name)} is not in a class folder; put each image in a folder named after its class`);
    if (parts.length > 3)
      fail(
        `${quoted(name)} is nested too deeply; images go in class folders (class/image), which may sit in one top folder`,
      );
    if (parts.length === 3) {
      this.top ??= { folder: parts[0], name };
      if (this.top.folder !== parts[0])
        fail(
          `has images in two top folders (${quoted(this.top.name)} and ${quoted(name)}); put the class folders in one folder, or at the top of the archive`,
        );
    } else {
      this.flat ??= name;
    }
    if (this.top && this.flat)
      fail(
        `has images both in class folders at the top (${quoted(this.flat)}) and one folder deeper (${quoted(this.top.name)}); keep all class folders at one level`,
      );
    return parts[parts.length - 2];
  }
}

function checkSides(name: string, width: number, height: number, limits: UploadLimits): void {
  if (width > limits.imageSide || height > limits.imageSide) {
    fail(`${quoted(name)} is ${width}x${height} pixels; an image may be at most ${limits.imageSide} pixels on a side`);
  }
}

/** The image's header, checked; null where the survey's head of it ends before its header. */
function checkedHeader(image: ZipImage, limits: UploadLimits): ImageHeader | null {
  const header = readImageHeader(image.data);
  if (!header && !image.whole) return null;
  if (!header || header.width < 1 || header.height < 1)
    fail(`${quoted(image.name)} is not a readable ${IMAGE_FORMATS} image`);
  checkSides(image.name, header.width, header.height, limits);
  return header;
}

/** Refuses images past the limit on pixels; `counted` says whether `pixels` is all of them or a running count. */
function checkPixels(pixels: number, counted: 'all' | 'so far', limits: UploadLimits): void {
  if (pixels <= limits.decodedPixels) return;
  const held = counted === 'all' ? megapixels(pixels) : `more than ${megapixels(limits.decodedPixels)}`;
  fail(
    `its images hold ${held} before resizing; an upload's images may hold at most ${megapixels(limits.decodedPixels)} in all, as the browser decodes every pixel`,
  );
}

interface Survey {
  labels: LabelledClasses;
  skipped: ZipSkipped;
}

/** Every image's class and header, without decoding any: the limits on classes, examples, sides and pixels are met here. */
async function survey(bytes: Uint8Array, limits: UploadLimits, reading: Reading): Promise<Survey> {
  const layout = new FolderLayout();
  const labels = new Labels(limits);
  let pixels = 0;
  let unread = 0;
  const skipped = await walkZipImages(bytes, limits, {
    headBytes: HEAD_BYTES,
    reading,
    reportBytes: true,
    onImage(image) {
      const className = layout.classOf(image.parts, image.name);
      const header = checkedHeader(image, limits);
      labels.add(className, quoted(image.name));
      if (header) pixels += header.width * header.height;
      else unread++;
    },
  });
  if (labels.count === 0) fail(`holds no images: ${IMAGE_FORMATS} files in folders named after their classes`);
  checkPixels(pixels, unread === 0 ? 'all' : 'so far', limits);
  return { labels: labels.finish(), skipped };
}

export async function readImageZip(
  bytes: Uint8Array,
  options: ImageOptions,
  decode: ImageDecoder,
  limits: UploadLimits,
  reading: Reading,
): Promise<ReadExamples> {
  const { labels, skipped } = await survey(bytes, limits, reading);
  const count = labels.y.length;
  const { size, colour } = options;
  const pixelCount = size * size * channelsOf(colour);
  const x = new Uint8Array(count * pixelCount);
  /** Images by their own size ("WxH"), for the note on resizing. */
  const sizes = new Map<string, number>();
  let decoded = 0;
  let pixels = 0;
  reading.onProgress?.(0, count, 'images');
  await walkZipImages(bytes, limits, {
    reading,
    reportBytes: false,
    async onImage(image) {
      const { name } = image;
      if (decoded === count)
        throw new Error(`the archive gave more images the second time it was read (${quoted(name)})`);
      // Whole now: the images whose header the survey could not reach are counted here, before they are decoded.
      const header = checkedHeader(image, limits)!;
      pixels += header.width * header.height;
      checkPixels(pixels, 'so far', limits);
      let read: Awaited<ReturnType<typeof decode>>;
      try {
        read = await decode(image.data, size, colour);
      } catch {
        return fail(
          `${quoted(name)} could not be decoded as a ${header.format} image: it may be damaged, cut short, or of a kind the browser does not read`,
        );
      }
      checkSides(name, read.width, read.height, limits);
      if (read.pixels.length !== pixelCount)
        throw new Error(
          `the image decoder gave ${read.pixels.length} values for ${quoted(name)}, expected ${pixelCount}`,
        );
      x.set(read.pixels, decoded * pixelCount);
      const key = `${read.width}x${read.height}`;
      sizes.set(key, (sizes.get(key) ?? 0) + 1);
      decoded++;
      reading.onProgress?.(decoded, count, 'images');
    },
  });
  if (decoded !== count)
    throw new Error(`the archive gave ${decoded} images the second time it was read, not ${count}`);

  const notes: string[] = [];
  const resized = count - (sizes.get(`${size}x${size}`) ?? 0);
  if (resized > 0) {
    const found = [...sizes.keys()];
    const stretched = found.some((key) => key.split('x')[0] !== key.split('x')[1])
      ? '; images that are not square are stretched'
      : '';
    notes.push(
      `${grouped(resized)} of ${grouped(count)} images resized to ${size}x${size} (sizes found: ${found.slice(0, 4).join(', ')}${found.length > 4 ? ', ...' : ''}${stretched}).`,
    );
  }
  if (skipped.count === 1)
    notes.push(`1 file that is not a ${IMAGE_FORMATS} image was skipped: ${quoted(skipped.first)}.`);
  if (skipped.count > 1)
    notes.push(
      `${grouped(skipped.count)} files that are not ${IMAGE_FORMATS} images were skipped, such as ${quoted(skipped.first)}.`,
    );
  return {
    labels,
    examples: { kind: 'image', input: { kind: 'image', height: size, width: size, channels: channelsOf(colour) }, x },
    notes,
  };
}
