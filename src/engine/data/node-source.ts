/**
 * Bundled packs for Node (CLI, tests, bench): read from public/data/ in the
 * project root. The only data module that touches the file system; the
 * browser fetches the same files.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { PackSource } from './registry';

const DATA_DIR = new URL('../../../public/data/', import.meta.url);

export const nodePackSource: PackSource = async (file, onProgress) => {
  if (!/^[\w.-]+$/.test(file) || file.startsWith('.')) throw new Error(`bad pack file name "${file}"`);
  const path = fileURLToPath(new URL(file, DATA_DIR));
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`bundled data file ${path} is missing; run \`npm run prepare-data\` to build it`);
    }
    throw err;
  }
  onProgress?.(bytes.byteLength, bytes.byteLength);
  // Large reads get their own ArrayBuffer; small ones may sit in Node's shared pool and need a copy.
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return (
    owned ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  ) as ArrayBuffer;
};
