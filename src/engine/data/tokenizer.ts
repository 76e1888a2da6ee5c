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
 * A corpus's distinct tokens, numbered as first seen, with how often the
 * training texts use each: what a vocabulary is ranked from, without a
 * string kept for every occurrence.
 */
export class TokenTable {
  private readonly numbers = new Map<string, number>();
  private readonly tokens: string[] = [];
  private readonly counts: number[] = [];

  /** A training text's token: counted once more; returns its number. */
  count(token: string): number {
    let number = this.numbers.get(token);
    if (number === undefined) {
      number = this.tokens.length;
      this.numbers.set(token, number);
      this.tokens.push(token);
      this.counts.push(0);
    }
    this.counts[number]++;
    return number;
  }

  /** The token's number, or -1 where no training text uses it. */
  find(token: string): number {
    return this.numbers.get(token) ?? -1;
  }

  /**
   * The vocabulary, index = token id: 0 padding, 1 unknown, then tokens by
   * descending count, ties in code-unit order so a given corpus always gives
   * the same ids; and the id of each numbered token (UNKNOWN_ID where left out).
   */
  vocabulary(options: VocabularyOptions = {}): { vocabulary: string[]; idOf: Int32Array } {
    const { maxSize = Infinity, minCount = 1 } = options;
    const { tokens, counts } = this;
    const ranked = tokens
      .map((_, number) => number)
      .filter((number) => counts[number] >= minCount)
      .sort((a, b) => counts[b] - counts[a] || (tokens[a] < tokens[b] ? -1 : tokens[a] > tokens[b] ? 1 : 0))
      .slice(0, Math.max(0, maxSize - RESERVED.length));
    const idOf = new Int32Array(tokens.length).fill(UNKNOWN_ID);
    ranked.forEach((number, i) => (idOf[number] = RESERVED.length + i));
    return { vocabulary: [...RESERVED, ...ranked.map((number) => tokens[number])], idOf };
  }
}
