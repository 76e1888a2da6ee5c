/**
 * Moving through a gallery's examples one at a time, as its enlarged view
 * does: a position is a class and an index within it; the next of the last
 * example of a class is the first of the next class that has any, and the
 * ends wrap round. Pure, so it can be tested alone.
 */

export interface GalleryPosition {
  classIndex: number;
  index: number;
}

/** How many examples the gallery holds, every class together. */
export function galleryCount(examples: readonly (readonly unknown[])[]): number {
  return examples.reduce((sum, list) => sum + list.length, 0);
}

/** The position's place (0-based) among every example of the gallery, classes in order; -1 if it holds none there. */
export function galleryOrdinal(examples: readonly (readonly unknown[])[], at: GalleryPosition): number {
  const list = examples[at.classIndex];
  if (!list || at.index < 0 || at.index >= list.length) return -1;
  let before = 0;
  for (let c = 0; c < at.classIndex; c++) before += examples[c].length;
  return before + at.index;
}

/** The example `ordinal` places on (wrapped into the gallery); null for an empty gallery. */
export function galleryPosition(examples: readonly (readonly unknown[])[], ordinal: number): GalleryPosition | null {
  const count = galleryCount(examples);
  if (count === 0) return null;
  let left = ((ordinal % count) + count) % count;
  for (let classIndex = 0; classIndex < examples.length; classIndex++) {
    const length = examples[classIndex].length;
    if (left < length) return { classIndex, index: left };
    left -= length;
  }
  return null;
}

/** The example `delta` places on from `at`, wrapping round the gallery; `at` itself when the gallery no longer holds it. */
export function stepPosition(
  examples: readonly (readonly unknown[])[],
  at: GalleryPosition,
  delta: number,
): GalleryPosition {
  const ordinal = galleryOrdinal(examples, at);
  if (ordinal < 0) return at;
  return galleryPosition(examples, ordinal + delta) ?? at;
}

/** The image's width on screen, in CSS pixels, at a whole scale between 1 and 10 (28 px becomes 280), about 300 px wide. */
export function enlargedWidth(width: number): number {
  const scale = Math.max(1, Math.min(10, Math.round(300 / Math.max(1, width))));
  return width * scale;
}

/** The next index `delta` places on among `count` things, wrapping round. */
export function wrapIndex(index: number, delta: number, count: number): number {
  return count > 0 ? (((index + delta) % count) + count) % count : 0;
}

/**
 * Where a key moves the focus among a gallery's thumbnails (one tab stop
 * for them all): back or on by one (wrapping round), to the first or the
 * last; null for a key that moves nothing.
 */
export function galleryKeyMove(key: string): -1 | 1 | 'first' | 'last' | null {
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowUp':
      return -1;
    case 'ArrowRight':
    case 'ArrowDown':
      return 1;
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** The thumbnail a key moves the focus to from `at`; null when it moves nothing. */
export function galleryKeyTarget(
  examples: readonly (readonly unknown[])[],
  at: GalleryPosition,
  key: string,
): GalleryPosition | null {
  const move = galleryKeyMove(key);
  if (move === null) return null;
  if (move === 'first') return galleryPosition(examples, 0);
  if (move === 'last') return galleryPosition(examples, -1);
  return stepPosition(examples, at, move);
}
