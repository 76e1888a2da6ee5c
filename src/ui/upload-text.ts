/** What the "Your data" panel says of uploads: the options a chosen file takes, and the limits. */
import { uploadFormat } from '../engine/data/upload/formats';
import { grouped, mib } from '../engine/data/upload/limits';
import type { UploadSettings } from './lab-client';

export interface FileOptions {
  /** Images are resized and read in grey or colour: a zip's, and a CSV's whose columns are pixels. */
  images: boolean;
  /** A CSV may name its label column. */
  labelColumn: boolean;
}

/** The options a file takes, by its extension; a file the lab does not read takes none (reading it says why). */
export function optionsFor(fileName: string): FileOptions {
  const format = uploadFormat(fileName);
  return { images: format === 'zip' || format === 'csv', labelColumn: format === 'csv' };
}

/** The file picker's `accept`: every extension the lab reads. */
export function acceptedExtensions(settings: UploadSettings): string {
  return Object.values(settings.extensions)
    .flat()
    .map((extension) => `.${extension}`)
    .join(',');
}

/** The limits, in one sentence. */
export function limitsNote({ limits, imageSizes }: UploadSettings): string {
  return (
    `Up to ${mib(limits.fileBytes)} a file, ${grouped(limits.examples)} examples and ${limits.classes} classes; ` +
    `a zip's images may unpack to ${mib(limits.unpackedBytes)} and are resized to ${imageSizes.join(', ')} pixels a side.`
  );
}
