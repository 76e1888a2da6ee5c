/**
 * Everything an uploaded file can make the lab allocate is bounded here, and
 * every limit is stated in the message that refuses a file past it.
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
  /** An image's width or height before resizing (read from its header, before it is decoded). */
  imageSide: number;
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
  imageSide: 4096,
  features: 4096,
  values: 16 * MIB,
  textCharacters: 10_000,
  sequenceLength: 512,
  classNameLength: 100,
};

/** A dataset needs two classes, and each class two examples so that a split can put one on each side. */
export const MIN_CLASSES = 2;
export const MIN_PER_CLASS = 2;

/** The sides (pixels) an uploaded image may be resized to. */
export const IMAGE_SIZES = [16, 28, 32] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];

export const grouped = (n: number) => n.toLocaleString('en-US');
export const mib = (bytes: number) => `${(bytes / MIB).toFixed(bytes % MIB === 0 ? 0 : 1)} MiB`;
