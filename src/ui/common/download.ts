/** Saves data as a file through the browser's own download: no server, no network. */
import { jsonText } from '../../core/formats/json-text';

/** How long the file's object URL stays valid: the browser reads it after the click returns. */
const OBJECT_URL_LIFETIME_MS = 60_000;

export function downloadJson(fileName: string, data: unknown): void {
  downloadText(fileName, jsonText(data), 'application/json');
}

/** Saves text already laid out (a lab dataset file) as it is. */
export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
}
