/** A CIFAR archive trains: the ConvNet (width 128, depth 3) on a CIFAR-shaped dataset, and the command line's --dataset-file with an archive. */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { Rng } from '../../../../src/core/rng';
import { ARCHIVE_LIMITS } from '../../../../src/core/upload/limits';
import { modelEntry } from '../../../../src/engine/models/registry';
import { DEFAULT_SPLIT, uploadEntry } from '../../../../src/engine/data/upload/build-upload';
import { readArchive } from '../../../../src/engine/data/upload/read-upload';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { batchSource } from '../../../../src/engine/train/batch-source';
import { Clock } from '../../../../src/engine/train/clock';
import { trainModel } from '../../../../src/engine/train/loop';
import { binaryBatch, CIFAR10_NAMES, gzip, range, tar } from './cifar-fixtures';
import { utf8 } from './upload-fixtures';

/** CIFAR-10's binary archive with `perBatch` images a batch (all ten classes in each). */
function smallCifar10(perBatch: number): Uint8Array {
  const batch = (b: number) => binaryBatch(range(b * perBatch, perBatch), (i) => [i % 10]);
  return gzip(
    tar([
      ...[1, 2, 3, 4, 5].map((b): [string, Uint8Array] => [`cifar-10-batches-bin/data_batch_${b}.bin`, batch(b - 1)]),
      ['cifar-10-batches-bin/test_batch.bin', batch(5)],
      ['cifar-10-batches-bin/batches.meta.txt', utf8(CIFAR10_NAMES.join('\n'))],
    ]),
  );
}

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

describe('a CIFAR archive trains', () => {
  test('the ConvNet (width 128, depth 3) takes 32x32 colour images and trains on them', async () => {
    const upload = await readArchive('cifar-10-binary.tar.gz', smallCifar10(2), {
      archiveLimits: { ...ARCHIVE_LIMITS, examples: 12 },
    });
    const dataset = await uploadEntry(upload, DEFAULT_SPLIT).load({} as never, {});
    expect(dataset.input).toEqual({ kind: 'image', height: 32, width: 32, channels: 3 });
    const classCount = dataset.classes.length;
    const model = modelEntry('convnet').create(
      dataset.input,
      classCount,
      { name: 'convnet', width: 128, depth: 3 },
      new Rng(0),
    );
    const { points } = await trainModel({
      model,
      classCount,
      train: batchSource(dataset.train, dataset.input, 'wasm'),
      test: batchSource(dataset.test, dataset.input, 'wasm'),
      plan: { examplesPerRound: 10, totalSteps: 2, nextRound: () => Int32Array.from(range(0, 10)) },
      settings: { batchSize: 5, lr: 0.01, evalPoints: 2, optimizer: 'sgd', momentum: 0, weightDecay: 0 },
      clock: new Clock(),
      rng: new Rng(1),
    });
    expect(points.at(-1)!.step).toBe(2);
    for (const point of points.slice(1)) expect(Number.isFinite(point.trainLoss)).toBe(true);
    model.dispose();
  }, 120_000);

  test('the command line trains on an archive given as --dataset-file, with its own split', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-cifar-'));
    const archive = join(dir, 'cifar-10-binary.tar.gz');
    const config = join(dir, 'config.json');
    // The lab's limit is the published 60,000 images: a smaller archive passes it.
    await writeFile(archive, smallCifar10(20));
    await writeFile(
      config,
      JSON.stringify({
        version: 1,
        dataset: 'mnist',
        model: { name: 'convnet', width: 8, depth: 2 },
        budget: { fraction: 0.5 },
        train: { epochs: 1, batchSize: 20, lr: 0.05, evalPoints: 2 },
        methods: [{ name: 'full' }],
        seeds: [0],
      }),
    );
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args]).then(
        ({ stderr }) => ({ code: 0, stderr }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    const trained = await cli('run', config, '--dataset-file', archive, '--backend', 'wasm');
    expect(trained.stderr).toMatch(
      /dataset file .*cifar-10-binary\.tar\.gz: "CIFAR-10", Uploaded from .*: 120 32x32 colour images in 10 classes; 100 train \/ 20 test \(the file's own split\)\./,
    );
    expect(trained.code).toBe(0);

    const cut = join(dir, 'cut.tar.gz');
    await writeFile(cut, smallCifar10(20).subarray(0, 5000));
    const refused = await cli('run', config, '--dataset-file', cut);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cut\.tar\.gz: its gzip data ends before the archive does/);
  }, 120_000);
});
