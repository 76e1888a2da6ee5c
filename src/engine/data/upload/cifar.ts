/**
 * CIFAR-10 or CIFAR-100 from the archive as published, binary or python
 * version (cifar-layout.ts): streamed from the gzip through the tar into
 * one array of images in the lab's layout, checked against the known
 * layout file by file, with the archive's own train/test split. Python
 * batches are pickles, read by the lab's own interpreter (pickle.ts), which
 * runs nothing.
 */
import { grouped, type ArchiveLimits, type UploadLimits } from '../../../core/upload/limits';
import { CifarImages, type ImageBlock } from './cifar-images';
import { batchOrder, CIFAR_LAYOUTS, IMAGE_BYTES, recordBytes, SIDE, type CifarLayout } from './cifar-layout';
import type { ReadExamples } from './examples';
import { checkClassName, isJunk, quoted } from './names';
import { PickleReader } from './pickle';
import { NumpyArray, PyBytes, PyDict, StreamedBytes, type PickleValue } from './pickle-values';
import type { Reading } from './reading';
import type { FileSink, TarFile } from './tar';
import { readTarArchive } from './tar-stream';
import { UploadError, fail } from './upload-error';

/** A class-name file is small: 100 names. */
const META_BYTES = 64 * 1024;

const PUBLISHED = CIFAR_LAYOUTS.map((layout) => layout.archive);

/** Errors about a file start with its name: "data_batch_3.bin holds ...". */
function named(name: string, open: () => FileSink): FileSink {
  const said = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof UploadError) throw new UploadError(`${name} ${error.message}`);
      throw error;
    }
  };
  const sink = said(open);
  return { data: (chunk) => said(() => sink.data(chunk)), end: () => said(() => sink.end()) };
}

function checkLabel(layout: CifarLayout, label: unknown, image: number): number {
  if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= layout.classes)
    fail(
      `gives image ${grouped(image + 1)} the label ${JSON.stringify(label)}; ${layout.dataset} has ${layout.classes} classes, labelled 0 to ${layout.classes - 1}`,
    );
  return label;
}

/** A binary batch: records of label bytes then image bytes, framed as they arrive. */
function binaryBatch(layout: CifarLayout, file: TarFile, open: (count: number) => ImageBlock): FileSink {
  const size = recordBytes(layout);
  const labels = `${layout.labelBytes} label byte${layout.labelBytes === 1 ? '' : 's'}`;
  if (file.size % size !== 0 || file.size === 0)
    fail(
      `holds ${grouped(file.size)} bytes, not a whole number of ${grouped(size)}-byte records (${labels} + ${grouped(IMAGE_BYTES)} pixel bytes); the archive may be truncated`,
    );
  const block = open(file.size / size);
  const record = new Uint8Array(size);
  let fill = 0;
  let image = 0;
  const take = (bytes: Uint8Array, at: number) => {
    block.labels[image] = checkLabel(layout, bytes[at + layout.labelAt], image);
    block.write(bytes.subarray(at + layout.labelBytes, at + size));
    image++;
  };
  return {
    data(chunk) {
      let at = 0;
      while (at < chunk.length) {
        if (fill === 0 && chunk.length - at >= size) {
          take(chunk, at);
          at += size;
          continue;
        }
        const part = Math.min(size - fill, chunk.length - at);
        record.set(chunk.subarray(at, at + part), fill);
        fill += part;
        at += part;
        if (fill === size) {
          take(record, 0);
          fill = 0;
        }
      }
    },
    end() {},
  };
}

const dictOf = (value: PickleValue): PyDict =>
  value instanceof PyDict ? value : fail('does not hold a dict, as every CIFAR pickle does');

/** A python batch: a pickled dict whose image data streams into its block; its labels are checked at its end. */
function pythonBatch(layout: CifarLayout, open: (count: number) => ImageBlock, limits: ArchiveLimits): FileSink {
  let block: ImageBlock | undefined;
  const pickle = new PickleReader({
    streamFrom: IMAGE_BYTES,
    // Labels, file names and coarse labels: a few values an image.
    maxValues: 4 * limits.examples + 1000,
    stream(length) {
      if (block) fail('holds a second run of image data; a CIFAR batch holds one');
      if (length % IMAGE_BYTES !== 0)
        fail(`holds ${grouped(length)} bytes of image data, not a whole number of ${grouped(IMAGE_BYTES)}-byte images`);
      const opened = open(length / IMAGE_BYTES);
      block = opened;
      return (chunk) => opened.write(chunk);
    },
  });
  return {
    data: (chunk) => pickle.push(chunk),
    end() {
      const dict = dictOf(pickle.end());
      const data = dict.entries.get('data');
      const count = block?.count ?? 0;
      if (!(data instanceof NumpyArray) || !(data.data instanceof StreamedBytes) || !block)
        fail(`holds no image data under "data" (a numpy array of ${grouped(IMAGE_BYTES)} bytes an image)`);
      const [rows, columns] = data.shape;
      if (
        data.shape.length !== 2 ||
        rows !== count ||
        columns !== IMAGE_BYTES ||
        !/^[|=<>]?u1$|^uint8$/.test(data.dtype?.code ?? '')
      )
        fail(
          `holds image data of shape (${data.shape.join(', ')}) and dtype ${JSON.stringify(data.dtype?.code)}; a CIFAR batch holds (${grouped(count)}, ${IMAGE_BYTES}) bytes (u1)`,
        );
      const labels = dict.entries.get(layout.labelsKey);
      if (!Array.isArray(labels) || labels.length !== count)
        fail(
          `holds ${Array.isArray(labels) ? grouped(labels.length) : 'no'} labels under "${layout.labelsKey}" for its ${grouped(count)} images`,
        );
      labels.forEach((label, i) => {
        block!.labels[i] = checkLabel(layout, label, i);
      });
    },
  };
}

/** The class names, one a line (binary) or a pickled dict's list (python): as many as the classes, each a usable name, none twice. */
function metaFile(layout: CifarLayout, file: TarFile, limits: UploadLimits, done: (names: string[]) => void): FileSink {
  if (file.size > META_BYTES) fail(`holds ${grouped(file.size)} bytes, more than ${layout.classes} class names take`);
  const bytes = new Uint8Array(file.size);
  let fill = 0;
  return {
    data(chunk) {
      bytes.set(chunk, fill);
      fill += chunk.length;
    },
    end() {
      let names: string[];
      if (layout.encoding === 'binary') {
        names = new TextDecoder()
          .decode(bytes)
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
      } else {
        const pickle = new PickleReader({
          streamFrom: META_BYTES,
          maxValues: 1000,
          stream: () => fail('holds more than class names'),
        });
        pickle.push(bytes);
        const list = dictOf(pickle.end()).entries.get(layout.namesKey);
        if (!Array.isArray(list)) fail(`holds no list of class names under "${layout.namesKey}"`);
        names = list.map((name) =>
          name instanceof PyBytes
            ? name.text
            : typeof name === 'string'
              ? name
              : fail('holds a class name that is not text'),
        );
      }
      if (names.length !== layout.classes)
        fail(`names ${names.length} classes; ${layout.dataset} has ${layout.classes}`);
      names.forEach((name, c) => checkClassName(name, `class ${c}`, limits));
      const twice = names.find((name, c) => names.indexOf(name) !== c);
      if (twice !== undefined) fail(`names the class ${quoted(twice)} twice`);
      done(names);
    },
  };
}

/** The archive's layout, told by the folder of its first file. */
function layoutOf(name: string): CifarLayout {
  const folder = name.split('/')[0];
  const layout = CIFAR_LAYOUTS.find((l) => l.folder === folder);
  if (!layout)
    fail(
      `is not a CIFAR archive: it holds ${quoted(name)}; the lab reads the CIFAR-10 and CIFAR-100 archives as published (${PUBLISHED.join(', ')})`,
    );
  return layout;
}

export type CifarExamples = ReadExamples & Required<Pick<ReadExamples, 'split' | 'name'>>;

export async function readCifarArchive(
  bytes: Uint8Array,
  archiveLimits: ArchiveLimits,
  limits: UploadLimits,
  reading: Reading,
): Promise<CifarExamples> {
  let layout: CifarLayout | undefined;
  let names: string[] | undefined;
  const images = new CifarImages(archiveLimits.examples);
  const seen = new Set<string>();
  const skipped: string[] = [];

  function onFile(file: TarFile): FileSink | null {
    const parts = file.name.split('/');
    if (isJunk(parts)) return null;
    layout ??= layoutOf(file.name);
    const cifar = layout;
    const base = parts[1];
    if (parts.length !== 2 || parts[0] !== cifar.folder) {
      skipped.push(file.name);
      return null;
    }
    if (seen.has(base)) fail(`holds ${quoted(file.name)} twice`);
    seen.add(base);
    const order = batchOrder(cifar, base);
    const open = (count: number) => images.open(count, order);
    if (order >= 0)
      return named(base, () =>
        cifar.encoding === 'binary' ? binaryBatch(cifar, file, open) : pythonBatch(cifar, open, archiveLimits),
      );
    if (base === cifar.meta) return named(base, () => metaFile(cifar, file, limits, (read) => (names = read)));
    skipped.push(file.name);
    return null;
  }

  await readTarArchive(bytes, onFile, archiveLimits.unpackedBytes, reading);
  if (!layout)
    fail(
      `holds no CIFAR files; the lab reads the CIFAR-10 and CIFAR-100 archives as published (${PUBLISHED.join(', ')})`,
    );
  const missing = [...layout.train, layout.test].filter((file) => !seen.has(file));
  if (missing.length > 0)
    fail(
      `misses ${missing.join(', ')}: ${layout.archive} as published holds ${[...layout.train, layout.test].join(', ')}; the archive may be incomplete: download it again`,
    );
  if (!names) fail(`misses ${layout.meta}, which names the classes`);

  const { x, labels, train } = images.finish(layout.train.length);
  const test = labels.length - train;
  const notes = [
    `The archive's own split: ${grouped(train)} training images (${layout.train.join(', ')}) and ${grouped(test)} test images (${layout.test}).`,
  ];
  if (layout.classes === 100) notes.push('The 100 fine classes (the 20 coarse ones are not used).');
  if (skipped.length > 0)
    notes.push(
      `${skipped.length === 1 ? '1 other file was' : `${skipped.length} other files were`} skipped: ${skipped.slice(0, 3).map(quoted).join(', ')}${skipped.length > 3 ? ', ...' : ''}.`,
    );
  return {
    labels: { classes: names, y: Int32Array.from(labels) },
    examples: { kind: 'image', input: { kind: 'image', height: SIDE, width: SIDE, channels: 3 }, x },
    notes,
    split: { train, test },
    name: layout.dataset,
  };
}
