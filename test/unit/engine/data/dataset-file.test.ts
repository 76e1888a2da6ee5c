/**
 * The lab dataset file: a distilled set written as a file loads back as a
 * dataset that runs through the engine like a bundled one, trained on
 * exactly the file's examples and tested on the bundled test split it
 * names; every bad file is refused with a message that says what is wrong,
 * and changes nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../../src/engine/runtime/backend';
import { getCatalog } from '../../../../src/engine/catalog';
import { catalogDataset } from '../../../../src/core/settings/catalog';
import { parseConfig, requireConfig } from '../../../../src/engine/config';
import type { Dataset } from '../../../../src/core/data/dataset';
import {
  DATASET_FILE_LIMITS,
  datasetFileJson,
  datasetFileText,
  distilledSetFile,
  type DatasetFileJson,
} from '../../../../src/core/formats/dataset-file';
import { parseDatasetFile } from '../../../../src/core/formats/dataset-file-parse';
import { decodeBase64, encodeBase64 } from '../../../../src/core/formats/float32-base64';
import { openDatasetFile, registerDatasetFile } from '../../../../src/engine/data/file-dataset';
import { nodePackSource } from '../../../../src/engine/data/node-source';
import { previewDataset } from '../../../../src/core/data/preview';
import { makeToyDataset } from '../../../../src/engine/data/toy';
import { runExperiment } from '../../../../src/engine/experiment/run';
import { DeviceSplit, HostSplit } from '../../../../src/engine/train/batch-source';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', only: true });
});

const BLOBS = makeToyDataset('blobs');

/** A small valid file: 6 points of the blobs, tested on the blobs' test split. */
function blobsFile(): DatasetFileJson {
  return datasetFileJson({
    name: 'six blobs points',
    classes: BLOBS.classes,
    input: { kind: 'vector', length: 2 },
    testFrom: 'blobs',
    labels: [0, 1, 2, 3, 0, 1],
    values: [-1, -1, 1, -1, -1, 1, 1, 1, -0.5, -1.5, 0.25, -0.75],
  });
}

/** The message a mutated blobs file is refused with. */
function refusal(change: (file: Record<string, unknown>) => void): string {
  const file = JSON.parse(JSON.stringify(blobsFile())) as Record<string, unknown>;
  change(file);
  try {
    parseDatasetFile(JSON.stringify(file), 'bad.json');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

const floats = (values: number[]) => {
  const bytes = new Uint8Array(values.length * 4);
  values.forEach((value, i) => new DataView(bytes.buffer).setFloat32(i * 4, value, true));
  return encodeBase64(bytes);
};

describe('the dataset file format', () => {
  test('base64 round-trips every length, and refuses what is not base64', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
    expect(decodeBase64('abc')).toBeNull();
    expect(decodeBase64('ab=c')).toBeNull();
    expect(decodeBase64('ab c')).toBeNull();
    expect(decodeBase64('abcé')).toBeNull();
  });

  test('a file reads back exactly as written, as text or bytes', () => {
    const json = blobsFile();
    const text = datasetFileText(json);
    expect(text.split('\n')[1]).toBe('  "format": "lab-dataset",');
    for (const input of [text, new TextEncoder().encode(text), new TextEncoder().encode(text).buffer]) {
      const file = parseDatasetFile(input);
      expect(file).toMatchObject({
        name: 'six blobs points',
        classes: BLOBS.classes,
        input: { kind: 'vector', length: 2 },
        testFrom: 'blobs',
        count: 6,
      });
      expect(Array.from(file.y)).toEqual([0, 1, 2, 3, 0, 1]);
      expect(file.x).toEqual(Float32Array.from([-1, -1, 1, -1, -1, 1, 1, 1, -0.5, -1.5, 0.25, -0.75]));
    }
    // Values are float32: what does not fit one is rounded as float32 would.
    const third = parseDatasetFile(
      JSON.stringify(
        datasetFileJson({
          ...{ name: 'x', classes: ['a', 'b'], testFrom: 'blobs' },
          input: { kind: 'vector', length: 1 },
          labels: [1],
          values: [1 / 3],
        }),
      ),
    );
    expect(third.x[0]).toBe(Math.fround(1 / 3));
  });

  test('refuses a file that is not a lab dataset file, or of another version', () => {
    const parse = (input: string | Uint8Array) => () => parseDatasetFile(input, 'x.json');
    expect(parse(new Uint8Array([0xff, 0xfe, 0x41]))).toThrow(
      /^x\.json: is not UTF-8 text, so not a lab dataset file$/,
    );
    expect(parse('{"format": "lab-dataset",')).toThrow(/^x\.json: is not JSON, so not a lab dataset file$/);
    expect(parse('[1, 2]')).toThrow(/^x\.json: is not a lab dataset file \(its JSON is not an object\)$/);
    expect(parse('{"version": 1, "dataset": "blobs", "values": [1, 2]}')).toThrow(
      /^x\.json: is not a lab dataset file \(its "format" is missing, expected "lab-dataset"\)$/,
    );
    expect(parse('{"format": "lab-pack", "version": 1}')).toThrow(/its "format" is "lab-pack", expected "lab-dataset"/);
    expect(parse('{"format": "lab-dataset", "version": 2}')).toThrow(
      /^x\.json: is a lab dataset file of version 2; this lab reads version 1$/,
    );
    expect(parse('{"format": "lab-dataset"}')).toThrow(/of version \(missing\); this lab reads version 1/);
    const tooBig = ' '.repeat(DATASET_FILE_LIMITS.bytes + 1);
    expect(parse(tooBig)).toThrow(/^x\.json: is 64\.0 MiB; a dataset file may be at most 64 MiB$/);
  });

  test('refuses each bad field with a message that names it', () => {
    expect(refusal((f) => delete f.name)).toBe('bad.json: name is missing');
    expect(refusal((f) => (f.name = ''))).toMatch(/name must not be empty/);
    expect(refusal((f) => (f.name = '<img src=x onerror=alert(1)>'))).toMatch(
      /name must not hold control characters or the characters < >/,
    );
    expect(refusal((f) => (f.name = 'a\nb'))).toMatch(/name must not hold control characters/);
    expect(refusal((f) => (f.name = 'n'.repeat(201)))).toMatch(/name may be at most 200 characters long/);
    expect(refusal((f) => (f.classes = ['only']))).toMatch(/classes must name at least 2 classes/);
    expect(refusal((f) => (f.classes = ['a', 'b', 'a', 'c']))).toMatch(/classes must not repeat a name/);
    expect(refusal((f) => (f.classes = ['a', 'b', 'c', '<b>']))).toMatch(
      /a class name must not hold control characters or the characters < >/,
    );
    expect(refusal((f) => (f.classes = Array.from({ length: 1001 }, (_, i) => `c${i}`)))).toMatch(
      /classes may name at most 1000 classes/,
    );
    expect(refusal((f) => (f.input = { kind: 'tokens', length: 8, vocabSize: 10 }))).toMatch(
      /input\.kind "tokens" is not supported; a dataset file holds "image" or "vector" examples/,
    );
    expect(refusal((f) => (f.input = { kind: 'image', height: 2000, width: 1, channels: 1 }))).toMatch(
      /input\.height must be at most 1,024/,
    );
    expect(refusal((f) => (f.input = { kind: 'vector', length: 1.5 }))).toMatch(/input\.length must be a whole number/);
    expect(refusal((f) => (f.count = 0))).toMatch(/count must be at least 1/);
    expect(refusal((f) => (f.count = 100_001))).toMatch(/count must be at most 100,000/);
    expect(refusal((f) => ((f.values as Record<string, unknown>).dtype = 'float64'))).toMatch(
      /values\.dtype "float64" is not supported; expected "float32"/,
    );
    expect(refusal((f) => ((f.values as Record<string, unknown>).byteOrder = 'big-endian'))).toMatch(
      /values\.byteOrder "big-endian" is not supported/,
    );
    expect(refusal((f) => (f.values = [1, 2, 3]))).toMatch(/values\.dtype is missing/);
    expect(refusal((f) => (f.input = 'image'))).toMatch(/input must be an object such as/);
    expect(refusal((f) => (f.testFrom = 42))).toMatch(/testFrom must be text/);
  });

  test('refuses labels, values and sizes that do not agree', () => {
    expect(refusal((f) => (f.labels = [0, 1, 2]))).toBe('bad.json: labels has 3 entries, but count says 6 examples');
    expect(refusal((f) => (f.labels = [0, 1, 2, 4, 0, 1]))).toBe(
      'bad.json: labels[3] is 4: a label must be a whole number from 0 to 3 (an index into the 4 classes)',
    );
    expect(refusal((f) => (f.labels = [0, 1, 2, -1, 0, 1]))).toMatch(/labels\[3\] is -1/);
    expect(refusal((f) => (f.labels = [0, 1, 2, 0.5, 0, 1]))).toMatch(/labels\[3\] is 0\.5/);
    expect(refusal((f) => (f.labels = [0, 1, 2, '3', 0, 1]))).toMatch(/every label must be a number/);
    expect(refusal((f) => ((f.values as Record<string, unknown>).data = 'not base64!'))).toBe(
      'bad.json: values.data is not valid base64',
    );
    expect(refusal((f) => ((f.values as Record<string, unknown>).data = floats([1, 2, 3])))).toBe(
      'bad.json: values.data holds 3 values, but count x size of one example = 6 x 2 = 12',
    );
    expect(refusal((f) => ((f.values as Record<string, unknown>).data = 'AAAA'))).toMatch(
      /decodes to 3 bytes, not a whole number of float32 values/,
    );
    const withNaN = [-1, -1, 1, -1, -1, 1, 1, NaN, 0, 0, 0, 0];
    expect(refusal((f) => ((f.values as Record<string, unknown>).data = floats(withNaN)))).toBe(
      'bad.json: value 7 (example 3) is NaN; every value must be a finite number',
    );
    expect(
      refusal(
        (f) => ((f.values as Record<string, unknown>).data = floats([...withNaN.slice(0, 7), Infinity, 0, 0, 0, 0])),
      ),
    ).toMatch(/value 7 \(example 3\) is Infinity/);
    // Its fields say what they take, in the file's terms.
    expect(refusal((f) => (f.source = { method: 5 }))).toBe(
      'bad.json: source.method must be a text (the method that made the examples)',
    );
    expect(refusal((f) => (f.source = { loss: [[0, 'x']] }))).toBe(
      'bad.json: each source.loss entry must be [iteration, loss], two numbers',
    );
    expect(refusal((f) => (f.source = 'dm'))).toBe(
      'bad.json: source must be an object such as {"dataset": "mnist", "method": "dm", "seed": 0}',
    );
    expect(refusal((f) => (f.source = { method: 'dm', notes: 'x'.repeat(DATASET_FILE_LIMITS.sourceBytes) }))).toBe(
      "bad.json: its source section is 1.0 MiB; a dataset file's source (where its examples came from) may be at most 1 MiB",
    );
    // Checked before any value is decoded.
    expect(
      refusal((f) => {
        f.input = { kind: 'image', height: 1024, width: 1024, channels: 1 };
        f.count = 10;
        f.labels = new Array(10).fill(0);
      }),
    ).toBe(
      'bad.json: 10 examples of 1,048,576 values each make 10,485,760 values; a dataset file may hold at most 8,388,608',
    );
  });
});

describe('a dataset file as a dataset', () => {
  test('refuses a test split it cannot name or does not fit', async () => {
    const open = (change: (file: DatasetFileJson) => void) => {
      const file = blobsFile();
      change(file);
      return openDatasetFile(JSON.stringify(file), nodePackSource, 'set.json');
    };
    await expect(open((f) => (f.testFrom = 'cifar10'))).rejects.toThrow(
      /^set\.json: testFrom "cifar10" is not a bundled dataset; it may name mnist, fashion-mnist, moons, spirals, blobs$/,
    );
    await expect(open((f) => (f.testFrom = 'spam'))).rejects.toThrow(
      /^set\.json: testFrom "spam" is a tokens dataset; a dataset file is tested on an image or 2-D dataset/,
    );
    await expect(open((f) => (f.testFrom = 'spirals'))).rejects.toThrow(
      /^set\.json: it has 4 classes, but Spirals has 3$/,
    );
    await expect(open((f) => (f.classes = ['blob 1', 'blob 2', 'blob three', 'blob 4']))).rejects.toThrow(
      /^set\.json: class 2 is "blob three" in the file but "blob 3" in Blobs$/,
    );
    await expect(open((f) => (f.testFrom = 'mnist'))).rejects.toThrow(
      /^set\.json: its examples are vectors of 2 values, but MNIST \(10k digits\) holds 28x28x1 images$/,
    );
    const image = datasetFileJson({
      name: 'small digits',
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      input: { kind: 'image', height: 14, width: 14, channels: 1 },
      testFrom: 'mnist',
      labels: [3],
      values: new Float32Array(14 * 14),
    });
    await expect(openDatasetFile(JSON.stringify(image), nodePackSource, 'digits.json')).rejects.toThrow(
      /its examples are 14x14x1 images, but MNIST \(10k digits\) holds 28x28x1 images/,
    );
  });

  test('a set whose distillation ran away, by its loss curve or its values, loads with a warning that names the file; a sound one with none', async () => {
    const open = async (change: (file: DatasetFileJson) => void) => {
      const file = blobsFile();
      change(file);
      return (await openDatasetFile(JSON.stringify(file), nodePackSource, 'set.json')).entry;
    };
    const sound = await open(
      (f) =>
        (f.source = {
          method: 'dm',
          loss: [
            [0, 3.3],
            [290, 0.4],
          ],
        }),
    );
    expect(sound.warning).toBeUndefined();
    expect(sound.description).not.toMatch(/Warning/);
    const climbed = await open(
      (f) =>
        (f.source = {
          method: 'dm',
          loss: [
            [0, 3.3],
            [100, 9e9],
            [290, 2e32],
          ],
        }),
    );
    expect(climbed.warning).toBe(
      'set.json: its distillation loss rose from 3.30 to 2.00e+32 by iteration 290: the distillation diverged; a model trained on its examples may learn nothing.',
    );
    expect(climbed.description).toMatch(/ Warning: set\.json: its distillation loss rose from 3\.30 to 2\.00e\+32/);
    // The page is told, with the dataset it loaded.
    expect(catalogDataset(climbed).warning).toBe(climbed.warning);
    const huge = [-1, -1, 1, -1, -1, 1, 1, 1, -0.5, -1.5, 0.25, 3e9];
    const farOut = await open((f) => (f.values.data = floats(huge)));
    expect(farOut.warning).toMatch(
      /^set\.json: its values reach 3\.00e\+9, over 100 times the largest in Blobs's test set \(\d\.\d\d\); a model trained/,
    );
  });

  test('a distilled MNIST set, exported and loaded back, trains random and full on exactly its examples, tested on MNIST', async () => {
    const config = {
      version: 1,
      dataset: 'mnist',
      model: { name: 'mlp' },
      budget: { ipc: 1 },
      train: { epochs: 10, batchSize: 10, lr: 0.01, evalPoints: 1 },
      methods: [{ name: 'dm', iterations: 20 }],
      seeds: [0],
      backend: 'wasm',
    };
    // This test's own datasets: the file it adds is open nowhere else.
    const datasets = new OpenDatasets();
    const distilled = await runExperiment(requireConfig(datasets, config), { datasets, source: nodePackSource });
    const run = distilled.runs[0];
    const mnist = await datasets.load('mnist', nodePackSource);
    const text = datasetFileText(
      distilledSetFile(run as typeof run & { synthetic: NonNullable<typeof run.synthetic> }, {
        id: 'mnist',
        name: mnist.name,
        kind: 'image',
        classes: mnist.classes,
        testFrom: 'mnist',
      }),
    );
    const json = JSON.parse(text);
    expect(json).toMatchObject({
      format: 'lab-dataset',
      version: 1,
      testFrom: 'mnist',
      count: 10,
      input: { kind: 'image', height: 28, width: 28, channels: 1 },
    });
    expect(json.name).toBe('dm 1/class of MNIST (10k digits) (seed 0)');
    expect(json.source).toMatchObject({ dataset: 'mnist', method: 'dm', label: 'dm 1/class', seed: 0 });

    // The id is a hash of the content: the same file twice is one dataset.
    const { entry } = await registerDatasetFile(datasets, new TextEncoder().encode(text), nodePackSource, 'dm.json');
    const again = await registerDatasetFile(datasets, text, nodePackSource, 'dm.json');
    expect(again.entry.id).toBe(entry.id);
    expect(entry.id).toMatch(/^file-[0-9a-f]{16}$/);
    expect(datasets.entries().filter((d) => d.id === entry.id)).toHaveLength(1);
    expect(getCatalog(datasets).datasets.at(-1)).toEqual({
      id: entry.id,
      name: json.name,
      description: entry.description,
      kind: 'image',
      testFrom: 'mnist',
    });
    expect(entry.description).toBe(
      "From a dataset file: 10 training examples (1/1/1/1/1/1/1/1/1/1 per class), tested on MNIST (10k digits)'s held-out test set (2000).",
    );

    const events: { id: string; trainCount: number; testCount: number }[] = [];
    const loaded = new Map<string, Promise<Dataset>>();
    const parsed = parseConfig(datasets, {
      ...config,
      dataset: entry.id,
      methods: [{ name: 'random' }, { name: 'full' }],
    });
    expect(parsed.ok).toBe(true);
    expect(parseConfig(new OpenDatasets(), { ...config, dataset: entry.id }).ok).toBe(false);
    const result = await runExperiment(
      requireConfig(datasets, { ...config, dataset: entry.id, methods: [{ name: 'random' }, { name: 'full' }] }),
      {
        datasets,
        source: nodePackSource,
        loaded,
        onEvent: (event) => event.type === 'dataset' && events.push(event),
      },
    );
    expect(events).toEqual([
      { type: 'dataset', id: entry.id, trainCount: 10, testCount: 2000, evaluation: { sample: 1000, of: 2000 } },
    ]);
    expect(result.runs.map((r) => [r.method, r.examplesPerRound, r.steps])).toEqual([
      ['random', 10, 10],
      ['full', 10, 10],
    ]);
    expect([...result.runs[0].selection!.indices].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const r of result.runs) expect(r.finalTestAcc).toBeGreaterThan(0.15);

    // What the runs trained on is the file's examples, as the model reads them, and the test split is MNIST's.
    const dataset = await loaded.get(`${entry.id}:`)!;
    expect(dataset.train.x).toEqual(Float32Array.from(run.synthetic!.values));
    expect(Array.from(dataset.train.y)).toEqual(run.synthetic!.classes);
    expect(dataset.test.x).toEqual(mnist.test.x);
    expect(dataset.test.y).toEqual(mnist.test.y);
    const all = Int32Array.from({ length: 10 }, (_, i) => i);
    for (const split of [new HostSplit(dataset.train, dataset.input), new DeviceSplit(dataset.train, dataset.input)]) {
      const batch = split.gather(all);
      expect(batch.x.shape).toEqual([10, 28, 28, 1]);
      expect(await batch.x.data()).toEqual(Float32Array.from(run.synthetic!.values));
      tf.dispose([batch.x, batch.y]);
      split.dispose();
    }
    // Bytes are still scaled to 0..1.
    const bytes = new DeviceSplit(mnist.test, mnist.input);
    const first = bytes.slice(0, 1);
    expect(await first.x.data()).toEqual(Float32Array.from(mnist.test.x.subarray(0, 784), (b) => b / 255));
    tf.dispose([first.x, first.y]);
    bytes.dispose();

    // The preview shows the float pixels as bytes, clamped.
    const preview = previewDataset(dataset, 1);
    const shown = preview.examples[run.synthetic!.classes[0]][0] as { pixels: Uint8Array };
    expect(shown.pixels).toEqual(
      Uint8Array.from(Array.from(run.synthetic!.values).slice(0, 784), (v) =>
        v > 0 ? Math.round(Math.min(v, 1) * 255) : 0,
      ),
    );
    expect(preview.counts).toEqual({ train: new Array(10).fill(1), test: previewDataset(mnist, 0).counts.test });
    expect(datasets.entry(entry.id)).toBe(again.entry);
  });
});
