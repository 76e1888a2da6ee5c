/**
 * An uploaded file read and checked, before anything is stored: a zip of
 * class folders of images, a CSV, JSON Lines, or a CIFAR archive as
 * published, told apart by the file's extension. Every refusal is an UploadError whose message starts with the
 * file's name and says what is wrong.
 */
import { decodeUtf8 } from '../../../core/formats/utf8';
import { uploadFormat, type UploadFormat } from '../../../core/upload/formats';
import { readCifarArchive } from './cifar';
import { readCsv } from './csv';
import type { FixedSplit, UploadExamples } from './examples';
import type { UploadProgress } from '../../../core/upload/progress';
import { COLOURS, type Colour, type ImageDecoder } from './image-decoder';
import { readJsonl } from './jsonl';
import {
  ARCHIVE_LIMITS,
  IMAGE_SIZES,
  listOf,
  mib,
  UPLOAD_LIMITS,
  type ArchiveLimits,
  type ImageSize,
  type UploadLimits,
} from '../../../core/upload/limits';
import { reading, type Reading } from './reading';
import { UploadError, fail } from './upload-error';
import { readImageZip } from './zip-images';

export { uploadFormat, type UploadFormat } from '../../../core/upload/formats';

/** What the person uploading chooses before the file is read. */
export interface UploadOptions {
  /** Images: the side they are resized to (default 28) and grey or colour (default grey). */
  size?: ImageSize;
  colour?: Colour;
  /** CSV: the label column, where it is not called label, class, target or y. */
  labelColumn?: string;
}

/** An upload, read and checked; nothing is stored until it is confirmed (build-upload.ts). */
export interface ParsedUpload {
  fileName: string;
  /** The dataset's name: the file's name without its extension. */
  name: string;
  format: UploadFormat;
  classes: string[];
  /** Class index per example. */
  y: Int32Array;
  examples: UploadExamples;
  notes: string[];
  /** The file's own train/test split (a CIFAR archive's), kept whatever split is chosen. */
  split?: FixedSplit;
}

/** The file's name as a dataset name: no extension, no control characters, at most 100 characters. */
const datasetName = (fileName: string) =>
  fileName
    .replace(/(\.tar)?\.[^.]*$/i, '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 100) || 'upload';

function textOf(bytes: Uint8Array): string {
  const text = decodeUtf8(bytes);
  if (text === null) fail('is not UTF-8 text; save it with the UTF-8 encoding (spreadsheets offer "CSV UTF-8")');
  return text;
}

function checkOptions(options: UploadOptions): { size: ImageSize; colour: Colour } {
  const { size = 28, colour = 'grey' } = options;
  if (!IMAGE_SIZES.includes(size))
    fail(`images can be resized to ${listOf(IMAGE_SIZES, 'or')} pixels on a side, not ${JSON.stringify(size)}`);
  if (!COLOURS.includes(colour)) fail(`images are read in grey or in colour (RGB), not ${JSON.stringify(colour)}`);
  return { size, colour };
}

/** Refuses a file past the size limit (a known archive's own, larger); asked before the file is read into memory. */
function checkUploadSize(fileName: string, size: number, limits: UploadLimits, archiveLimits: ArchiveLimits): void {
  if (uploadFormat(fileName) === 'cifar') {
    if (size > archiveLimits.fileBytes)
      throw new UploadError(
        `${fileName}: is ${mib(size)}; a CIFAR archive may be at most ${mib(archiveLimits.fileBytes)} (the published ones are about 163 MiB)`,
      );
  } else if (size > limits.fileBytes) {
    throw new UploadError(`${fileName}: is ${mib(size)}; an upload may be at most ${mib(limits.fileBytes)}`);
  }
}

/** A chosen file's bytes, once its size is checked; a file the browser can no longer read is refused in words. */
export async function uploadBytes(file: Blob, fileName: string): Promise<Uint8Array> {
  checkUploadSize(fileName, file.size, UPLOAD_LIMITS, ARCHIVE_LIMITS);
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new UploadError(
      `${fileName}: could not be read; it may have been changed, moved or deleted since it was chosen: choose it again`,
    );
  }
}

export interface ReadUploadOptions {
  /** Tests shrink the limits; the lab always uses UPLOAD_LIMITS and ARCHIVE_LIMITS. */
  limits?: UploadLimits;
  archiveLimits?: ArchiveLimits;
  onProgress?: UploadProgress;
  /** Asked between units of work (an image, a stage); true stops the reading with UploadCancelled. */
  shouldStop?: () => boolean;
}

/** Reads and checks an uploaded file; images are decoded with `decode` (the browser's, in the worker). */
export async function readUpload(
  fileName: string,
  bytes: Uint8Array,
  options: UploadOptions,
  decode: ImageDecoder,
  { limits = UPLOAD_LIMITS, archiveLimits = ARCHIVE_LIMITS, onProgress, shouldStop }: ReadUploadOptions = {},
): Promise<ParsedUpload> {
  checkUploadSize(fileName, bytes.length, limits, archiveLimits);
  const underway = reading(shouldStop, onProgress);
  // The text readers run in one go: a Cancel is heard between their stages.
  const text = async () => {
    const decoded = textOf(bytes);
    await underway.checkpoint();
    return decoded;
  };
  try {
    if (bytes.length === 0) fail('is empty');
    const format = uploadFormat(fileName);
    if (format === null)
      fail(
        'is not a kind of file the lab reads: upload a .zip of class folders of images, a .csv, a .jsonl file, or a CIFAR-10 or CIFAR-100 .tar.gz',
      );
    if (format === 'cifar') return await archiveUpload(fileName, bytes, archiveLimits, limits, underway);
    const image = checkOptions(options);
    const read =
      format === 'zip'
        ? await readImageZip(bytes, image, decode, limits, underway)
        : format === 'csv'
          ? readCsv(await text(), options, limits, onProgress)
          : readJsonl(await text(), limits, onProgress);
    // A Cancel that came during the last stage: nothing is kept.
    await underway.checkpoint();
    return {
      fileName,
      name: datasetName(fileName),
      format,
      ...read.labels,
      examples: read.examples,
      notes: read.notes,
    };
  } catch (error) {
    throw named(fileName, error);
  }
}

/** An UploadError with the file's name in front, as every refusal starts. */
const named = (fileName: string, error: unknown) =>
  error instanceof UploadError ? new UploadError(`${fileName}: ${error.message}`) : error;

async function archiveUpload(
  fileName: string,
  bytes: Uint8Array,
  archiveLimits: ArchiveLimits,
  limits: UploadLimits,
  underway: Reading,
): Promise<ParsedUpload> {
  const read = await readCifarArchive(bytes, archiveLimits, limits, underway);
  await underway.checkpoint();
  const { labels, examples, notes, split, name } = read;
  return { fileName, name, format: 'cifar', ...labels, examples, notes, split };
}

/**
 * A CIFAR archive (a .tar.gz as published) read as an upload with its own
 * split, where no one is asked about it first: "Load a dataset file" and
 * the command line's --dataset-file.
 */
export async function readArchive(
  fileName: string,
  bytes: Uint8Array,
  { limits = UPLOAD_LIMITS, archiveLimits = ARCHIVE_LIMITS }: Pick<ReadUploadOptions, 'limits' | 'archiveLimits'> = {},
): Promise<ParsedUpload> {
  checkUploadSize(fileName, bytes.length, limits, archiveLimits);
  try {
    return await archiveUpload(fileName, bytes, archiveLimits, limits, reading());
  } catch (error) {
    throw named(fileName, error);
  }
}

/** Whether a file is one of the archives readArchive reads, by its name. */
export const isArchive = (fileName: string) => uploadFormat(fileName) === 'cifar';
