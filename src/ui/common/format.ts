/** Number formats shared by the status line, the table and the chart. */

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1);
}

/** A rough duration for estimates: "40 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** "Storage in use: 148 KB of 10.0 GB.", as the browser estimates it; null where it does not say. */
export function storageUseText({ usedBytes, quotaBytes }: { usedBytes?: number; quotaBytes?: number }): string | null {
  if (usedBytes === undefined) return null;
  return `Storage in use: ${formatBytes(usedBytes)}${quotaBytes === undefined ? '' : ` of ${formatBytes(quotaBytes)}`}.`;
}

/** Shortest decimal text for a number, without float noise (0.1 * 100 -> "10"). */
export function plainNumber(value: number): string {
  return formatSignificant(value, 10);
}

/** A score with a few significant digits and no float noise: 0.000123456 -> "0.000123", 1234.5 -> "1230". */
export function formatSignificant(value: number, digits = 3): string {
  return String(Number(value.toPrecision(digits)));
}

/** "1 run", "3 runs". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
