/**
 * An upload's texts are held packed as UTF-8 (one buffer and offsets), not
 * as a string each, and a loaded text dataset holds token ids: the same
 * texts come back, the same upload keeps the id it had when its texts were
 * kept as strings, and one kept that way is restored to the same dataset.
 */
import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { bytesOf, contentHash } from '../../../../src/core/formats/content-hash';
import type { Dataset } from '../../../../src/core/data/dataset';
import { previewDataset } from '../../../../src/core/data/preview';
import type { PackSource } from '../../../../src/engine/data/registry';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { DEFAULT_SPLIT, uploadEntry, UPLOAD_DATASET_PREFIX } from '../../../../src/engine/data/upload/build-upload';
import { packTexts, PackedTextList, textAt, textCount } from '../../../../src/engine/data/upload/packed-texts';
import type { ParsedUpload } from '../../../../src/engine/data/upload/read-upload';
import { labStore } from '../../../../src/store/lab-store';
import { yourDatasets } from '../../../../workers/your-datasets';
import { read } from './upload-fixtures';

const noPacks: PackSource = () => Promise.reject(new Error('an upload reads no pack'));

/** Labelled texts in several scripts, an emoji, and a lone surrogate (which UTF-8 writes as U+FFFD). */
const TEXTS = [
  'a good film',
  'ein schöner Film',
  '素晴らしい映画',
  'great 🎬 film',
  'broken \ud800 pair',
  'a bad film',
  'ein schlechter Film',
  'ひどい映画',
  'awful 🎬 film',
  'dull film',
];
const csv = ['label,text', ...TEXTS.map((text, i) => `${i < 5 ? 'pos' : 'neg'},"${text}"`)].join('\n');

/** The texts as they were kept before they were packed. */
const asStrings = (upload: ParsedUpload): ParsedUpload => {
  if (upload.examples.kind !== 'tokens') throw new Error('not a text upload');
  const { texts } = upload.examples;
  const strings = Array.from({ length: textCount(texts) }, (_, i) => textAt(texts, i));
  return { ...upload, examples: { ...upload.examples, texts: strings as never } };
};

describe('packed texts', () => {
  test('give back every text, in UTF-8 to the byte', () => {
    const packed = packTexts([...TEXTS, '']);
    expect(textCount(packed)).toBe(TEXTS.length + 1);
    expect(Array.from({ length: TEXTS.length + 1 }, (_, i) => textAt(packed, i))).toEqual([
      ...TEXTS.map((t) => t.replace('\ud800', '\ufffd')),
      '',
    ]);
    expect(packed.bytes).toEqual(new TextEncoder().encode(TEXTS.join('')));
    expect(new PackedTextList(packed, Int32Array.from([3, 0])).text(0)).toBe('great 🎬 film');
  });

  test('keep an upload under the id it had when its texts were kept as strings', async () => {
    const upload = await read('reviews.csv', csv);
    if (upload.examples.kind !== 'tokens') throw new Error('not a text upload');
    const { encoding, seqLength } = upload.examples;
    const { testFraction, stratified, seed } = DEFAULT_SPLIT;
    const encoder = new TextEncoder();
    const header = encoder.encode(
      JSON.stringify(['tokens', { encoding, seqLength }, upload.classes, testFraction, stratified, seed]),
    );
    const before = contentHash([header, bytesOf(upload.y), ...TEXTS.map((text) => encoder.encode(text))]);
    expect(uploadEntry(upload, DEFAULT_SPLIT).id).toBe(`${UPLOAD_DATASET_PREFIX}${before}`);
  });

  test('a loaded upload holds token ids and a view of its packed texts, which its preview reads', async () => {
    const upload = await read('reviews.csv', csv);
    const dataset = await uploadEntry(upload, DEFAULT_SPLIT).load(noPacks, {});
    expect(dataset.train.x).toBeInstanceOf(Int32Array);
    expect(dataset.texts?.train).toBeInstanceOf(PackedTextList);
    const shown = previewDataset(dataset, 5)
      .examples.flat()
      .map((e) => (e as { text: string }).text);
    expect(shown.sort()).toEqual(
      Array.from({ length: dataset.train.count }, (_, i) => dataset.texts!.train.text(i)).sort(),
    );
    expect(shown.every((text) => TEXTS.map((t) => t.replace('\ud800', '\ufffd')).includes(text))).toBe(true);
  });

  test('an upload kept with its texts as strings is restored to the same dataset', async () => {
    const upload = await read('reviews.csv', csv);
    const entry = uploadEntry(upload, DEFAULT_SPLIT);
    const expected: Dataset = await entry.load(noPacks, {});
    // As an earlier lab kept it: the same record, its texts a list of strings.
    const name = 'upload-texts-test';
    await labStore(name).saveDataset({
      id: entry.id,
      name: 'reviews',
      kind: 'tokens',
      addedAt: 1,
      examples: 10,
      classes: 2,
      bytes: 1,
      data: { upload: asStrings(upload), split: DEFAULT_SPLIT },
    });
    const datasets = new OpenDatasets();
    const yours = yourDatasets(datasets, labStore(name), noPacks);
    expect((await yours.list()).datasets).toMatchObject([{ id: entry.id, kept: true }]);
    expect((await yours.list()).datasets[0].problem).toBeUndefined();
    expect(await datasets.entry(entry.id).load(noPacks, {})).toEqual(expected);
  });
});
