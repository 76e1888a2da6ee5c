/** Walking a gallery's examples one at a time in its enlarged view, and the enlarged image's size. */
import { describe, expect, test } from 'vitest';
import {
  enlargedWidth,
  galleryCount,
  galleryKeyTarget,
  galleryOrdinal,
  galleryPosition,
  stepPosition,
  wrapIndex,
} from '../../../../src/ui/common/enlarge';

/** Three classes: two examples, none, three. */
const gallery = [['a0', 'a1'], [], ['c0', 'c1', 'c2']];

describe('gallery steps', () => {
  test('counts and places every example, classes in order', () => {
    expect(galleryCount(gallery)).toBe(5);
    expect(galleryOrdinal(gallery, { classIndex: 0, index: 1 })).toBe(1);
    expect(galleryOrdinal(gallery, { classIndex: 2, index: 0 })).toBe(2);
    expect(galleryOrdinal(gallery, { classIndex: 1, index: 0 })).toBe(-1);
    expect(galleryOrdinal(gallery, { classIndex: 5, index: 0 })).toBe(-1);
    expect(galleryPosition(gallery, 4)).toEqual({ classIndex: 2, index: 2 });
    expect(galleryPosition([[], []], 0)).toBeNull();
  });

  test('steps over an empty class to the next one, and wraps round at both ends', () => {
    expect(stepPosition(gallery, { classIndex: 0, index: 1 }, 1)).toEqual({ classIndex: 2, index: 0 });
    expect(stepPosition(gallery, { classIndex: 2, index: 0 }, -1)).toEqual({ classIndex: 0, index: 1 });
    expect(stepPosition(gallery, { classIndex: 2, index: 2 }, 1)).toEqual({ classIndex: 0, index: 0 });
    expect(stepPosition(gallery, { classIndex: 0, index: 0 }, -1)).toEqual({ classIndex: 2, index: 2 });
  });

  test('stays put when the gallery no longer holds the example', () => {
    expect(stepPosition(gallery, { classIndex: 0, index: 7 }, 1)).toEqual({ classIndex: 0, index: 7 });
  });

  test('wraps an index round a list', () => {
    expect(wrapIndex(0, -1, 3)).toBe(2);
    expect(wrapIndex(2, 1, 3)).toBe(0);
    expect(wrapIndex(1, 1, 3)).toBe(2);
    expect(wrapIndex(0, 1, 0)).toBe(0);
  });
});

describe("the thumbnails' keys", () => {
  test('the arrows step through the gallery, Home and End go to its ends, other keys do nothing', () => {
    const at = { classIndex: 0, index: 1 };
    expect(galleryKeyTarget(gallery, at, 'ArrowRight')).toEqual({ classIndex: 2, index: 0 });
    expect(galleryKeyTarget(gallery, at, 'ArrowDown')).toEqual({ classIndex: 2, index: 0 });
    expect(galleryKeyTarget(gallery, at, 'ArrowLeft')).toEqual({ classIndex: 0, index: 0 });
    expect(galleryKeyTarget(gallery, at, 'Home')).toEqual({ classIndex: 0, index: 0 });
    expect(galleryKeyTarget(gallery, at, 'End')).toEqual({ classIndex: 2, index: 2 });
    expect(galleryKeyTarget(gallery, at, 'Enter')).toBeNull();
    expect(galleryKeyTarget([[]], at, 'Home')).toBeNull();
  });
});

describe('enlarged size', () => {
  test('scales an image by a whole factor to about 300 px, between 1x and 10x', () => {
    expect(enlargedWidth(28)).toBe(280);
    expect(enlargedWidth(32)).toBe(288);
    expect(enlargedWidth(64)).toBe(320);
    expect(enlargedWidth(8)).toBe(80);
    expect(enlargedWidth(1000)).toBe(1000);
  });
});
