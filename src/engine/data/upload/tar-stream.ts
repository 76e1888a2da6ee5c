/**
 * A .tar.gz (or plain .tar) fed to a TarReader a slice at a time: the
 * gzip is inflated as it goes, never whole, and its inflated bytes are
 * counted as they come so that a gzip bomb stops at the limit instead of
 * filling the memory. Between slices a Cancel is heard and the progress
 * told (as bytes of the file read).
 */
import { Gunzip } from 'fflate';
import { grouped, mib } from '../../../core/upload/limits';
import type { Reading } from './reading';
import { type OnTarFile, TarReader } from './tar';
import { fail } from './upload-error';

/**
 * Input fed at a time: Deflate inflates at most about 1,032 times, so one
 * slice inflates to at most ~33 MiB before its bytes are counted.
 */
const SLICE = 32 * 1024;

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Reads the archive in `bytes`, giving each regular file to `onFile`; at most `inflatedLimit` bytes once inflated. */
export async function readTarArchive(
  bytes: Uint8Array,
  onFile: OnTarFile,
  inflatedLimit: number,
  reading: Reading,
): Promise<void> {
  const tar = new TarReader(onFile);
  let inflated = 0;
  const take = (chunk: Uint8Array) => {
    inflated += chunk.length;
    if (inflated > inflatedLimit)
      fail(
        `inflates to more than ${mib(inflatedLimit)}; a CIFAR archive inflates to under 180 MiB (this one may not be a CIFAR archive, or may be a "gzip bomb")`,
      );
    tar.push(chunk);
  };
  const gzip = isGzip(bytes);
  const gunzip = gzip ? new Gunzip((chunk) => take(chunk)) : undefined;
  for (let at = 0; at < bytes.length; at += SLICE) {
    const slice = bytes.subarray(at, Math.min(at + SLICE, bytes.length));
    const last = at + SLICE >= bytes.length;
    if (gunzip) inflate(gunzip, slice, last, at);
    else take(slice);
    reading.onProgress?.(at + slice.length, bytes.length, 'file');
    await reading.checkpoint();
  }
  tar.end();
}

/** Pushes a slice into the gunzip; its errors said in words (the tar reader's, and any other, pass through). */
function inflate(gunzip: Gunzip, slice: Uint8Array, last: boolean, at: number): void {
  try {
    gunzip.push(slice, last);
  } catch (error) {
    // fflate's own errors carry a numeric code.
    if (!(error instanceof Error) || typeof (error as { code?: unknown }).code !== 'number') throw error;
    const { message } = error;
    if (/unexpected EOF/i.test(message))
      fail(
        `its gzip data ends before the archive does (${grouped(at + slice.length)} bytes); the download may be truncated: download it again`,
      );
    fail(`is not valid gzip data (${message}, near byte ${grouped(at)}); the file may be damaged: download it again`);
  }
}
