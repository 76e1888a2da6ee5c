/**
 * The kinds of file an upload may be, told apart by extension. No imports:
 * the page reads this too, to offer the options a chosen file takes.
 */
export type UploadFormat = 'zip' | 'csv' | 'jsonl';

export const UPLOAD_EXTENSIONS: Record<UploadFormat, readonly string[]> = {
  zip: ['zip'],
  csv: ['csv'],
  jsonl: ['jsonl', 'ndjson'],
};

export function uploadFormat(fileName: string): UploadFormat | null {
  const extension = /\.([^.]+)$/.exec(fileName)?.[1].toLowerCase();
  if (extension === undefined) return null;
  const formats = Object.keys(UPLOAD_EXTENSIONS) as UploadFormat[];
  return formats.find((format) => UPLOAD_EXTENSIONS[format].includes(extension)) ?? null;
}
