/**
 * Labelled texts as a tokens dataset: the one path from raw strings to token
 * ids that bundled text packs and uploaded texts share.
 */
import type { Dataset, Split } from './dataset';
import { buildVocabulary, encodeTokens, tokenize, type TokenizerKind, type VocabularyOptions } from './tokenizer';

export interface TextEncoding {
  tokenizer: TokenizerKind;
  vocabulary: VocabularyOptions;
}

/** Mails and other running text: words, the rarest left out. */
export const WORD_ENCODING: TextEncoding = { tokenizer: 'word', vocabulary: { maxSize: 20000, minCount: 2 } };
/** Names and other single words: characters, every one kept. */
export const CHAR_ENCODING: TextEncoding = { tokenizer: 'char', vocabulary: {} };

export interface LabelledTexts {
  texts: string[];
  /** Class index per text. */
  y: Int32Array;
}

/** The sequence length a load asks for, else the dataset's default; refused unless a whole number >= 1. */
export function sequenceLength(id: string, asked: number | undefined, fallback: number): number {
  const length = asked ?? fallback;
  if (!Number.isInteger(length) || length < 1) throw new Error(`${id}: seqLength must be a whole number >= 1, got ${length}`);
  return length;
}

export function tokenizedDataset(
  about: Pick<Dataset, 'id' | 'name' | 'classes'>,
  train: LabelledTexts,
  test: LabelledTexts,
  encoding: TextEncoding,
  length: number,
): Dataset {
  // Each text is tokenized once, for the vocabulary and for its ids.
  const tokenized = (part: LabelledTexts) => part.texts.map((text) => tokenize(text, encoding.tokenizer));
  const trainTokens = tokenized(train);
  // Built on the training texts only: the test set must not shape the input space.
  const vocabulary = buildVocabulary(trainTokens, encoding.vocabulary);
  const encode = (tokens: string[][], part: LabelledTexts): Split => ({ x: encodeTokens(tokens, vocabulary, length), y: part.y, count: part.y.length });
  return {
    ...about,
    input: { kind: 'tokens', length, vocabSize: vocabulary.length },
    train: encode(trainTokens, train),
    test: encode(tokenized(test), test),
    texts: { train: train.texts, test: test.texts },
    vocabulary,
  };
}
