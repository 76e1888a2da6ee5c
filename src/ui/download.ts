/** Saves data as a file through the browser's own download: no server, no network. */

/** How long the file's object URL stays valid: the browser reads it after the click returns. */
const OBJECT_URL_LIFETIME_MS = 60_000;

export function downloadJson(fileName: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
}
