/**
 * The images of a CIFAR archive, kept in one array in the lab's layout
 * (height x width x channels bytes per image) as they stream in: each batch
 * file fills a block, in the order the archive gives them; once all are in,
 * the blocks are put in the official order (training batches 1 to 5, then
 * the test batch) in place, so that example i is the same image as in every
 * other CIFAR loader and the test images come last.
 */
import { grouped } from '../../../core/upload/limits';
import { IMAGE_BYTES, SIDE } from './cifar-layout';
import { fail } from './upload-error';

const PLANE = SIDE * SIDE;

/** One image, red plane, green plane, blue plane (as the archives hold it), written as RGB per pixel. */
function toPixels(planes: Uint8Array, from: number, x: Uint8Array, to: number): void {
  for (let p = 0; p < PLANE; p++) {
    x[to + 3 * p] = planes[from + p];
    x[to + 3 * p + 1] = planes[from + PLANE + p];
    x[to + 3 * p + 2] = planes[from + 2 * PLANE + p];
  }
}

/** The images of one batch file, written as its bytes arrive, and its labels. */
export class ImageBlock {
  readonly labels: Uint8Array;
  /** Images written. */
  written = 0;
  private readonly partial = new Uint8Array(IMAGE_BYTES);
  private partialFill = 0;

  constructor(
    private readonly x: Uint8Array,
    /** The block's first image, in the array. */
    public start: number,
    readonly count: number,
    /** Its place in the official order. */
    readonly order: number,
  ) {
    this.labels = new Uint8Array(count);
  }

  /** Image bytes (planes), in pieces of any size. */
  write(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.written === this.count) throw new Error('more image bytes than the block was opened for');
      const to = (this.start + this.written) * IMAGE_BYTES;
      if (this.partialFill === 0 && chunk.length - at >= IMAGE_BYTES) {
        toPixels(chunk, at, this.x, to);
        at += IMAGE_BYTES;
        this.written++;
        continue;
      }
      const take = Math.min(IMAGE_BYTES - this.partialFill, chunk.length - at);
      this.partial.set(chunk.subarray(at, at + take), this.partialFill);
      this.partialFill += take;
      at += take;
      if (this.partialFill === IMAGE_BYTES) {
        toPixels(this.partial, 0, this.x, to);
        this.partialFill = 0;
        this.written++;
      }
    }
  }
}

/** Moves x[mid, end) before x[start, mid), in place: three reversals, no second copy of the images. */
function rotate(x: Uint8Array, start: number, mid: number, end: number): void {
  x.subarray(start, mid).reverse();
  x.subarray(mid, end).reverse();
  x.subarray(start, end).reverse();
}

export class CifarImages {
  private x: Uint8Array | undefined;
  private readonly blocks: ImageBlock[] = [];
  private count = 0;

  /** `capacity`: the most images an archive may hold (the array is made that large once the first batch begins). */
  constructor(private readonly capacity: number) {}

  /** Room for `count` images of a batch file; refuses an archive past the capacity. */
  open(count: number, order: number): ImageBlock {
    if (this.count + count > this.capacity)
      fail(
        `takes the archive past ${grouped(this.capacity)} images; an archive may hold at most ${grouped(this.capacity)} (CIFAR-10 and CIFAR-100 hold 60,000)`,
      );
    this.x ??= new Uint8Array(this.capacity * IMAGE_BYTES);
    const block = new ImageBlock(this.x, this.count, count, order);
    this.blocks.push(block);
    this.count += count;
    return block;
  }

  /** The images in the official order, their labels, and how many are for training (those before the test batch's). */
  finish(testOrder: number): { x: Uint8Array; labels: Uint8Array; train: number } {
    const x = this.x ?? new Uint8Array(0);
    const arrived = [...this.blocks];
    const ordered = [...this.blocks].sort((a, b) => a.order - b.order);
    let at = 0;
    for (const block of ordered) {
      if (block.start > at) {
        rotate(x, at * IMAGE_BYTES, block.start * IMAGE_BYTES, (block.start + block.count) * IMAGE_BYTES);
        // The blocks it passed move up by its size.
        for (const other of arrived) if (other.start >= at && other.start < block.start) other.start += block.count;
        block.start = at;
      }
      at += block.count;
    }
    const labels = new Uint8Array(this.count);
    let train = 0;
    for (const block of ordered) {
      labels.set(block.labels, block.start);
      if (block.order < testOrder) train += block.count;
    }
    // An archive smaller than the capacity gives back only what it holds (a copy, so that the rest is freed).
    const used = this.count * IMAGE_BYTES;
    return { x: used === x.length ? x : x.slice(0, used), labels, train };
  }
}
