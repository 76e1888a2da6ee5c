/**
 * A tar archive read as its bytes arrive (from a gunzip, a chunk at a
 * time), so that the archive is never held whole: 512-byte headers (ustar
 * names with their prefix, octal sizes, checked sums), each regular file's
 * bytes handed to the caller as they come, every other kind of entry
 * (folders, links, pax and GNU extension records) skipped.
 */
import { grouped } from '../../../core/upload/limits';
import { quoted } from './names';
import { fail } from './upload-error';

const BLOCK = 512;

export interface TarFile {
  /** The path in the archive, without a leading "./". */
  name: string;
  size: number;
}

/** What receives a file's bytes; the chunks are views of the caller's buffer, valid only during the call. */
export interface FileSink {
  data(chunk: Uint8Array): void;
  end(): void;
}

/** A regular file begins: what is to receive its bytes, or null to skip it. */
export type OnTarFile = (file: TarFile) => FileSink | null;

/** A NUL-terminated field as text (tar names are bytes; UTF-8 is what tools write today). */
function field(header: Uint8Array, at: number, length: number): string {
  const bytes = header.subarray(at, at + length);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function octal(header: Uint8Array, at: number, length: number, what: string): number {
  // A size past 8 GiB is written in base 256 (high bit set): no CIFAR file is that large.
  if (header[at] & 0x80) fail(`the tar header of ${what} gives a size over 8 GiB`);
  const text = field(header, at, length).trim();
  if (!/^[0-7]*$/.test(text)) fail(`the tar header of ${what} has a size that is not an octal number`);
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** The header's checksum holds: the sum of its bytes with the checksum field read as spaces. */
function checks(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  const stored = field(header, 148, 8).trim();
  return /^[0-7]+$/.test(stored) && Number.parseInt(stored, 8) === sum;
}

export class TarReader {
  private readonly header = new Uint8Array(BLOCK);
  private headerFill = 0;
  /** The entry whose bytes come next (a skipped one has no sink), and the padding after it. */
  private entry: { file: TarFile; sink: FileSink | null; left: number; padding: number } | undefined;
  private offset = 0;
  private files = 0;
  private done = false;

  constructor(private readonly onFile: OnTarFile) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && !this.done) {
      const entry = this.entry;
      if (entry && entry.left > 0) {
        const take = Math.min(entry.left, chunk.length - at);
        entry.sink?.data(chunk.subarray(at, at + take));
        entry.left -= take;
        at += take;
        if (entry.left === 0) entry.sink?.end();
      } else if (entry && entry.padding > 0) {
        const take = Math.min(entry.padding, chunk.length - at);
        entry.padding -= take;
        at += take;
      } else {
        this.entry = undefined;
        const take = Math.min(BLOCK - this.headerFill, chunk.length - at);
        this.header.set(chunk.subarray(at, at + take), this.headerFill);
        this.headerFill += take;
        at += take;
        if (this.headerFill === BLOCK) this.readHeader();
      }
    }
    this.offset += chunk.length;
  }

  /** The bytes have all come: refuses an archive that stops inside an entry or a header. */
  end(): void {
    if (this.files === 0) fail('holds no files');
    if (this.done) return;
    const entry = this.entry;
    if (entry && entry.left > 0)
      fail(
        `ends inside ${quoted(entry.file.name)} (${grouped(entry.file.size - entry.left)} of its ${grouped(entry.file.size)} bytes); the archive may be truncated: download it again`,
      );
    if (this.headerFill > 0)
      fail(
        `ends inside a tar header (at byte ${grouped(this.offset)}); the archive may be truncated: download it again`,
      );
  }

  private readHeader(): void {
    const header = this.header;
    this.headerFill = 0;
    // Zero blocks end the archive; what follows is the padding of its last record.
    if (header.every((byte) => byte === 0)) {
      this.done = true;
      return;
    }
    if (!checks(header)) {
      if (this.files === 0) fail('is not a tar archive: its first block is not a tar header');
      fail(
        `has a damaged tar header after ${grouped(this.files)} files; the archive may be corrupt: download it again`,
      );
    }
    const isUstar = field(header, 257, 6).startsWith('ustar');
    const prefix = isUstar ? field(header, 345, 155) : '';
    const base = field(header, 0, 100);
    const name = (prefix ? `${prefix}/${base}` : base).replace(/^(\.\/)+/, '');
    const size = octal(header, 124, 12, quoted(name));
    const type = String.fromCharCode(header[156]);
    const file = { name, size };
    const regular = type === '0' || type === '\0' || type === '7';
    if (regular) this.files++;
    const sink = regular ? this.onFile(file) : null;
    // Folders and links carry no bytes; other entries (pax, GNU long names) are skipped by their size.
    const left = type === '1' || type === '2' || type === '5' ? 0 : size;
    this.entry = { file, sink, left, padding: (BLOCK - (left % BLOCK)) % BLOCK };
    if (left === 0) sink?.end();
  }
}
