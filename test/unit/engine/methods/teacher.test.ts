/** A run's recorded settings: a teacher's settings only where the run distilled from one. */
import { describe, expect, test } from 'vitest';
import { withoutIdleTeacher } from '../../../../src/engine/methods/teacher';

describe("a run's settings", () => {
  test("leave out the teacher's when the run did not distil, and keep them when it did", () => {
    expect(withoutIdleTeacher({ rounds: 'static', kdWeight: 0, kdTemperature: 4, kdTeacher: 'charged' })).toEqual({
      rounds: 'static',
    });
    const distilled = { rounds: 'static', kdWeight: 0.5, kdTemperature: 4, kdTeacher: 'charged' };
    expect(withoutIdleTeacher(distilled)).toEqual(distilled);
    // Settings that only share the prefix are the method's own.
    expect(withoutIdleTeacher({ kdLike: 1 })).toEqual({ kdLike: 1 });
  });
});
