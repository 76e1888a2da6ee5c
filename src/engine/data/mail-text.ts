/**
 * Mail bodies as plain readable text, for the spam pack (scripts/prepare-data.ts).
 * A raw mail is bytes: headers, then a body in the transfer encoding
 * (quoted-printable, base64) and charset its headers name, often HTML, often
 * multipart. This decodes the text parts, strips markup, and says which mails
 * hold no readable text (malformed rows, which the pack drops and counts).
 */

interface Part {
  headers: Map<string, string>;
  body: Uint8Array;
}

const latin1 = new TextDecoder('latin1');

/** Headers (unfolded, names lowercased) and the body after the first blank line. */
function splitPart(bytes: Uint8Array): Part {
  const text = latin1.decode(bytes); // one char per byte, so offsets match the bytes
  const blank = /\r?\n\r?\n/.exec(text);
  const head = blank ? text.slice(0, blank.index) : text;
  const bodyStart = blank ? blank.index + blank[0].length : bytes.length;
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
    }
  }
  return { headers, body: bytes.subarray(bodyStart) };
}

function parameter(header: string | undefined, name: string): string | undefined {
  const match = header && new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return match ? (match[1] ?? match[2]) : undefined;
}

function decodeQuotedPrintable(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  const hex = (b: number) =>
    b >= 48 && b <= 57 ? b - 48 : b >= 65 && b <= 70 ? b - 55 : b >= 97 && b <= 102 ? b - 87 : -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 61 /* = */) {
      out[n++] = bytes[i];
      continue;
    }
    if (bytes[i + 1] === 10)
      i += 1; // soft line break
    else if (bytes[i + 1] === 13 && bytes[i + 2] === 10) i += 2;
    else if (hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
      out[n++] = hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]);
      i += 2;
    } else out[n++] = bytes[i];
  }
  return out.subarray(0, n);
}

function decodeBase64(bytes: Uint8Array): Uint8Array {
  const clean = latin1.decode(bytes).replace(/[^A-Za-z0-9+/]/g, '');
  return Uint8Array.from(Buffer.from(clean, 'base64'));
}

/**
 * Bytes to text in the charset the headers name. Bytes that are not valid
 * in it (or no charset: old mail is mostly Latin-1 or Windows-1252) are read
 * as UTF-8 when they are valid UTF-8, else as Windows-1252, which decodes
 * every byte: so no replacement characters are left.
 */
export function decodeCharset(bytes: Uint8Array, charset?: string): string {
  // As browsers do (WHATWG Encoding): Latin-1 labels mean Windows-1252, whose 0x80-0x9f are
  // punctuation (0x92 is ’), where Node's ICU would give invisible C1 controls.
  const label = charset?.toLowerCase().trim();
  const named =
    label && /^(us-ascii|ascii|iso-8859-1|iso8859-1|latin1|l1|cp819|ibm819)$/.test(label) ? 'windows-1252' : label;
  const tries = [named, 'utf-8'].filter((c): c is string => !!c);
  for (const label of tries) {
    if (label === 'windows-1252' || label === 'cp1252') return decodeWindows1252(bytes);
    try {
      return new TextDecoder(label, { fatal: true }).decode(bytes);
    } catch {
      // an unknown label or bytes invalid in it: try the next
    }
  }
  return decodeWindows1252(bytes);
}

/** Windows-1252's 0x80-0x9f (Node's TextDecoder reads them as C1 controls, as Latin-1). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Every byte decodes: 0x80-0x9f by the table above, the rest as Latin-1. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    text += String.fromCharCode(
      ...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b)),
    );
  }
  return text;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  bull: '•',
  euro: '€',
  pound: '£',
};

/** HTML to its text: no scripts, styles or comments, block ends as line breaks, entities decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<(br|p|div|tr|li|h[1-6]|table|blockquote)\b[^>]*>/gi, '\n')
      .replace(/<\/?[a-z!][^>]*>/gi, ' '),
  );
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The text of a part and its subparts: text/plain preferred over text/html in an alternative; other types skipped. */
function partText(part: Part, depth = 0): string {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = parameter(part.headers.get('content-type'), 'boundary');
    if (!boundary || depth > 5) return '';
    const text = latin1.decode(part.body);
    const marker = `--${boundary}`;
    const pieces = text.split(marker).slice(1);
    const subparts = pieces
      .filter((piece) => !piece.startsWith('--'))
      .map((piece) => splitPart(Uint8Array.from(piece.replace(/^\r?\n/, ''), (c) => c.charCodeAt(0))));
    if (type.startsWith('multipart/alternative')) {
      const plain = subparts.find((p) =>
        (p.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith('text/plain'),
      );
      const chosen = plain ?? subparts[subparts.length - 1];
      return chosen ? partText(chosen, depth + 1) : '';
    }
    return subparts
      .map((p) => partText(p, depth + 1))
      .filter((t) => t !== '')
      .join('\n');
  }
  if (!type.startsWith('text/')) return '';
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const bytes = encoding.includes('quoted-printable')
    ? decodeQuotedPrintable(part.body)
    : encoding.includes('base64')
      ? decodeBase64(part.body)
      : part.body;
  const text = decodeCharset(bytes, parameter(part.headers.get('content-type'), 'charset'));
  // Some mails say text/plain and send HTML anyway.
  return type.startsWith('text/html') ||
    /<\/?(html|body|head|font|table|tr|td|div|p|br|a|img|span|center|b|i|u|strong)\b[^>@]*>/i.test(text)
    ? htmlToText(text)
    : text;
}

/** Collapses runs of spaces and of blank lines, drops control characters. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\ufffd]/g, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A raw mail (its bytes, headers included) as plain text: its text parts
 * decoded and stripped of markup. Empty where the mail holds no readable text.
 */
export function mailText(raw: Uint8Array): string {
  return tidyText(partText(splitPart(raw)));
}

/** Whether a cleaned body reads as text: some letters, and no binary junk left. */
export function isReadableText(text: string): boolean {
  if (text.length < 2) return false;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters >= 2 && letters / text.length > 0.2;
}
