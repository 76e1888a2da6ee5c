/**
 * A text set read in words (TextReader): the words nearest each learnt
 * example, and the words along its move from its start, among the words
 * enough training texts use.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Dataset } from '../../../../src/core/data/dataset';
import { TextReader } from '../../../../src/engine/methods/distill/embedding-space';
import { initBackend } from '../../../../src/engine/runtime/backend';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', only: true });
});

// Ids 0 and 1 pad and stand for unknown words; 2-11 are words.
const vocabulary = ['<pad>', '<unk>', ...Array.from({ length: 10 }, (_, i) => `w${i + 2}`)];
// Word k's vector is the k-th axis (10 dimensions): the readings are exact.
const table = tf.tensor2d(
  vocabulary.map((_, id) => Array.from({ length: 10 }, (_, d) => (id >= 2 && d === id - 2 ? 1 : 0))),
);

/** Sixty training texts of length 3; w11 is in only two of them. */
function dataset(): Dataset {
  const x = new Int32Array(60 * 3);
  for (let i = 0; i < 60; i++) x.set([2 + (i % 9), 2 + ((i + 3) % 9), i < 2 ? 11 : 0], i * 3);
  return { vocabulary, train: { x, y: new Int32Array(60), count: 60 } } as unknown as Dataset;
}

const reader = new TextReader(table, dataset());
afterAll(() => {
  reader.dispose();
  table.dispose();
});

/** Sequences [n, 2, 10] whose two positions sum to `pooled` rows. */
const sequences = (pooled: number[][]) =>
  tf.tensor3d(pooled.map((row) => [row.map((v) => v / 2), row.map((v) => v / 2)]));

const axis = (k: number, scale = 1) => Array.from({ length: 10 }, (_, d) => (d === k - 2 ? scale : 0));
const plus = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);

describe('TextReader', () => {
  test('lists the words nearest each example first, and the words along its move from the start', async () => {
    const start = sequences([plus(axis(2, 3), axis(3, 2)), axis(4, 3)]);
    // The first moved toward w7; the second did not move.
    const now = sequences([plus(plus(axis(2, 3), axis(3, 2)), axis(7, 1)), axis(4, 3)]);
    const reading = await reader.read(now, start);
    expect(reading.words[0].slice(0, 3)).toEqual(['w2', 'w3', 'w7']);
    expect(reading.words[1][0]).toBe('w4');
    expect(reading.movedToward[0][0]).toBe('w7');
    expect(reading.movedToward[1]).toEqual([]);
    tf.dispose([start, now]);
  });

  test('never lists a word fewer than five training texts use, nor padding or the unknown word', async () => {
    // Pointing straight at w11, which two texts use: the nearest listed words are others.
    const start = sequences([axis(2, 0)]);
    const now = sequences([axis(11, 1)]);
    const reading = await reader.read(now, start);
    for (const list of [reading.words[0], reading.movedToward[0]]) {
      expect(list).toHaveLength(8);
      expect(list).not.toContain('w11');
      expect(list).not.toContain('<pad>');
      expect(list).not.toContain('<unk>');
    }
    tf.dispose([start, now]);
  });
});
