/**
 * Field builders for schemas (the config and every registry entry's own
 * settings), with messages that say what is allowed.
 */
import * as v from 'valibot';

/** A setting the page's form shows: its label there, and its one line (the form's tooltip, the CLI's help). */
export function titled<S extends v.GenericSchema>(schema: S, title: string, description: string) {
  return v.pipe(schema, v.title(title), v.description(description));
}

/** A setting only a config file or a link sets: its one line for the CLI's help. */
export function described<S extends v.GenericSchema>(schema: S, description: string) {
  return v.pipe(schema, v.description(description));
}

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

/** One of `options`; a missing one (see `settings`) is told them. */
export function oneOf<const T extends readonly string[]>(what: string, options: T) {
  return v.picklist(options, (issue) => unknownMessage(what, issue.input, options));
}

/** "unknown model "resnet"; allowed: mlp, convnet", or the allowed ones alone where nothing was given. */
export function unknownMessage(what: string, input: unknown, allowed: readonly string[]): string {
  return input === undefined
    ? `must be one of ${allowed.join(', ')}`
    : `unknown ${what} ${JSON.stringify(input)}; allowed: ${allowed.join(', ')}`;
}

/**
 * An object of named settings. Its messages stay in the settings' terms:
 * an unknown key "is not a known setting", a missing one says what it
 * takes, and anything but an object is told the keys it should have.
 */
export function settings<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const keys = Object.keys(entries);
  const optional = keys.filter((key) => entries[key].type === 'optional');
  const required = keys.filter((key) => !optional.includes(key));
  const shape =
    required.length === 0
      ? `must be an object${optional.length > 0 ? ` with any of ${optional.join(', ')}` : ''}`
      : `must be an object with ${required.join(', ')}${optional.length > 0 ? `, and optionally ${optional.join(', ')}` : ''}`;
  return v.strictObject(entries, (issue) => keyMessage(issue, entries) ?? shape);
}

/** An object naming one of `options` (a method row, a model, an augmentation); its other keys are checked once the name is known. */
export function naming<const T extends readonly string[]>(what: string, options: T) {
  const entries = { name: oneOf(what, options) };
  return v.looseObject(
    entries,
    (issue) => keyMessage(issue, entries) ?? `must be an object with the ${what}'s name, e.g. {"name":"${options[0]}"}`,
  );
}

/** The message of an issue about one key of an object (unknown or missing); undefined for any other. */
function keyMessage(issue: v.BaseIssue<unknown>, entries: v.ObjectEntries): string | undefined {
  // Only an issue about one of the object's keys has a path when its message is made.
  const key = issue.path?.[0]?.key;
  if (typeof key !== 'string') return undefined;
  if (issue.expected === 'never') return 'is not a known setting';
  // What the setting takes is what its own schema says to nothing at all.
  const nothing = v.safeParse(entries[key], undefined);
  return nothing.success ? 'is missing' : `is missing (${nothing.issues[0].message})`;
}
