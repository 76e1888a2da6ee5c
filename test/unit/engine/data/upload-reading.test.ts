/**
 * Reading an upload, as the page follows it: zip entries compressed in a
 * way the lab does not read are refused by name; the images' pixels are
 * counted from their headers and refused past the limit before any is
 * decoded; progress is told in the file's share, then in images; and a
 * Cancel stops the reading at the next image, keeping nothing.
 */
import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { ImageDecoder } from '../../../../src/engine/data/upload/image-decoder';
import { UPLOAD_LIMITS } from '../../../../src/core/upload/limits';
import { readUpload, type ReadUploadOptions } from '../../../../src/engine/data/upload/read-upload';
import { UploadCancelled } from '../../../../src/engine/data/upload/reading';
import { classFolders, fakeDecoder, fakePng, read, refusal, utf8, zip } from './upload-fixtures';
import { withMethod } from './zip-method';

/** What a reading threw; an accepted upload fails the test. */
const thrown = (reading: Promise<unknown>): Promise<Error> =>
  reading.then(
    () => new Error('the upload was accepted'),
    (error: Error) => error,
  );

/** The fake decoder, counting the images it is asked for. */
function countingDecoder(): { decode: ImageDecoder; calls: () => number } {
  let calls = 0;
  return {
    decode: (...args) => {
      calls++;
      return fakeDecoder(...args);
    },
    calls: () => calls,
  };
}

/** A JPEG whose frame header (its sides) comes after `metadata` bytes of APP1 segments. */
function jpegAfter(metadata: number, width: number, height: number): Uint8Array {
  const segments: number[] = [0xff, 0xd8];
  for (let left = metadata; left > 0; left -= 65533) {
    const length = Math.min(65533, left) + 2;
    segments.push(0xff, 0xe1, length >> 8, length & 0xff, ...new Array<number>(length - 2).fill(0));
  }
  segments.push(0xff, 0xc0, 0, 11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0);
  return Uint8Array.from(segments);
}

describe('zip compression', () => {
  const reads = 'the lab reads zip entries that are stored or compressed with Deflate, as most zip tools make them';

  test.each([
    [12, 'bzip2'],
    [14, 'LZMA'],
    [9, 'Deflate64'],
  ])(
    'an image compressed with method %i (%s) is refused by name, saying which compressions the lab reads',
    async (method, name) => {
      const { decode, calls } = countingDecoder();
      const archive = withMethod(zipSync(classFolders(['a', 'b']), { level: 0 }), 'b/1.png', method);
      const error = await thrown(readUpload('pets.zip', archive, {}, decode));
      expect(error).toMatchObject({
        name: 'UploadError',
        message: `pets.zip: "b/1.png" is compressed with ${name}; ${reads}: zip the folder again with Deflate`,
      });
      expect(calls()).toBe(0);
    },
  );

  test('an encrypted image is refused; a skipped file may be compressed any way', async () => {
    const files = zipSync({ ...classFolders(['a', 'b']), 'a/notes.txt': utf8('not an image') }, { level: 0 });
    expect(await refusal('a.zip', withMethod(files, 'a/0.png', 99))).toBe(
      `a.zip: "a/0.png" is encrypted; ${reads}: zip the folder again without a password`,
    );
    expect(await refusal('a.zip', withMethod(files, 'a/0.png', 93))).toBe(
      `a.zip: "a/0.png" is compressed with Zstandard; ${reads}: zip the folder again with Deflate`,
    );
    expect((await read('a.zip', withMethod(files, 'a/notes.txt', 12))).y).toHaveLength(6);
  });
});

describe('pixels before resizing', () => {
  test('are counted from the headers and refused past the limit before any image is decoded', async () => {
    // The upload: 1,500 pictures of 4096 x 4096, each a few bytes zipped.
    const files = Object.fromEntries(
      Array.from({ length: 1500 }, (_, i) => [`${'ab'[i % 2]}/${i}.png`, fakePng(4096, 4096)]),
    );
    const { decode, calls } = countingDecoder();
    const error = await thrown(readUpload('big.zip', zip(files), {}, decode));
    expect(error.message).toBe(
      "big.zip: its images hold 25,166 megapixels before resizing; an upload's images may hold at most 8,000 megapixels in all, as the browser decodes every pixel",
    );
    expect(calls()).toBe(0);
  });

  test('an image whose header lies past what the survey reads is counted before it is decoded', async () => {
    const limits = { ...UPLOAD_LIMITS, decodedPixels: 6e6 };
    const files = {
      'a/0.png': fakePng(1000, 1000),
      'a/1.png': fakePng(1000, 1000),
      'b/0.png': fakePng(1000, 1000),
      'b/1.jpg': jpegAfter(300_000, 2000, 2000),
    };
    const { decode, calls } = countingDecoder();
    const error = await thrown(readUpload('late.zip', zip(files), {}, decode, { limits }));
    expect(error.message).toBe(
      "late.zip: its images hold more than 6 megapixels before resizing; an upload's images may hold at most 6 megapixels in all, as the browser decodes every pixel",
    );
    // The three PNGs, not the JPEG.
    expect(calls()).toBe(3);
  });
});

describe('progress and Cancel', () => {
  test('a zip is surveyed (its share read), then decoded image by image', async () => {
    const reports: [number, number, string][] = [];
    await read('a.zip', zip(classFolders(['a', 'b'], 4)), {}, { onProgress: (...report) => reports.push(report) });
    const survey = reports.filter(([, , unit]) => unit === 'file');
    expect(survey.at(-1)![0]).toBe(survey.at(-1)![1]);
    expect(reports.slice(survey.length)).toEqual(Array.from({ length: 9 }, (_, i) => [i, 8, 'images']));
  });

  test('a Cancel stops the decoding at the next image and keeps nothing', async () => {
    let stop = false;
    const { decode, calls } = countingDecoder();
    const stopAtFive: ImageDecoder = async (...args) => {
      const image = await decode(...args);
      if (calls() === 5) stop = true;
      return image;
    };
    const error = await thrown(
      readUpload('a.zip', zip(classFolders(['a', 'b'], 10)), {}, stopAtFive, { shouldStop: () => stop }),
    );
    expect(error).toBeInstanceOf(UploadCancelled);
    expect(error.message).toBe('Reading the file was cancelled; nothing was added.');
    expect(calls()).toBe(5);
  });

  test('a Cancel sent while images are decoded gets in: the reading gives the event loop a turn', async () => {
    let stop = false;
    // Asked for from the event loop, as the worker hears the page's Cancel.
    setTimeout(() => (stop = true), 0);
    const { decode, calls } = countingDecoder();
    const slow: ImageDecoder = (...args) => {
      const until = performance.now() + 2;
      while (performance.now() < until);
      return decode(...args);
    };
    const error = await thrown(
      readUpload('a.zip', zip(classFolders(['a', 'b'], 100)), {}, slow, { shouldStop: () => stop }),
    );
    expect(error).toBeInstanceOf(UploadCancelled);
    expect(calls()).toBeLessThan(200);
  });

  test.each([
    ['reviews.csv', 'label,text\na,one\nb,two\na,three\nb,four\n'],
    [
      'reviews.jsonl',
      '{"text": "one", "label": "a"}\n{"text": "two", "label": "b"}\n{"text": "three", "label": "a"}\n{"text": "four", "label": "b"}\n',
    ],
  ])('%s: a Cancel stops the reading between its stages', async (name, text) => {
    const options: ReadUploadOptions = { shouldStop: () => true };
    await expect(read(name, text, {}, options)).rejects.toBeInstanceOf(UploadCancelled);
    expect((await read(name, text)).y).toHaveLength(4);
  });
});
