import { expect, test } from 'vitest';
import { Rng } from '../../../src/core/rng';

test('fillNormal draws normals of the given spread, an odd count included, the same for the same seed', () => {
  const std = 0.5;
  const values = new Float32Array(100_001);
  new Rng(3).fillNormal(values, std);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  expect(Math.abs(mean)).toBeLessThan(0.01);
  expect(Math.sqrt(variance) / std).toBeCloseTo(1, 1);
  // The normal's shape, not only its moments: about 68.3% within one sd, 95.4% within two.
  const within = (k: number) => values.filter((v) => Math.abs(v) < k * std).length / values.length;
  expect(within(1)).toBeCloseTo(0.683, 2);
  expect(within(2)).toBeCloseTo(0.954, 2);
  expect(Number.isFinite(values[values.length - 1]) && values[values.length - 1] !== 0).toBe(true);
  const again = new Float32Array(values.length);
  new Rng(3).fillNormal(again, std);
  expect(again).toEqual(values);
});
