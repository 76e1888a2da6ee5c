/** What the "Your data" panel says of uploads: the options a chosen file takes, and the limits. */
import { uploadFormat } from '../../core/upload/formats';
import { grouped, listOf, megapixels, mib, type ArchiveLimits, type UploadLimits } from '../../core/upload/limits';
import type { UploadSettings } from '../lab-client';

export interface FileOptions {
  /** Images are resized and read in grey or colour: a zip's, and a CSV's whose columns are pixels. */
  images: boolean;
  /** A CSV may name its label column. */
  labelColumn: boolean;
  /** A CIFAR archive: read as published, at 32x32 in colour with its own split. */
  archive: boolean;
}

/** The options a file takes, by its extension; a file the lab does not read takes none (reading it says why). */
export function optionsFor(fileName: string): FileOptions {
  const format = uploadFormat(fileName);
  return { images: format === 'zip' || format === 'csv', labelColumn: format === 'csv', archive: format === 'cifar' };
}

/** The file picker's `accept`: every extension the lab reads. */
export function acceptedExtensions(settings: UploadSettings): string {
  return Object.values(settings.extensions)
    .flat()
    .map((extension) => `.${extension}`)
    .join(',');
}

/** The sentences of the limits note, in order, and how each starts. */
const PARTS = {
  most: 'Any file: at most',
  least: 'At least',
  zip: 'A zip: at most',
  csv: 'A CSV: at most',
  text: 'A text: at most',
};

/**
 * Every limit in words, with the sentence that says it: typed over every
 * key, so that a limit added to the checks is not left unsaid here.
 */
const LIMIT_WORDS: { [K in keyof UploadLimits]: [keyof typeof PARTS, (value: number) => string] } = {
  fileBytes: ['most', mib],
  examples: ['most', (n) => `${grouped(n)} examples`],
  classes: ['most', (n) => `${grouped(n)} classes`],
  classNameLength: ['most', (n) => `${grouped(n)} characters a class name`],
  minClasses: ['least', (n) => `${grouped(n)} classes`],
  minPerClass: ['least', (n) => `${grouped(n)} examples of each class`],
  entries: ['zip', (n) => `${grouped(n)} entries`],
  entryBytes: ['zip', (n) => `${mib(n)} an image file`],
  unpackedBytes: ['zip', (n) => `${mib(n)} unpacked in all`],
  imageSide: ['zip', (n) => `${n} pixels on an image's side`],
  decodedPixels: ['zip', (n) => `${megapixels(n)} of images in all`],
  features: ['csv', (n) => `${grouped(n)} feature columns`],
  values: ['csv', (n) => `${grouped(n)} numbers in all`],
  textCharacters: ['text', (n) => `${grouped(n)} characters`],
  sequenceLength: ['text', (n) => `${grouped(n)} tokens read by default`],
};

/** A CIFAR archive's own limits, in the same words. */
const ARCHIVE_WORDS: { [K in keyof ArchiveLimits]: (value: number) => string } = {
  fileBytes: mib,
  unpackedBytes: (n) => `${mib(n)} unpacked`,
  examples: (n) => `${grouped(n)} images`,
};

/** Every limit a file is checked against, worded from the limits the worker checks. */
export function limitsNote({ limits, archiveLimits, imageSizes }: UploadSettings): string {
  const archive = (Object.keys(ARCHIVE_WORDS) as (keyof ArchiveLimits)[]).map((key) =>
    ARCHIVE_WORDS[key](archiveLimits[key]),
  );
  const said = new Map<keyof typeof PARTS, string[]>(
    Object.keys(PARTS).map((part) => [part as keyof typeof PARTS, []]),
  );
  for (const key of Object.keys(LIMIT_WORDS) as (keyof UploadLimits)[]) {
    const [part, words] = LIMIT_WORDS[key];
    said.get(part)!.push(words(limits[key]));
  }
  return [...said]
    .map(
      ([part, phrases]) =>
        `${PARTS[part]} ${listOf(phrases, 'and')}${part === 'zip' ? `; its images are resized to ${listOf(imageSizes, 'or')} pixels a side` : ''}.`,
    )
    .concat(`A CIFAR-10 or CIFAR-100 archive (.tar.gz, as published): at most ${listOf(archive, 'and')}.`)
    .join(' ');
}
