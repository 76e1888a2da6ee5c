/**
 * Everything an uploaded file can make the lab allocate is bounded here;
 * every limit is stated in the message that refuses a file past it, and all
 * are listed where the file is chosen (the page words each one). What a read
 * upload holds follows from them: images as bytes (examples x side x side x
 * channels), numbers as float32 (values), texts as UTF-8 (at most the file).
 */

export interface UploadLimits {
  /** The uploaded file itself. */
  fileBytes: number;
  /** All images of a zip, unpacked (counted as they inflate, never taken from the zip's headers). */
  unpackedBytes: number;
  /** One image file of a zip, unpacked. */
  entryBytes: number;
  /** Entries of a zip (folders and skipped files included). */
  entries: number;
  examples: number;
  classes: number;
  /** A dataset needs two classes to tell apart, and each class two examples so that a split can put one on each side. */
  minClasses: number;
  minPerClass: number;
  /** An image's width or height before resizing (read from its header, before it is decoded). */
  imageSide: number;
  /** Pixels of all a zip's images before resizing (widths x heights, read from their headers before any is decoded): what decoding takes time for. */
  decodedPixels: number;
  /** Numeric columns of a CSV row (pixels or features). */
  features: number;
  /** Numbers in a CSV's numeric columns, all rows together. */
  values: number;
  /** Characters of one text example. */
  textCharacters: number;
  /** The longest default token sequence an upload's texts get. */
  sequenceLength: number;
  /** Characters of a class name. */
  classNameLength: number;
}

const MIB = 2 ** 20;

export const UPLOAD_LIMITS: UploadLimits = {
  fileBytes: 128 * MIB,
  unpackedBytes: 512 * MIB,
  entryBytes: 32 * MIB,
  entries: 50_000,
  examples: 20_000,
  classes: 100,
  minClasses: 2,
  minPerClass: 2,
  imageSide: 4096,
  // About 40 s of decoding where a browser decodes 200 megapixels a second.
  decodedPixels: 8_000_000_000,
  features: 4096,
  values: 16 * MIB,
  textCharacters: 10_000,
  sequenceLength: 512,
  classNameLength: 100,
};

/** A known archive (CIFAR-10, CIFAR-100 as published) holds more than an upload may: it has limits of its own. */
export interface ArchiveLimits {
  /** The archive as uploaded (gzip-compressed). */
  fileBytes: number;
  /** Its tar, counted as it inflates (a gzip bomb stops here). */
  unpackedBytes: number;
  /** Images in all, training and test. */
  examples: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = {
  // The published archives are 161 to 163 MiB, and inflate to 176 to 178 MiB.
  fileBytes: 200 * MIB,
  unpackedBytes: 256 * MIB,
  examples: 60_000,
};

/** The sides (pixels) an uploaded image may be resized to. */
export const IMAGE_SIZES = [16, 28, 32] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];

export const grouped = (n: number) => n.toLocaleString('en-US');
export const mib = (bytes: number) => `${(bytes / MIB).toFixed(bytes % MIB === 0 ? 0 : 1)} MiB`;
/** Items as a sentence lists them: "16, 28 or 32". */
export const listOf = (items: readonly (string | number)[], conjunction: 'and' | 'or') =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
export const megapixels = (pixels: number) => `${grouped(Math.ceil(pixels / 1e6))} megapixels`;
