/**
 * A zip's image entries, streamed. Every byte unpacked is counted as it
 * appears, so an archive that would unpack past the limits stops there,
 * whatever its headers claim. Entries are checked as they come (their
 * count, names, compression); folders, OS junk and files that are not
 * images are passed over, the last counted for a note.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { grouped, mib, type UploadLimits } from '../../../core/upload/limits';
import { checkEntryName, isJunk, quoted } from './names';
import type { Reading } from './reading';
import { fail } from './upload-error';

export const IMAGE_FORMATS = 'PNG, JPEG, WebP or GIF';
const IMAGE_NAME = /\.(png|jpe?g|webp|gif)$/i;

/** Compressed bytes fed to the unzipper at a time: deflate expands at most about 1,032 times, so one push unpacks at most about 16 MiB before the limits are checked. */
const CHUNK = 16 * 1024;

/** The compression methods the lab reads (APPNOTE 4.4.5): fflate inflates Deflate, and stored entries need nothing. */
const STORED = 0;
const DEFLATE = 8;
const ENCRYPTED = 99;
/** Other methods zip tools offer, by name, for the message that refuses them. */
const METHOD_NAMES: Record<number, string> = {
  1: 'Shrink',
  6: 'Implode',
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  98: 'PPMd',
};

export interface ZipImage {
  name: string;
  /** The path's folders and file name. */
  parts: string[];
  /** The file's bytes, or their first `headBytes` when only heads are asked for. */
  data: Uint8Array;
  /** Whether `data` is the whole file. */
  whole: boolean;
}

export interface ZipWalk {
  /** Keep only each image's first bytes (enough for its header); the rest is still unpacked and counted. */
  headBytes?: number;
  /** Each image, in archive order. */
  onImage(image: ZipImage): void | Promise<void>;
  reading: Reading;
  /** Progress is said in the archive's bytes (what the survey of it goes through). */
  reportBytes: boolean;
}

export interface ZipSkipped {
  count: number;
  /** The first file skipped, to name in the note. */
  first: string;
}

/** Whether the bytes start as a zip archive: a file entry, or the end record of an archive with none. */
function zipStart(bytes: Uint8Array): 'entries' | 'empty' | null {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null;
  if (bytes[2] === 3 && bytes[3] === 4) return 'entries';
  if (bytes[2] === 5 && bytes[3] === 6) return 'empty';
  return null;
}

function checkCompression(method: number, name: string): void {
  if (method === STORED || method === DEFLATE) return;
  const reads = 'the lab reads zip entries that are stored or compressed with Deflate, as most zip tools make them';
  if (method === ENCRYPTED) fail(`${quoted(name)} is encrypted; ${reads}: zip the folder again without a password`);
  const how = METHOD_NAMES[method] ?? `compression method ${method}`;
  fail(`${quoted(name)} is compressed with ${how}; ${reads}: zip the folder again with Deflate`);
}

function joined(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Walks the archive's image entries; returns the files it skipped (not images). */
export async function walkZipImages(bytes: Uint8Array, limits: UploadLimits, walk: ZipWalk): Promise<ZipSkipped> {
  const start = zipStart(bytes);
  if (start === null) fail('is not a zip archive');
  if (start === 'empty') fail('is an empty zip archive');

  const keep = walk.headBytes ?? Infinity;
  const skipped: ZipSkipped = { count: 0, first: '' };
  const ready: ZipImage[] = [];
  let entries = 0;
  let unpacked = 0;
  /** The first refusal met inside fflate's callbacks, which must not throw through it. */
  let problem: unknown;

  const onEntry = (file: UnzipFile) => {
    if (++entries > limits.entries)
      fail(`holds more than ${grouped(limits.entries)} entries; an upload may hold at most ${grouped(limits.entries)}`);
    const { name } = file;
    checkEntryName(name);
    const parts = name.split('/').filter((part) => part !== '' && part !== '.');
    if (name.endsWith('/') || isJunk(parts)) return;
    if (!IMAGE_NAME.test(name)) {
      if (skipped.count++ === 0) skipped.first = name;
      return;
    }
    // Checked before start(): fflate has no decoder for other methods and would fail with its own words.
    checkCompression(file.compression, name);
    const chunks: Uint8Array[] = [];
    let kept = 0;
    let length = 0;
    file.ondata = (error, data, final) => {
      if (problem) return;
      try {
        if (error)
          fail(
            `${quoted(name)} could not be unpacked: its data is damaged, or locked with a password; zip the folder again`,
          );
        length += data.length;
        unpacked += data.length;
        if (length > limits.entryBytes)
          fail(
            `${quoted(name)} unpacks to more than ${mib(limits.entryBytes)}; an image file may be at most ${mib(limits.entryBytes)}`,
          );
        if (unpacked > limits.unpackedBytes)
          fail(
            `unpacks to more than ${mib(limits.unpackedBytes)}; an upload's images may unpack to at most ${mib(limits.unpackedBytes)} in all`,
          );
        if (kept < keep) {
          const part = data.subarray(0, keep - kept);
          chunks.push(part);
          kept += part.length;
        }
        if (final) ready.push({ name, parts, data: joined(chunks, kept), whole: kept === length });
      } catch (caught) {
        problem = caught;
        file.terminate();
      }
    };
    file.start();
  };

  const unzip = new Unzip((file) => {
    if (problem) return;
    try {
      onEntry(file);
    } catch (caught) {
      problem = caught;
    }
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length; ) {
    const end = Math.min(bytes.length, at + CHUNK);
    try {
      unzip.push(bytes.subarray(at, end), end === bytes.length);
    } catch {
      if (!problem) fail('is not a readable zip archive: it is cut short or damaged; zip the folder again');
    }
    if (problem) throw problem;
    // Handled one push at a time, so at most a push's worth of unpacked files is held.
    for (const image of ready.splice(0)) {
      await walk.reading.checkpoint();
      await walk.onImage(image);
    }
    at = end;
    if (walk.reportBytes) walk.reading.onProgress?.(end, bytes.length, 'file');
    await walk.reading.checkpoint();
  }
  return skipped;
}
