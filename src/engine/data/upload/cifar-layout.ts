/**
 * The CIFAR archives as published (https://www.cs.toronto.edu/~kriz/cifar.html):
 * which folder each holds, its batch files in the order of the official
 * split, where the class names are, and how a label is stored. An archive
 * is told apart by its folder and checked against this layout.
 */

/** A 32x32 colour image as the archives store it: 1,024 red bytes, then green, then blue, rows top to bottom. */
export const SIDE = 32;
export const IMAGE_BYTES = SIDE * SIDE * 3;

export interface CifarLayout {
  /** The archive's published file name, for messages. */
  archive: string;
  dataset: 'CIFAR-10' | 'CIFAR-100';
  encoding: 'binary' | 'python';
  /** The one folder every file sits in. */
  folder: string;
  /** The training batches, in the order the training split takes them. */
  train: string[];
  test: string;
  /** The file with the class names. */
  meta: string;
  classes: number;
  /** Binary: label bytes before each image, and which of them is the label (CIFAR-100's fine label follows the coarse one). */
  labelBytes: number;
  labelAt: number;
  /** Python: the dict keys of the labels and of the class names. */
  labelsKey: string;
  namesKey: string;
}

const cifar10 = {
  dataset: 'CIFAR-10',
  classes: 10,
  labelBytes: 1,
  labelAt: 0,
  labelsKey: 'labels',
  namesKey: 'label_names',
} as const;
const cifar100 = {
  dataset: 'CIFAR-100',
  classes: 100,
  labelBytes: 2,
  labelAt: 1,
  labelsKey: 'fine_labels',
  namesKey: 'fine_label_names',
} as const;
const batches = (suffix: string) => [1, 2, 3, 4, 5].map((n) => `data_batch_${n}${suffix}`);

export const CIFAR_LAYOUTS: readonly CifarLayout[] = [
  {
    ...cifar10,
    archive: 'cifar-10-binary.tar.gz',
    encoding: 'binary',
    folder: 'cifar-10-batches-bin',
    train: batches('.bin'),
    test: 'test_batch.bin',
    meta: 'batches.meta.txt',
  },
  {
    ...cifar100,
    archive: 'cifar-100-binary.tar.gz',
    encoding: 'binary',
    folder: 'cifar-100-binary',
    train: ['train.bin'],
    test: 'test.bin',
    meta: 'fine_label_names.txt',
  },
  {
    ...cifar10,
    archive: 'cifar-10-python.tar.gz',
    encoding: 'python',
    folder: 'cifar-10-batches-py',
    train: batches(''),
    test: 'test_batch',
    meta: 'batches.meta',
  },
  {
    ...cifar100,
    archive: 'cifar-100-python.tar.gz',
    encoding: 'python',
    folder: 'cifar-100-python',
    train: ['train'],
    test: 'test',
    meta: 'meta',
  },
];

/** The bytes of one record of a binary batch: its label bytes and its image. */
export const recordBytes = (layout: CifarLayout) => layout.labelBytes + IMAGE_BYTES;

/** A batch file's place in the official split (training batches in order, the test batch last), or -1. */
export function batchOrder(layout: CifarLayout, file: string): number {
  if (file === layout.test) return layout.train.length;
  return layout.train.indexOf(file);
}
