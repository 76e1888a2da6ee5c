/** CIFAR-10 and CIFAR-100 read from small archives in the published formats: layout, labels, names, the official split, and hostile archives refused in words. */
import { describe, expect, test } from 'vitest';
import { ARCHIVE_LIMITS, type ArchiveLimits } from '../../../../src/core/upload/limits';
import { DEFAULT_SPLIT, uploadEntry } from '../../../../src/engine/data/upload/build-upload';
import { PickleReader } from '../../../../src/engine/data/upload/pickle';
import type { NumpyArray, PyDict } from '../../../../src/engine/data/upload/pickle-values';
import { readArchive } from '../../../../src/engine/data/upload/read-upload';
import { TarReader } from '../../../../src/engine/data/upload/tar';
import {
  binaryBatch,
  CIFAR10_NAMES,
  CIFAR100_NAMES,
  concat,
  gzip,
  IMAGE,
  pixel,
  planes,
  Py2Pickle,
  pythonBatch,
  pythonMeta,
  range,
  tar,
} from './cifar-fixtures';
import { read, refusal, utf8 } from './upload-fixtures';

const META = utf8(`${CIFAR10_NAMES.join('\n')}\n\n`);
const BIN = 'cifar-10-batches-bin';
const PY = 'cifar-10-batches-py';
/** Four images in each training batch, three in the test batch: image n of batch b is image 4(b-1)+n. */
const batchImages = (b: number) => (b === 6 ? range(20, 3) : range(4 * (b - 1), 4));
const label10 = (image: number) => (image * 3) % 10;

/** The CIFAR-10 binary archive's files, in the order the published tar holds them (not the split's). */
function cifar10Binary(change: Record<string, Uint8Array | null> = {}): [string, Uint8Array][] {
  const files: [string, Uint8Array][] = [
    ['data_batch_1.bin', binaryBatch(batchImages(1), (i) => [label10(i)])],
    ['batches.meta.txt', META],
    ['data_batch_3.bin', binaryBatch(batchImages(3), (i) => [label10(i)])],
    ['data_batch_4.bin', binaryBatch(batchImages(4), (i) => [label10(i)])],
    ['test_batch.bin', binaryBatch(batchImages(6), (i) => [label10(i)])],
    ['readme.html', utf8('<html></html>')],
    ['data_batch_5.bin', binaryBatch(batchImages(5), (i) => [label10(i)])],
    ['data_batch_2.bin', binaryBatch(batchImages(2), (i) => [label10(i)])],
  ];
  return files
    .map(([name, data]): [string, Uint8Array | null] => [name, name in change ? change[name] : data])
    .filter((file): file is [string, Uint8Array] => file[1] !== null)
    .map(([name, data]) => [`${BIN}/${name}`, data]);
}

function cifar10Python(change: Record<string, Uint8Array | null> = {}): [string, Uint8Array][] {
  const batch = (b: number) => pythonBatch(batchImages(b), { labels: label10 });
  const files: [string, Uint8Array][] = [
    ['data_batch_4', batch(4)],
    ['readme.html', utf8('<html></html>')],
    ['test_batch', batch(6)],
    ['data_batch_3', batch(3)],
    ['batches.meta', pythonMeta('label_names', CIFAR10_NAMES)],
    ['data_batch_2', batch(2)],
    ['data_batch_5', batch(5)],
    ['data_batch_1', batch(1)],
  ];
  return files
    .map(([name, data]): [string, Uint8Array | null] => [name, name in change ? change[name] : data])
    .filter((file): file is [string, Uint8Array] => file[1] !== null)
    .map(([name, data]) => [`${PY}/${name}`, data]);
}

/** Example `i` of `x` (32x32x3, channels last) holds image `image`: every pixel of every channel where it belongs. */
function expectImage(x: Uint8Array, i: number, image: number): void {
  const got = x.subarray(i * IMAGE, (i + 1) * IMAGE);
  const want = new Uint8Array(IMAGE);
  for (let r = 0; r < 32; r++)
    for (let col = 0; col < 32; col++)
      for (let c = 0; c < 3; c++) want[(r * 32 + col) * 3 + c] = pixel(image, r, col, c);
  expect(Buffer.from(got).equals(Buffer.from(want)), `example ${i} is image ${image}`).toBe(true);
}

const small: ArchiveLimits = { ...ARCHIVE_LIMITS, examples: 100 };
const archive = (name: string, files: [string, Uint8Array][], limits = small) =>
  read(name, gzip(tar(files)), {}, { archiveLimits: limits });
const refused = (name: string, bytes: Uint8Array, limits = small) =>
  refusal(name, bytes, {}, { archiveLimits: limits });

describe('CIFAR-10, binary version', () => {
  test('reads images in the lab layout, labels and class names, with the official split in batch order', async () => {
    const upload = await archive('cifar-10-binary.tar.gz', cifar10Binary());
    expect(upload.name).toBe('CIFAR-10');
    expect(upload.format).toBe('cifar');
    expect(upload.classes).toEqual(CIFAR10_NAMES);
    expect(upload.examples).toMatchObject({
      kind: 'image',
      input: { kind: 'image', height: 32, width: 32, channels: 3 },
    });
    expect(upload.split).toEqual({ train: 20, test: 3 });
    // Batches 1 to 5 in order, whatever the tar's order, then the test batch.
    const x = upload.examples.kind === 'image' ? (upload.examples.x as Uint8Array) : new Uint8Array();
    expect(x.length).toBe(23 * IMAGE);
    range(0, 23).forEach((i) => expectImage(x, i, i));
    expect(Array.from(upload.y)).toEqual(range(0, 23).map(label10));
    // A known pixel: image 5, row 4, column 7, green.
    expect(x[5 * IMAGE + (4 * 32 + 7) * 3 + 1]).toBe(pixel(5, 4, 7, 1));
    expect(upload.notes).toEqual([
      "The archive's own split: 20 training images (data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin) and 3 test images (test_batch.bin).",
      '1 other file was skipped: "cifar-10-batches-bin/readme.html".',
    ]);
  });

  test('the dataset keeps the official split, whatever test share is chosen', async () => {
    const upload = await archive('cifar-10-binary.tar.gz', cifar10Binary());
    const entry = uploadEntry(upload, DEFAULT_SPLIT);
    expect(uploadEntry(upload, { testFraction: 0.5, stratified: false, seed: 9 }).id).toBe(entry.id);
    const dataset = await entry.load({} as never, {});
    expect(dataset.train.count).toBe(20);
    expect(dataset.test.count).toBe(3);
    expectImage(dataset.train.x as Uint8Array, 0, 0);
    expectImage(dataset.test.x as Uint8Array, 0, 20);
    expect(Array.from(dataset.test.y)).toEqual([20, 21, 22].map(label10));
    expect(entry.description).toMatch(/20 train \/ 3 test \(the file's own split\)/);
  });

  test('a plain .tar, and names in the ustar prefix, read the same', async () => {
    const upload = await read(
      'cifar-10-binary.tar',
      tar(cifar10Binary(), { prefix: true }),
      {},
      { archiveLimits: small },
    );
    expect(upload.split).toEqual({ train: 20, test: 3 });
    expect(upload.name).toBe('CIFAR-10');
  });
});

describe('CIFAR-100', () => {
  const fine = (image: number) => (image * 37) % 100;
  const coarse = (image: number) => image % 20;

  test('binary: the fine labels (the second label byte) and the fine class names', async () => {
    const upload = await archive('cifar-100-binary.tar.gz', [
      [
        'cifar-100-binary/coarse_label_names.txt',
        utf8(
          range(0, 20)
            .map((i) => `coarse_${i}`)
            .join('\n'),
        ),
      ],
      ['cifar-100-binary/test.bin', binaryBatch(range(30, 5), (i) => [coarse(i), fine(i)])],
      ['cifar-100-binary/fine_label_names.txt', utf8(CIFAR100_NAMES.join('\n'))],
      ['cifar-100-binary/train.bin', binaryBatch(range(0, 30), (i) => [coarse(i), fine(i)])],
    ]);
    expect(upload.name).toBe('CIFAR-100');
    expect(upload.classes).toEqual(CIFAR100_NAMES);
    expect(upload.split).toEqual({ train: 30, test: 5 });
    expect(Array.from(upload.y)).toEqual(range(0, 35).map(fine));
    expectImage(upload.examples.kind === 'image' ? (upload.examples.x as Uint8Array) : new Uint8Array(), 31, 31);
    expect(upload.notes).toContain('The 100 fine classes (the 20 coarse ones are not used).');
  });

  test('python: fine_labels and fine_label_names from the pickles', async () => {
    const labels = { fine_labels: fine, coarse_labels: coarse };
    const p = new Py2Pickle();
    const meta = p
      .dict([
        ['fine_label_names', () => p.list(CIFAR100_NAMES.map((name) => () => p.str(name)))],
        ['coarse_label_names', () => p.list(range(0, 20).map((i) => () => p.str(`coarse_${i}`)))],
      ])
      .bytes();
    const upload = await archive('cifar-100-python.tar.gz', [
      ['cifar-100-python/file.txt~', utf8('')],
      ['cifar-100-python/train', pythonBatch(range(0, 30), labels)],
      ['cifar-100-python/test', pythonBatch(range(30, 5), labels)],
      ['cifar-100-python/meta', meta],
    ]);
    expect(upload.classes).toEqual(CIFAR100_NAMES);
    expect(upload.split).toEqual({ train: 30, test: 5 });
    expect(Array.from(upload.y)).toEqual(range(0, 35).map(fine));
    const x = upload.examples.kind === 'image' ? (upload.examples.x as Uint8Array) : new Uint8Array();
    range(0, 35).forEach((i) => expectImage(x, i, i));
  });
});

describe('CIFAR-10, python version (pickles read without running them)', () => {
  test('reads the same images, labels and names as the binary version', async () => {
    const python = await archive('cifar-10-python.tar.gz', cifar10Python());
    const binary = await archive('cifar-10-binary.tar.gz', cifar10Binary());
    expect(python.classes).toEqual(CIFAR10_NAMES);
    expect(python.split).toEqual({ train: 20, test: 3 });
    expect(Array.from(python.y)).toEqual(Array.from(binary.y));
    const x = python.examples.kind === 'image' ? (python.examples.x as Uint8Array) : new Uint8Array();
    range(0, 23).forEach((i) => expectImage(x, i, i));
  });

  test('a pickle naming another callable (os.system) is refused at its name, before anything else', async () => {
    const hostile = new Py2Pickle()
      .raw(Uint8Array.from([0x80, 2]))
      .raw(utf8('cos\nsystem\n'))
      .raw(Uint8Array.from([0x55, 5]))
      .raw(utf8('touch'))
      .raw(Uint8Array.from([0x85, 0x52, 0x2e]))
      .bytes();
    expect(await refused('cifar-10-python.tar.gz', gzip(tar(cifar10Python({ data_batch_2: hostile }))))).toBe(
      'cifar-10-python.tar.gz: data_batch_2 names the Python callable "os.system", which the lab never runs: a CIFAR pickle names only numpy\'s array reconstruction (it may not be a CIFAR file, or may be hostile)',
    );
    // Object-building opcodes are refused by name too.
    const inst = concat([Uint8Array.from([0x80, 2, 0x28]), utf8('iposix\nsystem\n'), Uint8Array.from([0x2e])]);
    expect(await refused('cifar-10-python.tar.gz', gzip(tar(cifar10Python({ test_batch: inst }))))).toMatch(
      /^cifar-10-python\.tar\.gz: test_batch uses the pickle opcode INST, which builds Python objects/,
    );
  });

  test('labels that do not match the images are refused', async () => {
    const short = pythonBatch(batchImages(3), { labels: label10 });
    const fewer = pythonBatch(batchImages(3), {});
    expect(await refused('cifar-10-python.tar.gz', gzip(tar(cifar10Python({ data_batch_3: fewer }))))).toBe(
      'cifar-10-python.tar.gz: data_batch_3 holds no labels under "labels" for its 4 images',
    );
    const wrong = pythonBatch(batchImages(3), { labels: () => 11 });
    expect(await refused('cifar-10-python.tar.gz', gzip(tar(cifar10Python({ data_batch_3: wrong }))))).toBe(
      'cifar-10-python.tar.gz: data_batch_3 gives image 1 the label 11; CIFAR-10 has 10 classes, labelled 0 to 9',
    );
    // Cut short inside the pickle (the tar itself whole).
    expect(
      await refused('cifar-10-python.tar.gz', gzip(tar(cifar10Python({ data_batch_3: short.subarray(0, 5000) })))),
    ).toBe('cifar-10-python.tar.gz: data_batch_3 ends before its pickle does; the file may be truncated');
  });
});

describe('hostile or damaged archives, each with its message', () => {
  const whole = () => gzip(tar(cifar10Binary()));

  test('a truncated gzip', async () => {
    const bytes = whole();
    expect(await refused('cifar-10-binary.tar.gz', bytes.subarray(0, bytes.length >> 1))).toMatch(
      /^cifar-10-binary\.tar\.gz: its gzip data ends before the archive does \([\d,]+ bytes\); the download may be truncated: download it again$/,
    );
  });

  test('a truncated tar inside a whole gzip', async () => {
    const plain = tar(cifar10Binary());
    const header = Buffer.from(plain).indexOf('cifar-10-batches-bin/data_batch_3.bin');
    expect(await refused('cifar-10-binary.tar.gz', gzip(plain.subarray(0, header + 512 + 5000)))).toMatch(
      /^cifar-10-binary\.tar\.gz: ends inside "cifar-10-batches-bin\/data_batch_3\.bin" \([\d,]+ of its 12,292 bytes\); the archive may be truncated: download it again$/,
    );
  });

  test('a batch file with a partial record', async () => {
    const cut = binaryBatch(batchImages(3), (i) => [label10(i)]).subarray(0, 4 * 3073 - 1);
    expect(await refused('cifar-10-binary.tar.gz', gzip(tar(cifar10Binary({ 'data_batch_3.bin': cut }))))).toBe(
      'cifar-10-binary.tar.gz: data_batch_3.bin holds 12,291 bytes, not a whole number of 3,073-byte records (1 label byte + 3,072 pixel bytes); the archive may be truncated',
    );
  });

  test('a label byte out of range', async () => {
    const bad = binaryBatch(batchImages(2), (i) => [i === 6 ? 10 : label10(i)]);
    expect(await refused('cifar-10-binary.tar.gz', gzip(tar(cifar10Binary({ 'data_batch_2.bin': bad }))))).toBe(
      'cifar-10-binary.tar.gz: data_batch_2.bin gives image 3 the label 10; CIFAR-10 has 10 classes, labelled 0 to 9',
    );
  });

  test('a missing test batch, or missing class names', async () => {
    expect(await refused('cifar-10-binary.tar.gz', gzip(tar(cifar10Binary({ 'test_batch.bin': null }))))).toBe(
      'cifar-10-binary.tar.gz: misses test_batch.bin: cifar-10-binary.tar.gz as published holds data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin; the archive may be incomplete: download it again',
    );
    expect(await refused('cifar-10-binary.tar.gz', gzip(tar(cifar10Binary({ 'batches.meta.txt': null }))))).toBe(
      'cifar-10-binary.tar.gz: misses batches.meta.txt, which names the classes',
    );
    expect(
      await refused('cifar-10-binary.tar.gz', gzip(tar(cifar10Binary({ 'batches.meta.txt': utf8('cat\ndog\n') })))),
    ).toBe('cifar-10-binary.tar.gz: batches.meta.txt names 2 classes; CIFAR-10 has 10');
  });

  test('a tar of something else, and a file that is no archive', async () => {
    expect(await refused('photos.tar.gz', gzip(tar([['photos/cat.png', utf8('png')]])))).toBe(
      'photos.tar.gz: is not a CIFAR archive: it holds "photos/cat.png"; the lab reads the CIFAR-10 and CIFAR-100 archives as published (cifar-10-binary.tar.gz, cifar-100-binary.tar.gz, cifar-10-python.tar.gz, cifar-100-python.tar.gz)',
    );
    expect(await refused('cifar.tar.gz', gzip(utf8('not a tar at all'.repeat(100))))).toBe(
      'cifar.tar.gz: is not a tar archive: its first block is not a tar header',
    );
    expect(await refused('cifar.tar.gz', Uint8Array.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]))).toMatch(
      /^cifar\.tar\.gz: is not valid gzip data/,
    );
  });

  test('too many records, too many inflated bytes, too large a file', async () => {
    expect(await refused('cifar-10-binary.tar.gz', whole(), { ...ARCHIVE_LIMITS, examples: 10 })).toMatch(
      /^cifar-10-binary\.tar\.gz: \S+ takes the archive past 10 images; an archive may hold at most 10 \(CIFAR-10 and CIFAR-100 hold 60,000\)$/,
    );
    expect(await refused('cifar-10-binary.tar.gz', whole(), { ...small, unpackedBytes: 40_000 })).toBe(
      'cifar-10-binary.tar.gz: inflates to more than 0.0 MiB; a CIFAR archive inflates to under 180 MiB (this one may not be a CIFAR archive, or may be a "gzip bomb")',
    );
    // A bomb: 16 MiB of zeros inflates no further than the limit.
    const bomb = gzip(new Uint8Array(16 * 2 ** 20));
    expect(await refused('cifar-10-binary.tar.gz', bomb, { ...small, unpackedBytes: 2 ** 20 })).toMatch(
      /inflates to more than 1 MiB/,
    );
    expect(await refused('cifar-10-binary.tar.gz', whole(), { ...small, fileBytes: 1000 })).toMatch(
      /^cifar-10-binary\.tar\.gz: is 0\.\d MiB; a CIFAR archive may be at most 0\.0 MiB/,
    );
  });

  test('a file twice', async () => {
    const files = cifar10Binary();
    expect(await refused('cifar-10-binary.tar.gz', gzip(tar([...files, files[0]])))).toBe(
      'cifar-10-binary.tar.gz: holds "cifar-10-batches-bin/data_batch_1.bin" twice',
    );
  });
});

describe('reading', () => {
  test('tells its progress through the file, and stops when asked', async () => {
    const bytes = gzip(tar(cifar10Binary()));
    const seen: [number, number, string][] = [];
    await read('cifar-10-binary.tar.gz', bytes, {}, { archiveLimits: small, onProgress: (...p) => seen.push(p) });
    expect(seen.at(-1)).toEqual([bytes.length, bytes.length, 'file']);
    const stopped = await read(
      'cifar-10-binary.tar.gz',
      bytes,
      {},
      { archiveLimits: small, shouldStop: () => true },
    ).catch((e: Error) => e.name);
    expect(stopped).toBe('UploadCancelled');
  });

  test('readArchive reads an archive as "Load a dataset file" and the command line take it', async () => {
    const upload = await readArchive('cifar-10-binary.tar.gz', gzip(tar(cifar10Binary())), { archiveLimits: small });
    expect(upload.split).toEqual({ train: 20, test: 3 });
  });
});

describe('the readers, fed the bytes in pieces of any size (as a gunzip gives them)', () => {
  /** `bytes` in pieces of 1, 2, ... 13 bytes, round again. */
  const pieces = (bytes: Uint8Array) => {
    const out: Uint8Array[] = [];
    for (let at = 0, size = 1; at < bytes.length; at += size, size = (size % 13) + 1)
      out.push(bytes.subarray(at, at + size));
    return out;
  };

  test('the tar reader gives each file whole, and skips folders', () => {
    const files = cifar10Binary();
    const got = new Map<string, Uint8Array[]>();
    const reader = new TarReader((file) => {
      const parts: Uint8Array[] = [];
      got.set(file.name, parts);
      return { data: (chunk) => parts.push(chunk.slice()), end: () => {} };
    });
    for (const piece of pieces(tar(files, { prefix: true }))) reader.push(piece);
    reader.end();
    expect([...got.keys()]).toEqual(files.map(([name]) => name));
    for (const [name, data] of files) expect(Buffer.from(concat(got.get(name)!)).equals(Buffer.from(data))).toBe(true);
  });

  test('the pickle reader streams the image data and reads the rest', () => {
    const streamed: Uint8Array[] = [];
    const reader = new PickleReader({
      streamFrom: IMAGE,
      maxValues: 1000,
      stream: (length) => {
        expect(length).toBe(3 * IMAGE);
        return (chunk) => streamed.push(chunk.slice());
      },
    });
    for (const piece of pieces(pythonBatch([4, 5, 6], { labels: label10 }))) reader.push(piece);
    const dict = reader.end() as PyDict;
    expect(dict.entries.get('labels')).toEqual([4, 5, 6].map(label10));
    const data = dict.entries.get('data') as NumpyArray;
    expect(data.shape).toEqual([3, IMAGE]);
    expect(data.dtype?.code).toBe('u1');
    expect(Buffer.from(concat(streamed)).equals(Buffer.from(concat([4, 5, 6].map(planes))))).toBe(true);
  });
});
