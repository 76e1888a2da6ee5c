/**
 * Field builders for schemas (the config and every registry entry's own
 * settings), with messages that say what is allowed.
 */
import * as v from 'valibot';

export function intField(min: number, max: number) {
  return v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
}

/** A finite number in (min, max] when `exclusiveMin`, else [min, max]. */
export function numberField(min: number, max: number, exclusiveMin = false) {
  return v.pipe(
    v.number('must be a number'),
    v.finite('must be a finite number'),
    exclusiveMin ? v.gtValue(min, `must be greater than ${min}`) : v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
}

export function oneOf<const T extends readonly string[]>(what: string, options: T) {
  return v.picklist(
    options,
    (issue) => `unknown ${what} ${JSON.stringify(issue.input)}; allowed: ${options.join(', ')}`,
  );
}
