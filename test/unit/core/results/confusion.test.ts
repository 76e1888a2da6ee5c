import { describe, expect, test } from 'vitest';
import { classAccuracies, mostConfused } from '../../../../src/core/results/confusion';

const confusion = {
  classes: ['zero', 'one', 'two'],
  counts: [
    [8, 2, 0],
    [0, 5, 5],
    [0, 0, 0],
  ],
};

describe('a confusion matrix read class by class', () => {
  test("gives each class's accuracy over its own test examples, none for a class without any", () => {
    expect(classAccuracies(confusion)).toEqual([
      { name: 'zero', count: 10, accuracy: 0.8 },
      { name: 'one', count: 10, accuracy: 0.5 },
      { name: 'two', count: 0, accuracy: null },
    ]);
  });

  test('names the most frequent mistakes, most first, never a right answer', () => {
    expect(mostConfused(confusion)).toEqual([
      { truth: 'one', predicted: 'two', count: 5 },
      { truth: 'zero', predicted: 'one', count: 2 },
    ]);
    expect(mostConfused(confusion, 1)).toHaveLength(1);
    expect(
      mostConfused({
        classes: ['a', 'b'],
        counts: [
          [3, 0],
          [0, 4],
        ],
      }),
    ).toEqual([]);
  });
});
