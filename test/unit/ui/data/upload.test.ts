/** The "Your data" panel's words and checks: the split read from its boxes, the options a file takes, the limits stated, a reading's progress. */
import { describe, expect, test } from 'vitest';
import { DEFAULT_SPLIT, TEST_FRACTION } from '../../../../src/engine/data/upload/build-upload';
import type { ProgressUnit } from '../../../../src/core/upload/progress';
import { UPLOAD_EXTENSIONS } from '../../../../src/core/upload/formats';
import { ARCHIVE_LIMITS, UPLOAD_LIMITS } from '../../../../src/core/upload/limits';
import type { UploadSettings } from '../../../../src/ui/lab-client';
import { readSplit, splitForm } from '../../../../src/ui/data/upload-split';
import { nextReading, readingLeftMs, readingText, type ReadingProgress } from '../../../../src/ui/data/upload-progress';
import { acceptedExtensions, limitsNote, optionsFor } from '../../../../src/ui/data/upload-text';

const settings: UploadSettings = {
  imageSizes: [16, 28, 32],
  colours: ['grey', 'rgb'],
  extensions: UPLOAD_EXTENSIONS,
  limits: UPLOAD_LIMITS,
  archiveLimits: ARCHIVE_LIMITS,
  split: DEFAULT_SPLIT,
  testFraction: TEST_FRACTION,
};

describe('the split boxes', () => {
  test('show the default split and read it back as it was', () => {
    const form = splitForm(DEFAULT_SPLIT);
    expect(form).toEqual({ testPercent: '20', stratified: true, seed: '0' });
    expect(readSplit(form, TEST_FRACTION)).toEqual({ ok: true, split: DEFAULT_SPLIT });
  });

  test('read a percentage as a fraction without float noise (the id hashes it)', () => {
    expect(readSplit({ testPercent: ' 14.3 ', stratified: false, seed: '42' }, TEST_FRACTION)).toEqual({
      ok: true,
      split: { testFraction: 0.143, stratified: false, seed: 42 },
    });
  });

  test('say what is wrong by the box that is wrong', () => {
    expect(readSplit({ testPercent: '60', stratified: true, seed: '1.5' }, TEST_FRACTION)).toEqual({
      ok: false,
      problems: { testPercent: 'must be from 5% to 50%', seed: 'must be a whole number from 0 to 2147483647' },
    });
    expect(readSplit({ testPercent: '', stratified: true, seed: 'x' }, TEST_FRACTION)).toEqual({
      ok: false,
      problems: {
        testPercent: 'is empty: give a percentage from 5 to 50',
        seed: '"x" is not a number (write e.g. 200, 0.05 or 1e-3)',
      },
    });
    expect(readSplit({ testPercent: '20,5', stratified: true, seed: '0' }, TEST_FRACTION)).toMatchObject({
      ok: false,
      problems: { testPercent: expect.stringMatching(/with a point/) },
    });
  });
});

describe('what the panel says of files', () => {
  test('a zip takes image options, a CSV image options and a label column, JSON Lines none, a CIFAR archive is read as published', () => {
    expect(optionsFor('pets.ZIP')).toEqual({ images: true, labelColumn: false, archive: false });
    expect(optionsFor('digits.csv')).toEqual({ images: true, labelColumn: true, archive: false });
    expect(optionsFor('reviews.ndjson')).toEqual({ images: false, labelColumn: false, archive: false });
    expect(optionsFor('notes.txt')).toEqual({ images: false, labelColumn: false, archive: false });
    expect(optionsFor('cifar-10-binary.tar.gz')).toEqual({ images: false, labelColumn: false, archive: true });
    expect(optionsFor('cifar-100-python.TGZ')).toEqual({ images: false, labelColumn: false, archive: true });
  });

  test('the picker accepts every extension the reader reads, and every limit is stated', () => {
    expect(acceptedExtensions(settings)).toBe('.zip,.csv,.jsonl,.ndjson,.tar.gz,.tgz,.tar');
    expect(limitsNote(settings)).toBe(
      'Any file: at most 128 MiB, 20,000 examples, 100 classes and 100 characters a class name. At least 2 classes and 2 examples of each class. ' +
        "A zip: at most 50,000 entries, 32 MiB an image file, 512 MiB unpacked in all, 4096 pixels on an image's side and 8,000 megapixels of images in all; " +
        'its images are resized to 16, 28 or 32 pixels a side. A CSV: at most 4,096 feature columns and 16,777,216 numbers in all. ' +
        'A text: at most 10,000 characters and 512 tokens read by default. ' +
        'A CIFAR-10 or CIFAR-100 archive (.tar.gz, as published): at most 200 MiB, 256 MiB unpacked and 60,000 images.',
    );
  });

  test('the limits are worded from the limits the reader checks, not copied: each one changes the note', () => {
    const note = limitsNote(settings);
    for (const key of Object.keys(UPLOAD_LIMITS) as (keyof typeof UPLOAD_LIMITS)[]) {
      expect(limitsNote({ ...settings, limits: { ...UPLOAD_LIMITS, [key]: UPLOAD_LIMITS[key] * 3 } }), key).not.toBe(
        note,
      );
    }
    for (const key of Object.keys(ARCHIVE_LIMITS) as (keyof typeof ARCHIVE_LIMITS)[]) {
      const archiveLimits = { ...ARCHIVE_LIMITS, [key]: ARCHIVE_LIMITS[key] * 3 };
      expect(limitsNote({ ...settings, archiveLimits }), key).not.toBe(note);
    }
  });
});

describe('the progress of a reading', () => {
  const at = (report: [number, number, ProgressUnit, number][]) =>
    report.reduce<ReadingProgress | undefined>(
      (p, [done, total, unit, now]) => nextReading(p, done, total, unit, now),
      undefined,
    )!;

  test('says how far it is and, once the pace is known, about how long is left', () => {
    expect(readingText(at([[0, 1500, 'images', 0]]))).toBe('0 of 1,500 images, estimating the time left');
    // Too soon to say, then 412 images in 11 s: 1,088 left at 37 images a second.
    expect(
      readingText(
        at([
          [0, 1500, 'images', 0],
          [20, 1500, 'images', 500],
        ]),
      ),
    ).toBe('20 of 1,500 images, estimating the time left');
    const later = at([
      [0, 1500, 'images', 0],
      [412, 1500, 'images', 11_000],
    ]);
    expect(readingLeftMs(later)).toBeCloseTo((1088 * 11_000) / 412);
    expect(readingText(later)).toBe('412 of 1,500 images, about 29 s left');
  });

  test('starts counting again when the unit changes (a zip surveyed, then decoded)', () => {
    const decoding = at([
      [100, 400, 'file', 0],
      [400, 400, 'file', 2000],
      [0, 10, 'images', 2000],
      [2, 10, 'images', 4000],
    ]);
    expect(decoding.from).toEqual({ at: 2000, done: 0 });
    expect(readingText(decoding)).toBe('2 of 10 images, about 8 s left');
    expect(readingText(at([[37, 100, 'file', 0]]))).toBe('37% of the file, estimating the time left');
  });
});
