/**
 * Texts from a CSV text column or JSONL lines, as token examples: the
 * tokenizer and sequence length are chosen from the texts, and the
 * vocabulary is built later, from the training split, as for bundled text.
 */
import { tokenize } from '../tokenizer';
import { CHAR_ENCODING, WORD_ENCODING } from '../text-dataset';
import type { UploadExamples } from './examples';
import { grouped, type UploadLimits } from '../../../core/upload/limits';
import { packTexts } from './packed-texts';
import { fail } from './upload-error';

/** Refuses an empty text or one past the character limit; `where` names it (a row, a line). */
export function checkText(text: string, where: string, limits: UploadLimits): void {
  if (text.trim() === '') fail(`${where}: the text is empty`);
  if (text.length > limits.textCharacters) {
    fail(
      `${where}: the text is ${grouped(text.length)} characters long; an example may hold at most ${grouped(limits.textCharacters)}`,
    );
  }
}

/** The share of texts that a default sequence length holds whole. */
const WHOLE_SHARE = 0.95;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Single words (names, tags) read character by character; anything longer, word by word. */
export function textExamples(texts: string[], limits: UploadLimits): { examples: UploadExamples; notes: string[] } {
  const words = texts.map((t) => tokenize(t, 'word').length).sort((a, b) => a - b);
  const encoding = quantile(words, 0.5) <= 1 ? CHAR_ENCODING : WORD_ENCODING;
  const lengths =
    encoding === WORD_ENCODING ? words : texts.map((t) => tokenize(t, 'char').length).sort((a, b) => a - b);
  const fits = quantile(lengths, WHOLE_SHARE);
  const seqLength = Math.min(limits.sequenceLength, Math.max(2, fits));
  const unit = encoding === WORD_ENCODING ? 'words' : 'characters';
  const notes = [
    `Texts are read as ${unit}, ${seqLength} tokens each (runs may set another length)${seqLength < lengths[lengths.length - 1] ? '; longer texts are cut' : ''}.`,
  ];
  if (fits > limits.sequenceLength) notes.push(`The default length is capped at ${limits.sequenceLength} tokens.`);
  return { examples: { kind: 'tokens', texts: packTexts(texts), encoding, seqLength }, notes };
}
