/**
 * Labelled texts as a tokens dataset: the one path from raw texts to token
 * ids that bundled text packs and uploaded texts share. Each text is
 * tokenized once and its tokens are numbered as they come, so that only
 * ids are kept (never a string per token): what a large upload can afford.
 */
import type { Dataset, Split, TextList } from '../../core/data/dataset';
import { PAD_ID, tokenize, TokenTable, UNKNOWN_ID, type TokenizerKind, type VocabularyOptions } from './tokenizer';

export interface TextEncoding {
  tokenizer: TokenizerKind;
  vocabulary: VocabularyOptions;
}

/** Mails and other running text: words, the rarest left out. */
export const WORD_ENCODING: TextEncoding = { tokenizer: 'word', vocabulary: { maxSize: 20000, minCount: 2 } };
/** Names and other single words: characters, every one kept. */
export const CHAR_ENCODING: TextEncoding = { tokenizer: 'char', vocabulary: {} };

export interface LabelledTexts {
  texts: TextList;
  /** Class index per text. */
  y: Int32Array;
}

/** A list of strings (a bundled pack's) as a TextList. A class, so that two lists of the same texts compare equal. */
export class StringTexts implements TextList {
  constructor(private readonly texts: readonly string[]) {}

  get length(): number {
    return this.texts.length;
  }

  text(i: number): string {
    return this.texts[i];
  }
}

/** The sequence length a load asks for, else the dataset's default; refused unless a whole number >= 1. */
export function sequenceLength(id: string, asked: number | undefined, fallback: number): number {
  const length = asked ?? fallback;
  if (!Number.isInteger(length) || length < 1)
    throw new Error(`${id}: seqLength must be a whole number >= 1, got ${length}`);
  return length;
}

/** Where a text has ended: padding, in the rows of token numbers below. */
const ENDED = -2;

/** Each text's first `length` token numbers, flat (ENDED after its end); `number` sees every token of every text. */
function tokenNumbers(
  texts: TextList,
  kind: TokenizerKind,
  length: number,
  number: (token: string) => number,
): Int32Array {
  const out = new Int32Array(texts.length * length).fill(ENDED);
  for (let t = 0; t < texts.length; t++) {
    const tokens = tokenize(texts.text(t), kind);
    for (let i = 0; i < tokens.length; i++) {
      const n = number(tokens[i]);
      if (i < length) out[t * length + i] = n;
    }
  }
  return out;
}

export function tokenizedDataset(
  about: Pick<Dataset, 'id' | 'name' | 'classes'>,
  train: LabelledTexts,
  test: LabelledTexts,
  encoding: TextEncoding,
  length: number,
): Dataset {
  const table = new TokenTable();
  const trainNumbers = tokenNumbers(train.texts, encoding.tokenizer, length, (token) => table.count(token));
  // Ranked on the training texts only: the test set must not shape the input space.
  const { vocabulary, idOf } = table.vocabulary(encoding.vocabulary);
  const testNumbers = tokenNumbers(test.texts, encoding.tokenizer, length, (token) => table.find(token));
  const encode = (numbers: Int32Array, part: LabelledTexts): Split => {
    // In place: a number becomes its vocabulary id; a token no training text uses (-1), the unknown id.
    numbers.forEach((n, i) => (numbers[i] = n >= 0 ? idOf[n] : n === ENDED ? PAD_ID : UNKNOWN_ID));
    return { x: numbers, y: part.y, count: part.y.length };
  };
  return {
    ...about,
    input: { kind: 'tokens', length, vocabSize: vocabulary.length },
    train: encode(trainNumbers, train),
    test: encode(testNumbers, test),
    texts: { train: train.texts, test: test.texts },
    vocabulary,
  };
}
