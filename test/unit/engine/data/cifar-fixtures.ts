/**
 * Small CIFAR archives made in the test, in the published formats: a tar
 * writer (ustar headers), binary batches (label bytes then red, green and
 * blue planes) and pickles as Python 2's cPickle wrote the python version
 * (protocol 2: str as BINSTRING, the images as a numpy array rebuilt by
 * numpy.core.multiarray._reconstruct).
 */
import { gzipSync } from 'fflate';

export const IMAGE = 3072;

/** A tar of regular files (folders too, as GNU tar writes them); `prefix` puts a path's folder in the ustar prefix field. */
export function tar(files: [string, Uint8Array][], { prefix = false, end = true } = {}): Uint8Array {
  const blocks: Uint8Array[] = [];
  const header = (path: string, size: number, type: string) => {
    const block = new Uint8Array(512);
    const put = (text: string, at: number) => block.set(new TextEncoder().encode(text), at);
    const cut = prefix ? path.lastIndexOf('/') : -1;
    put(cut === -1 ? path : path.slice(cut + 1), 0);
    if (cut !== -1) put(path.slice(0, cut), 345);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(`${size.toString(8).padStart(11, '0')}\0`, 124);
    put('00000000000\0', 136);
    put(type, 156);
    put('ustar\0', 257);
    put('00', 263);
    put('        ', 148);
    const sum = block.reduce((a, b) => a + b, 0);
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return block;
  };
  const folders = new Set(files.map(([path]) => path.split('/')[0]).filter((_, i) => files[i][0].includes('/')));
  for (const folder of folders) blocks.push(header(`${folder}/`, 0, '5'));
  for (const [path, data] of files) {
    blocks.push(header(path, data.length, '0'));
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    blocks.push(padded);
  }
  if (end) blocks.push(new Uint8Array(1024));
  return concat(blocks);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const gzip = (bytes: Uint8Array) => gzipSync(bytes);

/** The byte of image `image`'s channel `c` at row `r`, column `col`: every image different, every place told apart. */
export const pixel = (image: number, r: number, col: number, c: number) =>
  (image * 7 + r * 5 + col * 3 + c * 101) % 256;

/** An image as the archives store it: the red plane, then green, then blue. */
export function planes(image: number): Uint8Array {
  const bytes = new Uint8Array(IMAGE);
  for (let c = 0; c < 3; c++)
    for (let r = 0; r < 32; r++)
      for (let col = 0; col < 32; col++) bytes[c * 1024 + r * 32 + col] = pixel(image, r, col, c);
  return bytes;
}

/** A binary batch: each record its label bytes (`labelsOf`), then its image. */
export function binaryBatch(images: number[], labelsOf: (image: number) => number[]): Uint8Array {
  return concat(images.flatMap((image) => [Uint8Array.from(labelsOf(image)), planes(image)]));
}

/** Pickle opcodes as Python 2's cPickle (protocol 2) wrote them. */
export class Py2Pickle {
  private readonly blobs: Uint8Array[] = [];
  private memo = 0;

  private op(...bytes: number[]) {
    this.blobs.push(Uint8Array.from(bytes));
    return this;
  }
  private put() {
    return this.op(0x71, this.memo++); // BINPUT
  }
  private u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];

  str(text: string | Uint8Array) {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    if (bytes.length < 256)
      this.op(0x55, bytes.length); // SHORT_BINSTRING
    else this.op(0x54, ...this.u32(bytes.length)); // BINSTRING
    this.blobs.push(bytes);
    return this.put();
  }
  int(n: number) {
    return n < 256 ? this.op(0x4b, n) : n < 65536 ? this.op(0x4d, n & 255, n >> 8) : this.op(0x4a, ...this.u32(n));
  }
  list(items: (() => void)[]) {
    this.op(0x5d).put();
    // cPickle batches appends by 1,000.
    for (let i = 0; i < items.length; i += 1000) {
      this.op(0x28);
      for (const item of items.slice(i, i + 1000)) item();
      this.op(0x65);
    }
    return this;
  }
  global(module: string, name: string) {
    this.op(0x63);
    this.blobs.push(new TextEncoder().encode(`${module}\n${name}\n`));
    return this.put();
  }
  /** numpy's uint8 array of shape (rows, columns), as ndarray.__reduce__ pickles it. */
  array(rows: number, columns: number, data: Uint8Array) {
    this.global('numpy.core.multiarray', '_reconstruct');
    this.global('numpy', 'ndarray');
    this.int(0).op(0x85).put(); // (0,)
    this.str('b').op(0x87).put().op(0x52).put(); // REDUCE
    this.op(0x28).int(1).int(rows).int(columns).op(0x86).put();
    this.global('numpy', 'dtype');
    this.str('u1').int(0).int(1).op(0x87).put().op(0x52).put();
    this.op(0x28).int(3).str('|').op(0x4e, 0x4e, 0x4e).op(0x4a, 255, 255, 255, 255, 0x4a, 255, 255, 255, 255).int(0);
    this.op(0x74).put().op(0x62); // TUPLE, BUILD (the dtype's state)
    this.op(0x89).str(data).op(0x74).put().op(0x62); // NEWFALSE, the bytes, TUPLE, BUILD (the array's state)
    return this;
  }
  /** A dict of `entries` (values written by their functions). */
  dict(entries: [string, () => void][]) {
    this.op(0x80, 2, 0x7d).put().op(0x28);
    for (const [key, value] of entries) {
      this.str(key);
      value();
    }
    return this.op(0x75, 0x2e); // SETITEMS, STOP
  }
  /** Raw opcodes, for hostile pickles. */
  raw(bytes: Uint8Array) {
    this.blobs.push(bytes);
    return this;
  }
  bytes(): Uint8Array {
    return concat(this.blobs);
  }
}

/** A python batch: {'batch_label', 'labels' (or CIFAR-100's two), 'data', 'filenames'}. */
export function pythonBatch(images: number[], labels: Record<string, (image: number) => number>): Uint8Array {
  const p = new Py2Pickle();
  return p
    .dict([
      ['batch_label', () => p.str('training batch 1 of 5')],
      ...Object.entries(labels).map(
        ([key, of]) => [key, () => p.list(images.map((image) => () => p.int(of(image))))] as [string, () => void],
      ),
      ['data', () => p.array(images.length, IMAGE, concat(images.map(planes)))],
      ['filenames', () => p.list(images.map((image) => () => p.str(`image_${image}.png`)))],
    ])
    .bytes();
}

/** A python meta file: {key: [names]}. */
export function pythonMeta(key: string, names: string[]): Uint8Array {
  const p = new Py2Pickle();
  return p
    .dict([
      ['num_cases_per_batch', () => p.int(10000)],
      [key, () => p.list(names.map((name) => () => p.str(name)))],
    ])
    .bytes();
}

export const CIFAR10_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
export const CIFAR100_NAMES = Array.from({ length: 100 }, (_, i) => `fine_${i}`);

/** Images numbered in batches: `perBatch` each, so that image n's batch and place are known. */
export const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
