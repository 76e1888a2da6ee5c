/**
 * A method gets its settings as its own schema parses them, typed: defaults
 * filled in, other keys of the row left out, a bad value refused, and a
 * misspelt setting a compile error (the `@ts-expect-error` lines fail the
 * type check if the typing ever loosens).
 */
import * as v from 'valibot';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { intField, oneOf } from '../../../../src/core/settings/fields';
import { defineMethod, type MethodContext } from '../../../../src/engine/contracts/method';
import type { Settings } from '../../../../src/engine/contracts/settings';
import { geometryMethod } from '../../../../src/engine/methods/coreset/geometry-method';
import { kmeans } from '../../../../src/engine/methods/select/kmeans';
import { rs2 } from '../../../../src/engine/methods/select/rs2';
import { defineModel } from '../../../../src/engine/models/model';
import { defineAugmentation } from '../../../../src/engine/contracts/augmentation';
import { inputMixing, mixingParams } from '../../../../src/engine/augment/mixing';
import { resolveBudget } from '../../../../src/engine/methods/budget';

const probeParams = {
  size: v.optional(intField(1, 10), 3),
  mode: v.optional(oneOf('mode', ['near', 'far'] as const), 'near'),
};

/** A method that plans nothing and keeps what it was given. */
function probe() {
  const seen: Settings<typeof probeParams>[] = [];
  const entry = defineMethod({
    id: 'probe',
    family: 'baseline',
    description: 'keeps its settings',
    params: probeParams,
    label: (settings) => {
      // @ts-expect-error a misspelt setting does not compile
      if (settings.sise !== undefined) throw new Error('no such setting');
      return `probe ${settings.size}`;
    },
    plan(_context, settings) {
      expectTypeOf(settings.size).toEqualTypeOf<number>();
      expectTypeOf(settings.mode).toEqualTypeOf<'near' | 'far'>();
      seen.push(settings);
      return { examplesPerRound: 0, totalSteps: 0, nextRound: () => new Int32Array(0) };
    },
  });
  return { entry, seen };
}

// The probe's plan reads nothing of the context.
const context = {} as MethodContext;

describe('typed settings', () => {
  test("a method's plan gets its row parsed by its own schema: defaults filled in, the row's name and other keys left out", async () => {
    const { entry, seen } = probe();
    await entry.plan(context, { name: 'probe', augment: { name: 'mixup' }, mode: 'far' });
    expect(seen).toEqual([{ size: 3, mode: 'far' }]);
    expect(entry.label({ name: 'probe', size: 5 }, resolveBudget({ fraction: 1 }, tinySet()))).toBe('probe 5');
  });

  test('a row the schema refuses is not trusted', () => {
    const { entry, seen } = probe();
    expect(() => entry.plan(context, { size: 'many' })).toThrow();
    expect(seen).toEqual([]);
  });

  test("a family method's settings are its own and the family's, typed alike", () => {
    expect(rs2.settings({ name: 'rs2' })).toEqual({ replacement: false });
    const settings = kmeans.settings({ name: 'kmeans', clusters: 4, rounds: 'reselect' });
    expect(settings).toMatchObject({
      clusters: 4,
      features: 'raw',
      classBalanced: true,
      rounds: 'reselect',
      kdWeight: 0,
    });
    expectTypeOf(settings.clusters).toEqualTypeOf<number>();
    expectTypeOf(settings.rounds).toEqualTypeOf<'static' | 'resample' | 'reselect'>();
    // The form lists the method's own settings first.
    expect(Object.keys(kmeans.params)[0]).toBe('clusters');
  });

  test('misspelt settings do not compile in a family helper, a model or a mixing augmentation either', () => {
    const method = geometryMethod({
      id: 'first-rows',
      description: 'the first rows',
      params: { take: v.optional(intField(1, 10), 1) },
      pick: async (_x, take, _rng, settings) => {
        // @ts-expect-error a misspelt setting does not compile
        if (settings.clasBalanced !== undefined) throw new Error('no such setting');
        return Int32Array.from({ length: Math.min(take, settings.take) }, (_, i) => i);
      },
    });
    expect(method.settings({}).take).toBe(1);
    const model = defineModel({
      id: 'nothing',
      name: 'nothing',
      description: 'no model',
      inputs: ['vector'],
      params: { width: v.optional(intField(1, 10), 2) },
      create(_input, _classCount, settings) {
        // @ts-expect-error a misspelt setting does not compile
        throw new Error(`width ${settings.widht}`);
      },
    });
    expect(model.settings({ name: 'nothing' })).toEqual({ width: 2 });
    const augmentation = defineAugmentation({
      id: 'mixup-ish',
      description: 'mixup with its own label',
      inputs: ['vector'],
      params: mixingParams(1),
      // @ts-expect-error a misspelt setting does not compile
      label: (settings) => `mixup α=${settings.alhpa}`,
      create: (settings) => inputMixing(settings, (x) => ({ x, lambda: 1 })),
    });
    expect(augmentation.settings({ prob: 0.5 })).toEqual({
      alpha: 1,
      prob: 0.5,
      decoupled: false,
      decoupledWeight: 0.1,
    });
  });
});

function tinySet() {
  const split = { x: new Float32Array(4), y: new Int32Array([0, 1]), count: 2 };
  return {
    id: 'tiny',
    name: 'tiny',
    classes: ['a', 'b'],
    input: { kind: 'vector' as const, length: 2 },
    train: split,
    test: split,
  };
}
