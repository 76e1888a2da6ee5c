import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng';
import { decodePack, encodePack, type PackMeta } from '../../../../src/engine/data/pack';
import { stratifiedSplit } from '../../../../src/engine/data/split';
import { makeToyDataset, TOY_IDS } from '../../../../src/engine/data/toy';
import { PAD_ID, tokenize, TokenTable, UNKNOWN_ID } from '../../../../src/engine/data/tokenizer';
import { DATASETS, type PackSource } from '../../../../src/engine/data/registry';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { previewDataset, previewSelection } from '../../../../src/core/data/preview';
import { featureSize, type Dataset, type TextList } from '../../../../src/core/data/dataset';
import { StringTexts, tokenizedDataset, WORD_ENCODING } from '../../../../src/engine/data/text-dataset';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const strings = (texts: TextList) => Array.from({ length: texts.length }, (_, i) => texts.text(i));

const META: PackMeta = {
  id: 'demo',
  name: 'Demo',
  classes: ['a', 'b'],
  input: { kind: 'image', height: 1, width: 3, channels: 1 },
  trainCount: 3,
  testCount: 0,
  source: { package: 'demo-pkg', version: '1.2.3' },
};

function demoPack(): ArrayBuffer {
  const bytes = encodePack(META, {
    odd: new Uint8Array([1, 2, 3, 4, 5]), // 5 bytes: the next section must still be aligned
    ids: new Int32Array([-7, 0, 2 ** 30]),
    floats: new Float32Array([0.5, -1.25]),
    meta: { words: ['x', 'ÿ', '日本'], n: 3 },
  });
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function classCounts(y: Int32Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const c of y) counts[c]++;
  return counts;
}

describe('pack format', () => {
  it('round-trips header and every section dtype', () => {
    const pack = decodePack(demoPack());
    expect(pack.header).toEqual({ format: 1, ...META, sections: expect.any(Array) });
    expect(pack.header.sections.every((s) => s.byteOffset % 4 === 0)).toBe(true);
    expect([...pack.section('odd', 'uint8')]).toEqual([1, 2, 3, 4, 5]);
    expect([...pack.section('ids', 'int32')]).toEqual([-7, 0, 2 ** 30]);
    expect([...pack.section('floats', 'float32')]).toEqual([0.5, -1.25]);
    expect(pack.section('meta', 'json')).toEqual({ words: ['x', 'ÿ', '日本'], n: 3 });
  });

  it('rejects section types it cannot store', () => {
    expect(() => encodePack(META, { bad: new Float64Array(2) })).toThrow(/Float64Array/);
  });

  it('gives clear errors for damaged or mismatched packs', () => {
    const good = demoPack();
    const wrongMagic = new Uint8Array(good.slice(0));
    wrongMagic[0] = 'X'.charCodeAt(0);
    expect(() => decodePack(wrongMagic.buffer, 'x.pack')).toThrow(/x\.pack: not a data pack/);
    expect(() => decodePack(good.slice(0, 6), 'x.pack')).toThrow(/x\.pack: truncated/);
    expect(() => decodePack(good.slice(0, 20), 'x.pack')).toThrow(/truncated \(header/);
    expect(() => decodePack(good.slice(0, good.byteLength - 4), 'x.pack')).toThrow(/section "meta" ends past the end/);

    const pack = decodePack(good, 'x.pack');
    expect(() => pack.section('nope', 'uint8')).toThrow(/x\.pack: no section "nope" \(has: odd, ids, floats, meta\)/);
    expect(() => pack.section('ids', 'float32')).toThrow(/section "ids" is int32, expected float32/);

    // Rewrite the header in place (same length) to an unsupported format and to garbage.
    const bytes = new Uint8Array(good);
    const headerLength = new DataView(good).getUint32(4, true);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    const patched = (replacement: string) => {
      const copy = bytes.slice();
      copy.set(new TextEncoder().encode(replacement), 8);
      return copy.buffer;
    };
    expect(() => decodePack(patched(text.replace('"format":1', '"format":9')), 'x.pack')).toThrow(
      /format 9 is not supported/,
    );
    expect(() => decodePack(patched(text.replace('"classes"', '"klasses"')), 'x.pack')).toThrow(
      /x\.pack: malformed header/,
    );
    expect(() => decodePack(patched(text.replace('{', '[')), 'x.pack')).toThrow(/header is not valid JSON/);
  });
});

describe('stratifiedSplit', () => {
  const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : i < 800 ? 1 : 2));

  it('keeps class proportions and is a disjoint cover of all indices', () => {
    const { train, test } = stratifiedSplit(labels, { fraction: 0.2 }, new Rng(1));
    expect(
      classCounts(
        Int32Array.from(test, (i) => labels[i]),
        3,
      ),
    ).toEqual([100, 60, 40]);
    expect(
      classCounts(
        Int32Array.from(train, (i) => labels[i]),
        3,
      ),
    ).toEqual([400, 240, 160]);
    const all = [...train, ...test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // Not left in class order: the first 50 training examples mix classes.
    expect(new Set(Array.from(train.subarray(0, 50), (i) => labels[i])).size).toBe(3);
  });

  it('hits an exact test count when it does not divide evenly', () => {
    const { train, test } = stratifiedSplit(labels, { count: 333 }, new Rng(1));
    expect(test.length).toBe(333);
    expect(train.length).toBe(667);
    const counts = classCounts(
      Int32Array.from(test, (i) => labels[i]),
      3,
    );
    [166.5, 99.9, 66.6].forEach((exact, c) => expect(Math.abs(counts[c] - exact)).toBeLessThan(1));
  });

  it('is fixed by the seed', () => {
    const a = stratifiedSplit(labels, { fraction: 0.2 }, new Rng(7));
    const b = stratifiedSplit(labels, { fraction: 0.2 }, new Rng(7));
    const c = stratifiedSplit(labels, { fraction: 0.2 }, new Rng(8));
    expect(b).toEqual(a);
    expect(c.test).not.toEqual(a.test);
  });

  it('rejects impossible sizes', () => {
    expect(() => stratifiedSplit(labels, { count: 1001 }, new Rng(1))).toThrow(/test size/);
  });

  it('keeps one example of every class of two or more on each side, where the test size allows', () => {
    const countsOf = (small: Int32Array, indices: Int32Array, k: number) =>
      classCounts(
        Int32Array.from(indices, (i) => small[i]),
        k,
      );
    // 0.2 of 2 is 0.4: by proportion alone, the two small classes would have none to test.
    const small = Int32Array.from([...new Array(40).fill(0), 1, 1, 2, 2]);
    for (const seed of [0, 1, 2]) {
      const { train, test } = stratifiedSplit(small, { fraction: 0.2 }, new Rng(seed));
      expect(test.length).toBe(9);
      expect(countsOf(small, test, 3)).toEqual([7, 1, 1]);
      expect(countsOf(small, train, 3)).toEqual([33, 1, 1]);
    }
    // 10 of 12 to test: by proportion the class of two would go whole to the test side; one stays to train.
    const most = Int32Array.from([0, 0, ...new Array(10).fill(1)]);
    expect(countsOf(most, stratifiedSplit(most, { count: 10 }, new Rng(0)).train, 2)).toEqual([1, 1]);
    // A test set smaller than the classes cannot test each of them.
    expect(countsOf(small, stratifiedSplit(small, { count: 2 }, new Rng(0)).test, 3)).toEqual([1, 1, 0]);
  });
});

describe('toy sets', () => {
  it.each(TOY_IDS)('%s: fixed points, 2-D, balanced classes', async (id) => {
    const a = await bundled.load(id, nodePackSource);
    const b = await bundled.load(id, nodePackSource);
    expect(b).toEqual(a);
    expect(a.input).toEqual({ kind: 'vector', length: 2 });
    expect(a.train.count).toBe(1200);
    expect(a.test.count).toBe(400);
    expect(a.train.x).toBeInstanceOf(Float32Array);
    expect(a.train.x.length).toBe(2400);
    expect(a.test.x.length).toBe(800);
    expect(a.train.x.every(Number.isFinite)).toBe(true);
    const k = a.classes.length;
    for (const split of [a.train, a.test]) {
      for (const n of classCounts(split.y, k)) expect(Math.abs(n - split.count / k)).toBeLessThanOrEqual(1);
    }
  });

  it('have the advertised number of classes and distinct points', () => {
    const sets = TOY_IDS.map(makeToyDataset);
    expect(sets.map((d) => d.classes.length)).toEqual([2, 3, 4]);
    expect(sets[0].train.x.slice(0, 10)).not.toEqual(sets[1].train.x.slice(0, 10));
  });

  it('blobs sit around the four corners', () => {
    const d = makeToyDataset('blobs');
    const corners = [
      [-1, -1],
      [1, -1],
      [-1, 1],
      [1, 1],
    ];
    corners.forEach(([cx, cy], c) => {
      let sx = 0;
      let sy = 0;
      let n = 0;
      d.train.y.forEach((label, i) => {
        if (label !== c) return;
        sx += d.train.x[2 * i];
        sy += d.train.x[2 * i + 1];
        n++;
      });
      expect(Math.hypot(sx / n - cx, sy / n - cy)).toBeLessThan(0.15);
    });
  });
});

describe('tokenizer', () => {
  it('splits words on non-alphanumerics and names into lowercase characters', () => {
    expect(tokenize("Hello, WORLD! It's 42 café", 'word')).toEqual(['hello', 'world', 'it', 's', '42', 'café']);
    expect(tokenize('Zoë', 'char')).toEqual(['z', 'o', 'ë']);
  });

  it('ranks by frequency, breaks ties alphabetically, honours minCount and maxSize', () => {
    const table = new TokenTable();
    const numbers = ['b a c a', 'b d a e'].flatMap((text) => tokenize(text, 'word').map((token) => table.count(token)));
    expect(numbers).toEqual([0, 1, 2, 1, 0, 3, 1, 4]);
    expect(table.find('d')).toBe(3);
    expect(table.find('z')).toBe(-1);
    expect(table.vocabulary().vocabulary).toEqual(['<pad>', '<unk>', 'a', 'b', 'c', 'd', 'e']);
    // Each numbered token's id in the vocabulary: b is 0, a 1, ...; those left out are unknown.
    expect([...table.vocabulary().idOf]).toEqual([3, 2, 4, 5, 6]);
    expect(table.vocabulary({ minCount: 2 })).toEqual({
      vocabulary: ['<pad>', '<unk>', 'a', 'b'],
      idOf: Int32Array.from([3, 2, UNKNOWN_ID, UNKNOWN_ID, UNKNOWN_ID]),
    });
    expect(table.vocabulary({ maxSize: 3 }).vocabulary).toEqual(['<pad>', '<unk>', 'a']);
  });

  it('pads, truncates and maps tokens no training text uses to the unknown id', () => {
    const labelled = (texts: string[]) => ({ texts: new StringTexts(texts), y: new Int32Array(texts.length) });
    const d = tokenizedDataset(
      { id: 't', name: 't', classes: ['x'] },
      labelled(['spam spam eggs']),
      labelled(['Eggs and spam', 'spam spam spam spam spam', '']),
      WORD_ENCODING,
      4,
    );
    const vocab = d.vocabulary!;
    expect(vocab).toEqual(['<pad>', '<unk>', 'spam']);
    const spam = vocab.indexOf('spam');
    // Eggs is seen once in training: under minCount 2, unknown as well.
    expect([...d.train.x]).toEqual([spam, spam, UNKNOWN_ID, PAD_ID]);
    expect([...d.test.x]).toEqual([
      UNKNOWN_ID,
      UNKNOWN_ID,
      spam,
      PAD_ID,
      spam,
      spam,
      spam,
      spam,
      PAD_ID,
      PAD_ID,
      PAD_ID,
      PAD_ID,
    ]);
    expect(d.texts!.test.text(0)).toBe('Eggs and spam');
  });
});

// These read public/data/*.pack: run `npm run prepare-data` first (the test scripts do).
describe('bundled packs', () => {
  const loaded = new Map<string, Promise<Dataset>>();
  const load = (id: string) => {
    if (!loaded.has(id)) loaded.set(id, bundled.load(id, nodePackSource));
    return loaded.get(id)!;
  };

  function expectStratified(d: Dataset) {
    const k = d.classes.length;
    const train = classCounts(d.train.y, k);
    const test = classCounts(d.test.y, k);
    const all = train.map((n, c) => n + test[c]);
    const total = d.train.count + d.test.count;
    all.forEach((n, c) => expect(Math.abs(test[c] - (n * d.test.count) / total)).toBeLessThanOrEqual(1));
    expect(Math.min(...train)).toBeGreaterThan(0);
  }

  it.each([
    ['mnist', 8000, 2000],
    ['fashion-mnist', 60000, 10000],
  ])('%s: uint8 28x28 images, %i train / %i test', async (id, trainCount, testCount) => {
    const d = await load(id);
    expect(d.input).toEqual({ kind: 'image', height: 28, width: 28, channels: 1 });
    expect(d.classes).toHaveLength(10);
    expect([d.train.count, d.test.count]).toEqual([trainCount, testCount]);
    expect(d.train.x).toBeInstanceOf(Uint8Array);
    expect(d.train.x.length).toBe(trainCount * 784);
    expect(d.test.x.length).toBe(testCount * 784);
    expect(Math.max(...d.test.x.subarray(0, 784 * 20))).toBe(255);
    expectStratified(d);
  });

  it('spam: word tokens over a train-only vocabulary', async () => {
    const d = await load('spam');
    expect(d.classes).toEqual(['ham', 'spam']);
    expect(d.input).toEqual({ kind: 'tokens', length: 200, vocabSize: d.vocabulary!.length });
    expect(d.vocabulary!.length).toBeGreaterThan(5000);
    expect(d.vocabulary!.length).toBeLessThanOrEqual(20000);
    expect(d.train.count + d.test.count).toBeGreaterThan(5000);
    expect(d.train.x.length).toBe(d.train.count * 200);
    expect(d.test.x).toBeInstanceOf(Int32Array);
    expect((d.test.x as Int32Array).reduce((a, b) => Math.max(a, b))).toBeLessThan(d.vocabulary!.length);
    expect(d.texts!.train).toHaveLength(d.train.count);
    // Headers are stripped (one spam in the corpus nests a second header block in its body).
    expect(
      strings(d.texts!.train).filter((t) => /^(received|return-path):/im.test(t.slice(0, 200))).length,
    ).toBeLessThanOrEqual(1);
    expect(strings(d.texts!.train).every((t) => t.length <= 2000)).toBe(true);
    const trainTexts = new Set(strings(d.texts!.train));
    expect(strings(d.texts!.test).some((t) => trainTexts.has(t))).toBe(false);
    expectStratified(d);
  });

  it('names: character tokens, names in both lists removed, no name in both splits', async () => {
    const d = await load('names');
    expect(d.classes).toEqual(['female', 'male']);
    expect(d.input).toEqual({ kind: 'tokens', length: 16, vocabSize: d.vocabulary!.length });
    expect(d.vocabulary!.length).toBeGreaterThan(26);
    expect(d.vocabulary!.length).toBeLessThan(60);
    expect(d.train.count).toBeGreaterThan(6000);
    const train = new Set(strings(d.texts!.train).map((n) => n.toLowerCase()));
    expect(strings(d.texts!.test).some((n) => train.has(n.toLowerCase()))).toBe(false);
    expect(strings(d.texts!.train).map((n) => n.toLowerCase())).not.toContain('alexis');
    expectStratified(d);

    const short = await bundled.load('names', nodePackSource, { seqLength: 4 });
    expect(short.input).toMatchObject({ length: 4 });
    expect(short.train.x.length).toBe(short.train.count * 4);
  });

  it('registry lists every dataset and loads each with a matching input kind', async () => {
    expect(DATASETS.map((e) => e.id)).toEqual(['mnist', 'fashion-mnist', 'spam', 'names', 'moons', 'spirals', 'blobs']);
    for (const entry of DATASETS.filter((e) => e.id !== 'fashion-mnist')) {
      const d = await entry.load(nodePackSource, {});
      expect(d.input.kind).toBe(entry.kind);
      expect(d.train.x.length).toBe(d.train.count * featureSize(d.input));
    }
  });

  it('names the file when a pack is missing, damaged or of another dataset', async () => {
    await expect(nodePackSource('nothing.pack')).rejects.toThrow(/npm run prepare-data/);
    const namesBytes = await nodePackSource('names.pack');
    const swapped: PackSource = async () => namesBytes;
    await expect(bundled.load('spam', swapped)).rejects.toThrow(/spam\.pack: holds dataset "names"/);
    const cut: PackSource = async () => namesBytes.slice(0, 1000);
    await expect(bundled.load('names', cut)).rejects.toThrow(/names\.pack: truncated/);
    await expect(bundled.load('names', nodePackSource, { seqLength: 0 })).rejects.toThrow(/seqLength/);
  });
});

describe('previewDataset', () => {
  it('images: first examples per class as standalone pixel copies', async () => {
    const d = await bundled.load('mnist', nodePackSource);
    const p = previewDataset(d, 3);
    expect(p.counts.train.reduce((a, b) => a + b)).toBe(8000);
    expect(p.counts.test.reduce((a, b) => a + b)).toBe(2000);
    expect(p.examples).toHaveLength(10);
    p.examples.forEach((list, c) => {
      expect(list).toHaveLength(3);
      const first = d.train.y.indexOf(c);
      expect(list[0]).toEqual({
        pixels: d.train.x.slice(first * 784, (first + 1) * 784),
        height: 28,
        width: 28,
        channels: 1,
      });
      const pixels = (list[0] as { pixels: Uint8Array }).pixels;
      expect(pixels.buffer.byteLength).toBe(784);
    });
    expect(structuredClone(p)).toEqual(p);
  });

  it('vectors: every training point for a scatter plot; text: raw strings', async () => {
    const moons = previewDataset(makeToyDataset('moons'), 5);
    expect(moons.kind).toBe('vector');
    expect(moons.points!.x).toHaveLength(1200);
    expect(moons.points!.label).toHaveLength(1200);
    expect(moons.examples[1][0]).toEqual({
      point: [moons.points!.x[moons.points!.label.indexOf(1)], moons.points!.y[moons.points!.label.indexOf(1)]],
    });

    const names = previewDataset(await bundled.load('names', nodePackSource), 2);
    expect(names.examples.map((l) => l.length)).toEqual([2, 2]);
    expect(typeof (names.examples[0][0] as { text: string }).text).toBe('string');
    expect(names.points).toBeUndefined();
  });
});

describe('previewSelection', () => {
  it("images: the first picked examples of each class in pick order, and each class's count", async () => {
    const d = await bundled.load('mnist', nodePackSource);
    const ofClass = (c: number) => Array.from(d.train.y.keys()).filter((i) => d.train.y[i] === c);
    const [a, b, c] = ofClass(3).slice(0, 3);
    const other = ofClass(5)[0];
    const p = previewSelection(d, [c, other, a, b], 2);
    expect(p.picked[3]).toBe(3);
    expect(p.picked[5]).toBe(1);
    expect(p.picked.reduce((x, y) => x + y)).toBe(4);
    expect(p.examples[3]).toEqual(
      [c, a].map((i) => ({ pixels: d.train.x.slice(i * 784, (i + 1) * 784), height: 28, width: 28, channels: 1 })),
    );
    expect((p.examples[3][0] as { pixels: Uint8Array }).pixels.buffer.byteLength).toBe(784);
    expect(p.examples[0]).toEqual([]);
    expect(p.points).toBeUndefined();
  });

  it('vectors carry every point for the scatter; texts come as strings; indices outside the training set are refused', async () => {
    const moons = makeToyDataset('moons');
    const p = previewSelection(moons, [7, 3], 0);
    expect(p.points!.x).toHaveLength(1200);
    expect(p.examples.every((list) => list.length === 0)).toBe(true);
    expect(p.picked.reduce((x, y) => x + y)).toBe(2);
    expect(structuredClone(p)).toEqual(p);

    const names = await bundled.load('names', nodePackSource);
    const texts = previewSelection(names, [0, 1, 2], 5);
    expect(
      texts.examples
        .flat()
        .map((e) => (e as { text: string }).text)
        .sort(),
    ).toEqual([0, 1, 2].map((i) => names.texts!.train.text(i)).sort());
    expect(() => previewSelection(moons, [1200], 1)).toThrow(/not in the training set/);
  });
});

describe('data preparation: text cleaning and dropped rows', () => {
  it('decodes a mail in its transfer encoding and charset, and strips its markup', async () => {
    const { mailText, isReadableText } = await import('../../../../src/engine/data/mail-text');
    const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
    const latin = bytes('Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n\nCOTE D\x92IVOIRE, caf\xe9');
    expect(mailText(latin)).toBe('COTE D’IVOIRE, café');
    const qp = bytes(
      'Content-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: quoted-printable\n\n<html><style>p{}</style><p>Caf=C3=A9 &amp; =\nmore</p><br>Bye</html>',
    );
    expect(mailText(qp)).toBe('Café & more\nBye');
    const multipart = bytes(
      'Content-Type: multipart/alternative; boundary="XX"\n\n--XX\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n' +
        Buffer.from('plain words').toString('base64') +
        '\n--XX\nContent-Type: text/html\n\n<b>html words</b>\n--XX--\n',
    );
    expect(mailText(multipart)).toBe('plain words');
    expect(mailText(bytes('Content-Type: image/gif\n\nGIF89a'))).toBe('');
    expect(isReadableText('%%%% 1234 ####')).toBe(false);
    expect(isReadableText('Hello there')).toBe(true);
  });

  it('spam: previews read as plain text, no mis-decoded characters or markup', async () => {
    const d = await bundled.load('spam', nodePackSource);
    const all = [...strings(d.texts!.train), ...strings(d.texts!.test)];
    expect(all.filter((t) => t.includes('\ufffd'))).toEqual([]);
    expect(all.filter((t) => /[\u0080-\u009f]/.test(t))).toEqual([]);
    expect(all.filter((t) => /<\/?(html|body|font|table|td|div|br|p)\b[^>@]*>/i.test(t))).toEqual([]);
    expect(all.some((t) => t.includes('COTE D’IVOIRE'))).toBe(true);
  });

  it('fashion-mnist: no empty (all-zero) images', async () => {
    const d = await bundled.load('fashion-mnist', nodePackSource);
    for (const split of [d.train, d.test]) {
      let empty = 0;
      for (let i = 0; i < split.count; i++) if (split.x.subarray(i * 784, (i + 1) * 784).every((v) => v === 0)) empty++;
      expect(empty).toBe(0);
    }
  });
});
