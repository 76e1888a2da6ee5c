import { describe, expect, test } from 'vitest';
import { jsonText } from '../../../../src/core/formats/json-text';

describe('jsonText', () => {
  test('writes typed arrays as plain arrays of numbers, indented, with a final newline', () => {
    const text = jsonText({ values: Float32Array.from([0.5, -1]), ids: Int32Array.from([3]), name: 'dm' });
    expect(JSON.parse(text)).toEqual({ values: [0.5, -1], ids: [3], name: 'dm' });
    expect(text).toBe('{\n  "values": [\n    0.5,\n    -1\n  ],\n  "ids": [\n    3\n  ],\n  "name": "dm"\n}\n');
  });
});
