/**
 * Uploads: a zip of class folders of images, a CSV (text or numeric) or
 * JSON Lines is read into examples, refused with a message that says what
 * is wrong (and changes nothing), and once confirmed with a split becomes a
 * dataset that runs like a bundled one. Every file here is made by the test;
 * images are fake PNGs read by a fake decoder (the browser's is not in Node).
 */
import { Zip, ZipDeflate, type Zippable } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { requireConfig } from '../../../../src/engine/config';
import { featureSize } from '../../../../src/core/data/dataset';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { DEFAULT_SPLIT, uploadEntry, type SplitChoice } from '../../../../src/engine/data/upload/build-upload';
import { pixelsFromRgba } from '../../../../src/engine/data/upload/image-decoder';
import { readImageHeader } from '../../../../src/engine/data/upload/image-size';
import { UPLOAD_LIMITS } from '../../../../src/core/upload/limits';
import { textAt } from '../../../../src/engine/data/upload/packed-texts';
import type { ParsedUpload } from '../../../../src/engine/data/upload/read-upload';
import { uploadSummary } from '../../../../src/engine/data/upload/summary';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { classFolders, fakePng, read, refusal, utf8, zip } from './upload-fixtures';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

// ---- fixtures ----------------------------------------------------------------

const MIB = 2 ** 20;
/** A CSV of labelled texts: "good"/"bad" words make the two classes easy to tell apart. */
function reviewsCsv(rows = 40): string {
  const lines = ['id,text,label'];
  for (let i = 0; i < rows; i++) {
    const good = i % 2 === 0;
    lines.push(`${i},"${good ? 'a good, great film' : 'a bad, awful film'} number ${i % 7}",${good ? 'pos' : 'neg'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A CSV of 8x8 grey pixel rows (64 columns) in two classes: dark and light. */
function pixelsCsv(rows = 10, channels = 1): string {
  const columns = 64 * channels;
  const header = ['label', ...Array.from({ length: columns }, (_, i) => `p${i}`)];
  const lines = [header.join(',')];
  for (let r = 0; r < rows; r++)
    lines.push(
      [
        r % 2 === 0 ? 'dark' : 'light',
        ...Array.from({ length: columns }, (_, i) => (r % 2 === 0 ? i % 50 : 200 + (i % 50))),
      ].join(','),
    );
  return lines.join('\n');
}

// ---- zips of images -----------------------------------------------------------

describe('a zip of class folders of images', () => {
  test('reads each folder as a class, resizes every image, skips OS junk and says what it did', async () => {
    const files: Zippable = {
      ...classFolders(['cats', 'dogs']),
      'dogs/big.png': fakePng(40, 30, 7),
      'cats/': new Uint8Array(0),
      '__MACOSX/cats/._0.png': utf8('resource fork'),
      'cats/.DS_Store': utf8('junk'),
      'dogs/Thumbs.db': utf8('junk'),
      'cats/notes.txt': utf8('not an image'),
    };
    const upload = await read('pets.zip', zip(files), { size: 16 });
    expect(upload).toMatchObject({ fileName: 'pets.zip', name: 'pets', format: 'zip', classes: ['cats', 'dogs'] });
    expect(Array.from(upload.y)).toEqual([0, 0, 0, 1, 1, 1, 1]);
    expect(upload.examples.kind).toBe('image');
    if (upload.examples.kind !== 'image') return;
    expect(upload.examples.input).toEqual({ kind: 'image', height: 16, width: 16, channels: 1 });
    expect(upload.examples.x).toBeInstanceOf(Uint8Array);
    expect(upload.examples.x.length).toBe(7 * 16 * 16);
    expect(upload.examples.x[6 * 256]).toBe(7);
    expect(upload.notes).toEqual([
      '7 of 7 images resized to 16x16 (sizes found: 28x28, 40x30; images that are not square are stretched).',
      '1 file that is not a PNG, JPEG, WebP or GIF image was skipped: "cats/notes.txt".',
    ]);

    const summary = uploadSummary(upload, 2);
    expect(summary).toMatchObject({
      kind: 'image',
      shape: '16x16 grey images',
      count: 7,
      classes: [
        { name: 'cats', count: 3 },
        { name: 'dogs', count: 4 },
      ],
    });
    expect(summary.examples.map((e) => e.length)).toEqual([2, 2]);
    expect(summary.examples[1][0]).toMatchObject({ height: 16, width: 16, channels: 1 });
  });

  test('allows one common top folder, and reads colour at the chosen size', async () => {
    const upload = await read('photos.zip', zip(classFolders(['a', 'b'], 2, 'photos/')), { size: 32, colour: 'rgb' });
    expect(upload.classes).toEqual(['a', 'b']);
    expect(upload.examples.kind === 'image' && upload.examples.input).toEqual({
      kind: 'image',
      height: 32,
      width: 32,
      channels: 3,
    });
    expect(upload.notes).toEqual(['4 of 4 images resized to 32x32 (sizes found: 28x28).']);
    const unchanged = await read('photos.zip', zip(classFolders(['a', 'b'], 2)), { size: 28 });
    expect(unchanged.notes).toEqual([]);
  });

  test('becomes an image dataset of the chosen size, split as confirmed, named by its content', async () => {
    const upload = await read('shades.zip', zip(classFolders(['x', 'y', 'z'], 5)));
    const datasets = new OpenDatasets();
    const before = datasets.entries().length;
    const entry = uploadEntry(upload, DEFAULT_SPLIT);
    datasets.add(entry);
    expect(entry).toMatchObject({ name: 'shades', kind: 'image' });
    expect(entry.id).toMatch(/^upload-[0-9a-f]{16}$/);
    expect(entry.description).toBe(
      'Uploaded from shades.zip: 15 28x28 grey images in 3 classes; 12 train / 3 test (stratified split, seed 0).',
    );
    expect(datasets.entries()).toHaveLength(before + 1);
    const dataset = await datasets.entry(entry.id).load(nodePackSource, {});
    expect(dataset.input).toEqual({ kind: 'image', height: 28, width: 28, channels: 1 });
    expect([dataset.train.count, dataset.test.count]).toEqual([12, 3]);
    // Stratified: one of each class held out.
    expect(Array.from(dataset.test.y).sort()).toEqual([0, 1, 2]);
    expect(dataset.train.x.length).toBe(12 * featureSize(dataset.input));

    // The same content and split is the same dataset, whatever the file is called; another split is another.
    const again = await read('copy of shades.zip', zip(classFolders(['x', 'y', 'z'], 5)));
    expect(uploadEntry(again, DEFAULT_SPLIT).id).toBe(entry.id);
    expect(uploadEntry(again, { ...DEFAULT_SPLIT, seed: 1 }).id).not.toBe(entry.id);
    datasets.add(uploadEntry(again, DEFAULT_SPLIT));
    expect(datasets.entries()).toHaveLength(before + 1);
  });

  test('is refused, naming the problem, when it is not a zip, empty, or has one class', async () => {
    expect(await refusal('a.zip', 'just text')).toBe('a.zip: is not a zip archive');
    expect(await refusal('a.zip', zip({}))).toBe('a.zip: is an empty zip archive');
    expect(await refusal('a.zip', zip({ 'notes/readme.txt': utf8('hi') }))).toBe(
      'a.zip: holds no images: PNG, JPEG, WebP or GIF files in folders named after their classes',
    );
    expect(await refusal('a.zip', zip(classFolders(['cats'])))).toBe(
      'a.zip: holds only one class ("cats"); a dataset needs at least 2 classes to tell apart',
    );
    expect(await refusal('a.zip', zip({ ...classFolders(['cats']), 'dogs/1.png': fakePng(28, 28) }))).toBe(
      'a.zip: class "dogs" has only 1 example; every class needs at least 2, one for training and one for testing',
    );
    const truncated = zip(classFolders(['a', 'b'])).subarray(0, 100);
    expect(await refusal('a.zip', truncated)).toBe(
      'a.zip: is not a readable zip archive: it is cut short or damaged; zip the folder again',
    );
  });

  test('names an unreadable image', async () => {
    expect(await refusal('a.zip', zip({ ...classFolders(['a', 'b']), 'b/broken.png': utf8('not a png at all') }))).toBe(
      'a.zip: "b/broken.png" is not a readable PNG, JPEG, WebP or GIF image',
    );
    // A header the decoder then fails on.
    const cut = fakePng(28, 28).subarray(0, 30);
    expect(await refusal('a.zip', zip({ ...classFolders(['a', 'b']), 'a/cut.png': cut }))).toBe(
      'a.zip: "a/cut.png" could not be decoded as a PNG image: it may be damaged, cut short, or of a kind the browser does not read',
    );
  });

  test('refuses names with paths or markup, showing them as text', async () => {
    const named = (name: string) => refusal('a.zip', zip({ ...classFolders(['a', 'b']), [name]: fakePng(28, 28) }));
    expect(await named('../escape/x.png')).toBe(
      'a.zip: the archive entry "../escape/x.png" climbs out of its folder (".."); rename it and zip the folder again',
    );
    expect(await named('a/../../x.png')).toMatch(/"a\/..\/..\/x.png" climbs out of its folder/);
    expect(await named('/etc/a/x.png')).toBe(
      'a.zip: the archive entry "/etc/a/x.png" is an absolute path; rename it and zip the folder again',
    );
    expect(await named('C:/a/x.png')).toMatch(/"C:\/a\/x.png" is an absolute path/);
    expect(await named('a\\x.png')).toBe(
      'a.zip: the archive entry "a\\\\x.png" holds a backslash; rename it and zip the folder again',
    );
    expect(await named('<img src=x onerror=alert(1)>/x.png')).toBe(
      'a.zip: the archive entry "<img src=x onerror=alert(1)>/x.png" holds markup characters (< > " &); rename it and zip the folder again',
    );
    expect(await named('a&b/x.png')).toMatch(/holds markup characters/);
    expect(await named('a/x\u0007.png')).toBe(
      'a.zip: the archive entry "a/x\\u0007.png" holds control characters; rename it and zip the folder again',
    );
  });

  test('refuses images outside class folders, and class folders at two levels', async () => {
    expect(await refusal('a.zip', zip({ ...classFolders(['a', 'b']), 'loose.png': fakePng(28, 28) }))).toBe(
      'a.zip: "loose.png" is not in a class folder; put each image in a folder named after its class',
    );
    expect(await refusal('a.zip', zip({ ...classFolders(['a', 'b']), 'x/y/z/deep.png': fakePng(28, 28) }))).toMatch(
      /"x\/y\/z\/deep.png" is nested too deeply/,
    );
    expect(
      await refusal('a.zip', zip({ ...classFolders(['a', 'b'], 2, 'one/'), ...classFolders(['a', 'b'], 2, 'two/') })),
    ).toBe(
      'a.zip: has images in two top folders ("one/a/0.png" and "two/a/0.png"); put the class folders in one folder, or at the top of the archive',
    );
    expect(await refusal('a.zip', zip({ ...classFolders(['a', 'b'], 2), ...classFolders(['c'], 2, 'top/') }))).toMatch(
      /has images both in class folders at the top \("a\/0.png"\) and one folder deeper \("top\/c\/0.png"\)/,
    );
  });

  test('stops at the stated limits: classes, examples, entries, image sides', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `class${i}`);
    expect(await refusal('a.zip', zip(classFolders(many, 2)))).toBe(
      'a.zip: holds more than 100 classes; an upload may have at most 100',
    );
    const small = { ...UPLOAD_LIMITS, examples: 5, entries: 8 };
    expect(await refusal('a.zip', zip(classFolders(['a', 'b'], 3)), {}, { limits: small })).toBe(
      'a.zip: holds more than 5 examples; an upload may have at most 5',
    );
    expect(
      await refusal(
        'a.zip',
        zip({
          ...classFolders(['a', 'b'], 2),
          ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`j/${i}.txt`, utf8('x')])),
        }),
        {},
        { limits: small },
      ),
    ).toBe('a.zip: holds more than 8 entries; an upload may hold at most 8');
    // The header's claim is checked before the image is decoded: a small file cannot make the browser allocate a huge picture.
    expect(await refusal('a.zip', zip({ ...classFolders(['a', 'b']), 'a/huge.png': fakePng(100_000, 100_000) }))).toBe(
      'a.zip: "a/huge.png" is 100000x100000 pixels; an image may be at most 4096 pixels on a side',
    );
    expect(
      await refusal('a.zip', zip(classFolders(['a', 'b'])), {}, { limits: { ...UPLOAD_LIMITS, fileBytes: 100 } }),
    ).toMatch(/^a\.zip: is 0\.\d MiB; an upload may be at most 0\.0 MiB$/);
  });

  test('stops an archive bomb once it unpacks past the limit, whatever its headers say', async () => {
    // 40 MiB of zeros, streamed into the zip a MiB at a time (the test holds one MiB): a zip of tens of KiB
    // whose sizes come after the data, so a reader that trusted headers would not know them in advance.
    const parts: Uint8Array[] = [];
    const streamed = new Zip((error, chunk) => {
      if (error) throw error;
      parts.push(chunk);
    });
    const file = new ZipDeflate('a/bomb.png', { level: 1 });
    streamed.add(file);
    const zeros = new Uint8Array(MIB);
    zeros.set(fakePng(28, 28));
    for (let i = 0; i < 40; i++) file.push(zeros);
    file.push(new Uint8Array(0), true);
    streamed.end();
    const bomb = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => {
      bomb.set(p, at);
      return at + p.length;
    }, 0);
    expect(bomb.length).toBeLessThan(MIB);
    expect(await refusal('bomb.zip', bomb)).toBe(
      'bomb.zip: "a/bomb.png" unpacks to more than 32 MiB; an image file may be at most 32 MiB',
    );

    // Many entries, each under the per-file limit, past the total.
    const limits = { ...UPLOAD_LIMITS, entryBytes: 64 * 1024, unpackedBytes: 512 * 1024 };
    const padded = new Uint8Array(60 * 1024);
    padded.set(fakePng(28, 28));
    const files = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`${'ab'[i % 2]}/${i}.png`, padded]));
    expect(await refusal('many.zip', zip(files), {}, { limits })).toBe(
      "many.zip: unpacks to more than 0.5 MiB; an upload's images may unpack to at most 0.5 MiB in all",
    );
  });

  test('refuses unknown image options and kinds of file', async () => {
    expect(await refusal('a.zip', zip(classFolders(['a', 'b'])), { size: 20 as 16 })).toBe(
      'a.zip: images can be resized to 16, 28 or 32 pixels on a side, not 20',
    );
    expect(await refusal('a.zip', zip(classFolders(['a', 'b'])), { colour: 'cmyk' as 'rgb' })).toBe(
      'a.zip: images are read in grey or in colour (RGB), not "cmyk"',
    );
    expect(await refusal('a.rar', 'x')).toBe(
      'a.rar: is not a kind of file the lab reads: upload a .zip of class folders of images, a .csv, a .jsonl file, or a CIFAR-10 or CIFAR-100 .tar.gz',
    );
    expect(await refusal('a.csv', '')).toBe('a.csv: is empty');
  });
});

// ---- CSV ----------------------------------------------------------------------

describe('a CSV', () => {
  test('with a text column becomes a tokens dataset that a run trains on', async () => {
    const upload = await read('reviews.csv', reviewsCsv());
    expect(upload.classes).toEqual(['neg', 'pos']);
    expect(upload.examples).toMatchObject({ kind: 'tokens', seqLength: 6, encoding: { tokenizer: 'word' } });
    expect(upload.notes).toEqual([
      'Columns other than "text" and "label" were ignored: "id".',
      'Texts are read as words, 6 tokens each (runs may set another length).',
    ]);
    const entry = uploadEntry(upload, { testFraction: 0.25, stratified: true, seed: 3 });
    const datasets = new OpenDatasets();
    datasets.add(entry);
    expect(entry.kind).toBe('tokens');
    const dataset = await entry.load(nodePackSource, {});
    expect(dataset.input).toMatchObject({ kind: 'tokens', length: 6 });
    expect([dataset.train.count, dataset.test.count]).toEqual([30, 10]);
    expect(dataset.texts?.train).toHaveLength(30);
    expect(dataset.vocabulary?.slice(0, 2)).toEqual(['<pad>', '<unk>']);
    // A run's own sequence length, as for bundled text.
    expect((await entry.load(nodePackSource, { seqLength: 3 })).input).toMatchObject({ length: 3 });

    const events: unknown[] = [];
    const result = await runExperiment(
      requireConfig(datasets, {
        version: 1,
        dataset: entry.id,
        model: { name: 'text' },
        budget: { fraction: 1 },
        train: { epochs: 4, batchSize: 10, lr: 0.05, evalPoints: 1 },
        methods: [{ name: 'full' }],
        seeds: [0],
        backend: 'wasm',
      }),
      { datasets, source: nodePackSource, onEvent: (event) => event.type === 'dataset' && events.push(event) },
    );
    expect(events).toMatchObject([{ type: 'dataset', id: entry.id, trainCount: 30, testCount: 10 }]);
    expect(result.runs[0].steps).toBe(12);
    expect(result.runs[0].finalTestAcc).toBeGreaterThanOrEqual(0);
  });

  test('of single words is read by character', async () => {
    const names = ['anna', 'bob', 'carl', 'dora', 'emil', 'fay'].map((n, i) => `${n},${i % 2 === 0 ? 'f' : 'm'}`);
    const upload = await read('names.csv', ['text,class', ...names].join('\r\n'));
    expect(upload.examples).toMatchObject({ kind: 'tokens', encoding: { tokenizer: 'char' }, seqLength: 4 });
  });

  test('of pixel columns becomes an image dataset; other numbers become vectors', async () => {
    const grey = await read('digits.csv', pixelsCsv());
    expect(grey.classes).toEqual(['dark', 'light']);
    expect(grey.examples.kind === 'image' && grey.examples.input).toEqual({
      kind: 'image',
      height: 8,
      width: 8,
      channels: 1,
    });
    expect(grey.examples.kind === 'image' && grey.examples.x).toBeInstanceOf(Uint8Array);
    expect(grey.notes).toEqual(['Read as 8x8 grey images: 64 pixel columns, values 0..255, scaled to 0..1.']);
    const dataset = await uploadEntry(grey, DEFAULT_SPLIT).load(nodePackSource, {});
    expect(dataset.input).toEqual({ kind: 'image', height: 8, width: 8, channels: 1 });
    expect([dataset.train.count, dataset.test.count]).toEqual([8, 2]);

    const colour = await read('colour.csv', pixelsCsv(4, 3));
    expect(colour.examples.kind === 'image' && colour.examples.input).toEqual({
      kind: 'image',
      height: 8,
      width: 8,
      channels: 3,
    });

    const scaled = await read(
      'scaled.csv',
      pixelsCsv().replace(/,(\d+)(?=,|\n|$)/g, (_, v) => `,${Number(v) / 255}`),
    );
    expect(scaled.examples.kind === 'image' && scaled.examples.x).toBeInstanceOf(Float32Array);
    expect(scaled.notes[0]).toMatch(/values 0\.\.1\.$/);

    const points = await read('points.csv', 'x1,x2,x3,target\n0.5,-1,2e3,0\n1,2,3,1\n-0.25,.5,1,0\n4,5,6,1\n');
    expect(points.examples).toMatchObject({ kind: 'vector', input: { kind: 'vector', length: 3 } });
    expect(points.examples.kind === 'vector' && Array.from(points.examples.x.subarray(0, 3))).toEqual([0.5, -1, 2000]);
    expect(points.notes).toEqual([
      "Read as vectors of 3 features (not a square image's worth of pixels); values are used as given, not rescaled.",
    ]);
  });

  test('takes the label column it is told to', async () => {
    const upload = await read('p.csv', 'a,b,kind\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n', { labelColumn: 'KIND' });
    expect(upload.classes).toEqual(['x', 'y']);
    expect(await refusal('p.csv', 'a,b,label\n1,2,x\n', { labelColumn: 'kind' })).toBe(
      'p.csv: has no column "kind" to take labels from; its columns are "a", "b", "label"',
    );
  });

  test('is refused with the row and column at fault', async () => {
    expect(await refusal('a.csv', 'a,b,c\n1,2,3\n')).toBe(
      'a.csv: has no label column: name one "label", "class", "target", "y" (its columns are "a", "b", "c")',
    );
    expect(await refusal('a.csv', 'label,p1,p2\nx,1,2\ny,3,oops\n')).toBe(
      'a.csv: row 3, column "p2": "oops" is not a number',
    );
    expect(await refusal('a.csv', 'label,p1,p2\nx,1,\n')).toBe('a.csv: row 2, column "p2": the value is empty');
    expect(await refusal('a.csv', 'label,p1,p2\nx,1,2\n\ny,3\n')).toBe(
      'a.csv: row 4 has 2 values, but the header names 3 columns',
    );
    expect(await refusal('a.csv', '\n\n')).toBe('a.csv: is empty: it needs a header row and a row per example');
    expect(await refusal('a.csv', 'label,text\n')).toBe('a.csv: has a header but no rows of examples');
    expect(await refusal('a.csv', 'label\nx\n')).toBe(
      'a.csv: has only a label column; it needs a "text" column or numeric columns (pixels or features)',
    );
    expect(await refusal('a.csv', 'label,label,text\n')).toBe('a.csv: its header names the column "label" twice');
    expect(await refusal('a.csv', 'label,text\nx,"never closed\n')).toBe(
      'a.csv: row 2: a value opens with a quote (") that is never closed',
    );
    expect(await refusal('a.csv', 'label,text\nx,"closed" then more\n')).toBe(
      'a.csv: row 2: a quoted value goes on after its closing quote; inside a quoted value, write a quote as two ("")',
    );
    expect(await refusal('a.csv', 'label,text\n<b>x</b>,hello\n')).toBe(
      'a.csv: row 2: the label "<b>x</b>" holds markup characters (< > " &)',
    );
    expect(await refusal('a.csv', 'label,text\nx,hello\ny,   \n')).toBe('a.csv: row 3: the text is empty');
    const long = 'w'.repeat(UPLOAD_LIMITS.textCharacters + 1);
    expect(await refusal('a.csv', `label,text\nx,${long}\n`)).toBe(
      'a.csv: row 2: the text is 10,001 characters long; an example may hold at most 10,000',
    );
  });

  test('must be UTF-8', async () => {
    const latin1 = Uint8Array.from([...utf8('label,text\nx,caf'), 0xe9, ...utf8('\ny,tea\n')]);
    expect(await refusal('a.csv', latin1)).toBe(
      'a.csv: is not UTF-8 text; save it with the UTF-8 encoding (spreadsheets offer "CSV UTF-8")',
    );
  });

  test('stops at the stated limits on classes, examples and columns', async () => {
    const classes = Array.from({ length: 101 }, (_, i) => `c${i},t\nc${i},t`).join('\n');
    expect(await refusal('a.csv', `label,text\n${classes}\n`)).toBe(
      'a.csv: holds more than 100 classes; an upload may have at most 100',
    );
    const rows = Array.from({ length: UPLOAD_LIMITS.examples + 1 }, (_, i) => `${i % 2},1,2`).join('\n');
    expect(await refusal('a.csv', `label,a,b\n${rows}\n`)).toBe(
      'a.csv: holds more than 20,000 examples; an upload may have at most 20,000',
    );
    const wide = ['label', ...Array.from({ length: 4097 }, (_, i) => `f${i}`)].join(',');
    expect(await refusal('a.csv', `${wide}\n`)).toBe(
      'a.csv: has 4,097 feature columns; an upload may have at most 4,096',
    );
    expect(await refusal('a.csv', 'label,a,b\n0,1,2\n1,1,2\n', {}, { limits: { ...UPLOAD_LIMITS, values: 3 } })).toBe(
      'a.csv: holds more than 3 numbers (rows x feature columns); an upload may hold at most 3',
    );
    expect(await refusal('a.csv', 'label,text\nx,a\nx,b\n')).toBe(
      'a.csv: holds only one class ("x"); a dataset needs at least 2 classes to tell apart',
    );
  });
});

// ---- JSON Lines ---------------------------------------------------------------

describe('JSON Lines', () => {
  const lines = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ text: `message ${i} about ${i % 2 ? 'sport' : 'music'}`, label: i % 2 }),
    ).join('\n');

  test('reads a text and a label per line, skipping blank lines', async () => {
    const upload = await read('posts.jsonl', `${lines(6)}\n\n  \n`);
    expect(upload.classes).toEqual(['0', '1']);
    expect(upload.examples).toMatchObject({ kind: 'tokens', encoding: { tokenizer: 'word' } });
    expect(upload.examples.kind === 'tokens' && textAt(upload.examples.texts, 1)).toBe('message 1 about sport');
  });

  test('names the line at fault', async () => {
    expect(await refusal('a.jsonl', `${lines(4)}\n\n{"text": "x", "label": 1`)).toBe(
      'a.jsonl: line 6 is not JSON; each line must be an object such as {"text": "...", "label": "..."}',
    );
    expect(await refusal('a.jsonl', `${lines(2)}\n[1, 2]`)).toBe(
      'a.jsonl: line 3 is not a JSON object such as {"text": "...", "label": "..."}',
    );
    expect(await refusal('a.jsonl', `${lines(2)}\n{"label": 1}`)).toBe('a.jsonl: line 3: "text" is missing');
    expect(await refusal('a.jsonl', `${lines(2)}\n{"text": 5, "label": 1}`)).toBe(
      'a.jsonl: line 3: "text" is not a string',
    );
    expect(await refusal('a.jsonl', `${lines(2)}\n{"text": "x", "label": [1]}`)).toBe(
      'a.jsonl: line 3: "label" is neither a string nor a number',
    );
    expect(await refusal('a.jsonl', '\n\n')).toBe('a.jsonl: holds no examples (no lines with "text" and "label")');
    expect(await refusal('a.jsonl', Uint8Array.from([0xff, 0xfe, 0x00]))).toMatch(/^a\.jsonl: is not UTF-8 text/);
  });
});

// ---- splits -------------------------------------------------------------------

describe('the confirmed split', () => {
  let upload: ParsedUpload;
  beforeAll(async () => {
    upload = await read('split.zip', zip(classFolders(['a', 'b'], 10)));
  });
  const entryFails = (choice: SplitChoice) => () => uploadEntry(upload, choice);

  test('is stratified or random, and refused where it cannot hold a test set or leaves a class untrained', async () => {
    const random = await uploadEntry(upload, { testFraction: 0.5, stratified: false, seed: 2 }).load(
      nodePackSource,
      {},
    );
    expect([random.train.count, random.test.count]).toEqual([10, 10]);
    expect(entryFails({ testFraction: 0.9, stratified: true, seed: 0 })).toThrow(
      'split.zip: the test share must be from 5% to 50%, not 90%',
    );
    expect(entryFails({ testFraction: 0.2, stratified: true, seed: -1 })).toThrow(
      "split.zip: the split's seed must be a whole number from 0 to 2147483647, not -1",
    );
    const tiny = await read('tiny.csv', 'label,a,b\nx,1,2\nx,1,2\ny,1,2\ny,1,2\n');
    expect(() => uploadEntry(tiny, { testFraction: 0.1, stratified: true, seed: 0 })).toThrow(
      'tiny.csv: a test share of 10% of 4 examples holds none; choose a larger share',
    );
  });

  test('stratified, tests every class, small ones too, or is refused where the share is too small to', async () => {
    // 0.2 of a class of 2 is 0.4: a class must still have one example on each side.
    const uneven = await read('uneven.zip', zip({ ...classFolders(['big'], 16), ...classFolders(['x', 'y'], 2) }));
    for (const seed of [0, 1, 2, 3]) {
      const dataset = await uploadEntry(uneven, { ...DEFAULT_SPLIT, seed }).load(nodePackSource, {});
      const counts = (y: Int32Array) => uneven.classes.map((_, c) => y.filter((label) => label === c).length);
      expect(counts(dataset.test.y)).toEqual([2, 1, 1]);
      expect(counts(dataset.train.y)).toEqual([14, 1, 1]);
    }
    expect(uploadEntry(uneven, DEFAULT_SPLIT).description).toBe(
      'Uploaded from uneven.zip: 20 28x28 grey images in 3 classes; 16 train / 4 test (stratified split, seed 0).',
    );
    const many = await read(
      'many.zip',
      zip(
        classFolders(
          Array.from({ length: 30 }, (_, i) => `c${i}`),
          2,
        ),
      ),
    );
    expect(() => uploadEntry(many, { testFraction: 0.05, stratified: true, seed: 0 })).toThrow(
      'many.zip: a test share of 5% of 60 examples holds 3, too few to test each of the 30 classes; choose a larger share',
    );
  });
});

test('image headers give the sides of PNG, GIF, JPEG and WebP files', () => {
  expect(readImageHeader(fakePng(3, 5))).toEqual({ format: 'PNG', width: 3, height: 5 });
  expect(readImageHeader(Uint8Array.from([...utf8('GIF89a'), 10, 0, 20, 0]))).toEqual({
    format: 'GIF',
    width: 10,
    height: 20,
  });
  // SOI, an APP0 segment of 4 bytes, then SOF0: precision 8, height 0x0102, width 0x0304.
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 1, 2, 3, 4, 1, 0, 0, 0]);
  expect(readImageHeader(jpeg)).toEqual({ format: 'JPEG', width: 0x0304, height: 0x0102 });
  const webp = (chunk: string, body: number[]) =>
    Uint8Array.from([
      ...utf8('RIFF'),
      0,
      0,
      0,
      0,
      ...utf8('WEBP'),
      ...utf8(chunk),
      0,
      0,
      0,
      0,
      ...body,
      ...new Array(20).fill(0),
    ]);
  expect(readImageHeader(webp('VP8X', [0, 0, 0, 0, 99, 0, 0, 49, 0, 0]))).toEqual({
    format: 'WebP',
    width: 100,
    height: 50,
  });
  // Lossless: 14 bits of width - 1 (= 7), then 14 bits of height - 1 (= 3).
  expect(readImageHeader(webp('VP8L', [0x2f, 7, 3 << 6, 0, 0]))).toEqual({ format: 'WebP', width: 8, height: 4 });
  expect(readImageHeader(utf8('BM not supported'))).toBeNull();
});

test('canvas pixels become grey or RGB bytes', () => {
  const rgba = Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 255]);
  expect(Array.from(pixelsFromRgba(rgba, 'rgb'))).toEqual([255, 0, 0, 0, 0, 255]);
  expect(Array.from(pixelsFromRgba(rgba, 'grey'))).toEqual([76, 29]);
});
