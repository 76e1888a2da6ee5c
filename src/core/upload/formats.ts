/**
 * The kinds of file an upload may be, told apart by extension (the reader
 * confirms a known archive by its content). No imports: the page reads this
 * too, to offer the options a chosen file takes.
 */
export type UploadFormat = 'zip' | 'csv' | 'jsonl' | 'cifar';

export const UPLOAD_EXTENSIONS: Record<UploadFormat, readonly string[]> = {
  zip: ['zip'],
  csv: ['csv'],
  jsonl: ['jsonl', 'ndjson'],
  // The CIFAR-10 and CIFAR-100 archives as published (or unpacked from their gzip).
  cifar: ['tar.gz', 'tgz', 'tar'],
};

export function uploadFormat(fileName: string): UploadFormat | null {
  const name = fileName.toLowerCase();
  const formats = Object.keys(UPLOAD_EXTENSIONS) as UploadFormat[];
  return (
    formats.find((format) => UPLOAD_EXTENSIONS[format].some((extension) => name.endsWith(`.${extension}`))) ?? null
  );
}
