/** The "Your data" panel's words and checks: the split read from its boxes, the options a file takes, the limits stated. */
import { describe, expect, test } from 'vitest';
import { DEFAULT_SPLIT, TEST_FRACTION } from '../../src/engine/data/upload/build-upload';
import { UPLOAD_EXTENSIONS } from '../../src/engine/data/upload/formats';
import { UPLOAD_LIMITS } from '../../src/engine/data/upload/limits';
import type { UploadSettings } from '../../src/ui/lab-client';
import { readSplit, splitForm } from '../../src/ui/upload-split';
import { acceptedExtensions, limitsNote, optionsFor } from '../../src/ui/upload-text';

const settings: UploadSettings = {
  imageSizes: [16, 28, 32],
  colours: ['grey', 'rgb'],
  extensions: UPLOAD_EXTENSIONS,
  limits: UPLOAD_LIMITS,
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
    expect(readSplit({ testPercent: ' 14.3 ', stratified: false, seed: '42' }, TEST_FRACTION)).toEqual({ ok: true, split: { testFraction: 0.143, stratified: false, seed: 42 } });
  });

  test('say what is wrong by the box that is wrong', () => {
    expect(readSplit({ testPercent: '60', stratified: true, seed: '1.5' }, TEST_FRACTION)).toEqual({
      ok: false,
      problems: { testPercent: 'must be from 5% to 50%', seed: 'must be a whole number from 0 to 2147483647' },
    });
    expect(readSplit({ testPercent: '', stratified: true, seed: 'x' }, TEST_FRACTION)).toEqual({
      ok: false,
      problems: { testPercent: 'is empty: give a percentage from 5 to 50', seed: '"x" is not a number (write e.g. 200, 0.05 or 1e-3)' },
    });
    expect(readSplit({ testPercent: '20,5', stratified: true, seed: '0' }, TEST_FRACTION)).toMatchObject({ ok: false, problems: { testPercent: expect.stringMatching(/with a point/) } });
  });
});

describe('what the panel says of files', () => {
  test('a zip takes image options, a CSV image options and a label column, JSON Lines none', () => {
    expect(optionsFor('pets.ZIP')).toEqual({ images: true, labelColumn: false });
    expect(optionsFor('digits.csv')).toEqual({ images: true, labelColumn: true });
    expect(optionsFor('reviews.ndjson')).toEqual({ images: false, labelColumn: false });
    expect(optionsFor('notes.txt')).toEqual({ images: false, labelColumn: false });
  });

  test('the picker accepts every extension the reader reads, and the limits are stated', () => {
    expect(acceptedExtensions(settings)).toBe('.zip,.csv,.jsonl,.ndjson');
    expect(limitsNote(settings)).toBe(
      "Up to 128 MiB a file, 20,000 examples and 100 classes; a zip's images may unpack to 512 MiB and are resized to 16, 28, 32 pixels a side.",
    );
  });
});
