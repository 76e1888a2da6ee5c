/**
 * An upload's texts packed: one UTF-8 buffer and where each text starts. A
 * large upload's texts then take about a byte a character in one array,
 * rather than a string each with its own header (and two bytes a character
 * once one strays outside Latin-1); a text is a string again only while it
 * is shown or tokenized. Plain data, so that storage keeps it as it is.
 */
import type { TextList } from '../../../core/data/dataset';

export interface PackedTexts {
  bytes: Uint8Array;
  /** Text i is bytes[offsets[i] .. offsets[i + 1]). */
  offsets: Uint32Array;
}

/** A string's length in UTF-8 as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3 bytes). */
function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) length += 1;
    else if (c < 0x800) length += 2;
    else if (c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

/** Measured first, so that the buffer is written once, at its size. */
export function packTexts(texts: readonly string[]): PackedTexts {
  const offsets = new Uint32Array(texts.length + 1);
  texts.forEach((text, i) => (offsets[i + 1] = offsets[i] + utf8Length(text)));
  const bytes = new Uint8Array(offsets[texts.length]);
  const encoder = new TextEncoder();
  texts.forEach((text, i) => encoder.encodeInto(text, bytes.subarray(offsets[i], offsets[i + 1])));
  return { bytes, offsets };
}

export const textCount = (packed: PackedTexts): number => packed.offsets.length - 1;

/** Text `i` as UTF-8 (a view, not a copy). */
export const textBytes = (packed: PackedTexts, i: number): Uint8Array =>
  packed.bytes.subarray(packed.offsets[i], packed.offsets[i + 1]);

const decoder = new TextDecoder();
export const textAt = (packed: PackedTexts, i: number): string => decoder.decode(textBytes(packed, i));

/** The texts at `indices`, in that order, decoded as they are read. A class, so that two views of the same texts compare equal. */
export class PackedTextList implements TextList {
  constructor(
    private readonly packed: PackedTexts,
    private readonly indices: Int32Array,
  ) {}

  get length(): number {
    return this.indices.length;
  }

  text(i: number): string {
    return textAt(this.packed, this.indices[i]);
  }
}
