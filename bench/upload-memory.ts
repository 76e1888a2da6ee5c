/**
 * `npx tsx bench/upload-memory.ts [MiB]`: the memory a large text upload
 * holds, read and then restored as the page's worker restores a kept one.
 * Writes a CSV of labelled texts (95 MiB unless told, 20,000 rows: the
 * example limit), then measures two phases, each in a process of its own so
 * that each peak is its own:
 * - read: the file read and checked (what waits to be confirmed);
 * - restore: that upload as storage gives it back (a structured clone),
 *   registered, then loaded as a run or a preview loads it.
 * Each prints the live memory after a full collection and the peak RSS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { nodePackSource } from '../src/engine/data/node-source';
import { DEFAULT_SPLIT, uploadEntry } from '../src/engine/data/upload/build-upload';
import type { ImageDecoder } from '../src/engine/data/upload/image-decoder';
import { readUpload, type ParsedUpload } from '../src/engine/data/upload/read-upload';
import { Rng } from '../src/core/rng';

const MIB = 2 ** 20;
const ROWS = 20_000;

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

const noImages: ImageDecoder = async () => {
  throw new Error('a text upload decodes no images');
};

/** Words of a made-up language, drawn with a Zipf-like skew, as running text has. */
function writeCsv(path: string, mib: number): void {
  const rng = new Rng(1);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const words = Array.from({ length: 60_000 }, () =>
    Array.from({ length: 2 + rng.int(9) }, () => letters[rng.int(26)]).join(''),
  );
  const perRow = Math.floor((mib * MIB) / ROWS) - 12;
  const lines = ['text,label'];
  for (let row = 0; row < ROWS; row++) {
    let text = '';
    while (text.length < perRow) text += (text ? ' ' : '') + words[Math.floor(words.length * rng.next() ** 3)];
    lines.push(`"${text.slice(0, perRow)}",${row % 4}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function report(phase: string, seconds: number): void {
  collect();
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  const peak = process.resourceUsage().maxRSS * 1024;
  const m = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
  console.log(
    `${phase.padEnd(36)} rss ${m(rss).padStart(9)}  heap ${m(heapUsed).padStart(9)}  array buffers ${m(arrayBuffers).padStart(9)}  peak rss ${m(peak).padStart(9)}  ${seconds.toFixed(1)} s`,
  );
}

async function readPhase(csv: string, kept: string): Promise<void> {
  const start = performance.now();
  const upload = await readUpload('texts.csv', readFileSync(csv), {}, noImages);
  report('read (waiting to be confirmed)', (performance.now() - start) / 1000);
  writeFileSync(kept, v8.serialize(upload));
}

async function restorePhase(kept: string): Promise<void> {
  const start = performance.now();
  const upload = v8.deserialize(readFileSync(kept)) as ParsedUpload;
  const entry = uploadEntry(upload, DEFAULT_SPLIT);
  report('restored (registered)', (performance.now() - start) / 1000);
  const loading = performance.now();
  const dataset = await entry.load(nodePackSource, {});
  report('restored and loaded', (performance.now() - loading) / 1000);
  if (dataset.train.count + dataset.test.count !== upload.y.length) throw new Error('the dataset lost examples');
}

const [phase, ...args] = process.argv.slice(2);
if (phase === 'read') await readPhase(args[0], args[1]);
else if (phase === 'restore') await restorePhase(args[0]);
else {
  const mib = Number(phase ?? 95);
  const dir = mkdtempSync(join(os.tmpdir(), 'upload-memory-'));
  try {
    const csv = join(dir, 'texts.csv');
    const kept = join(dir, 'kept.bin');
    writeCsv(csv, mib);
    console.log(
      `A ${(readFileSync(csv).length / MIB).toFixed(1)} MiB CSV of ${ROWS.toLocaleString('en-US')} labelled texts (Node ${process.version})`,
    );
    const self = fileURLToPath(import.meta.url);
    for (const child of [
      ['read', csv, kept],
      ['restore', kept],
    ]) {
      execFileSync(process.execPath, [...process.execArgv, self, ...child], { stdio: 'inherit' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
