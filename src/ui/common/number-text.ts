/** Numbers as people type them in the page's text boxes. */

export type NumberText = { ok: true; value: number | undefined } | { ok: false; message: string };

/** Decimal or scientific notation: 200, -0.5, .5, 2.5e-3, 1E9. */
const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * What a number box holds, read as people type numbers: decimals with a point
 * and scientific notation (`1e-3`, `1e9`). Empty text is "missing"
 * (undefined). Anything else is refused with a message, never read as part
 * of itself: `1e9` is a billion or a problem, never 9.
 */
export function parseNumberText(text: string): NumberText {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  if (NUMBER_PATTERN.test(trimmed)) {
    const value = Number(trimmed);
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `"${trimmed}" is too large a number` };
  }
  if (/^[+-]?\d+,\d+$/.test(trimmed)) {
    return {
      ok: false,
      message: `"${trimmed}" is not a number: write decimals with a point (e.g. ${trimmed.replace(',', '.')}), without thousands separators`,
    };
  }
  return { ok: false, message: `"${trimmed}" is not a number (write e.g. 200, 0.05 or 1e-3)` };
}

/** The number in the text; undefined if empty; NaN if malformed (the schema then refuses it, and the form says why). */
export function numberFrom(text: string): number | undefined {
  const parsed = parseNumberText(text);
  return parsed.ok ? parsed.value : Number.NaN;
}
