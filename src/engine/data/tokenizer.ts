/**
 * Tokenizers for the text datasets: words for mails, characters for names.
 * The vocabulary is built from the training texts only, so nothing about the
 * held-out set leaks into the model's input space.
 */
export type TokenizerKind = 'word' | 'char';

export const PAD_ID = 0;
export const UNKNOWN_ID = 1;
const RESERVED = ['<pad>', '<unk>'];

export function tokenize(text: string, kind: TokenizerKind): string[] {
  const lower = text.toLowerCase();
  // Split by code point, so letters outside the BMP stay one token.
  if (kind === 'char') return Array.from(lower);
  return lower.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

export interface VocabularyOptions {
  /** Largest vocabulary, the two reserved ids included. */
  maxSize?: number;
  /** Tokens seen fewer times than this map to the unknown id. */
  minCount?: number;
}

/**
 * The vocabulary of tokenized texts, index = token id: 0 padding, 1
 * unknown, then tokens by descending frequency, ties in code-unit order so
 * a given corpus always gives the same ids.
 */
export function buildVocabulary(tokenized: readonly (readonly string[])[], options: VocabularyOptions = {}): string[] {
  const { maxSize = Infinity, minCount = 1 } = options;
  const counts = new Map<string, number>();
  for (const tokens of tokenized) for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  const ranked = [...counts]
    .filter(([, c]) => c >= minCount)
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .map(([token]) => token);
  return [...RESERVED, ...ranked.slice(0, Math.max(0, maxSize - RESERVED.length))];
}

/**
 * Token ids of each tokenized text, `length` per text, laid out flat: the
 * first `length` tokens, padded at the end with PAD_ID; tokens outside the
 * vocabulary become UNKNOWN_ID.
 */
export function encodeTokens(tokenized: readonly (readonly string[])[], vocabulary: readonly string[], length: number): Int32Array {
  const ids = new Map(vocabulary.map((token, i) => [token, i]));
  const out = new Int32Array(tokenized.length * length); // zero = PAD_ID
  tokenized.forEach((tokens, t) => {
    const n = Math.min(length, tokens.length);
    for (let i = 0; i < n; i++) out[t * length + i] = ids.get(tokens[i]) ?? UNKNOWN_ID;
  });
  return out;
}
