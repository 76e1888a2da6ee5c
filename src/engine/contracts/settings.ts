/**
 * The typed settings of an extension point's entry (a method, a model, a
 * mixing augmentation). An entry declares its settings once, as valibot
 * entries (its `params`, which the config parser and the form read), and its
 * callbacks get them parsed by that same schema: every key typed, defaults
 * filled in, so that a misspelt setting does not compile.
 */
import * as v from 'valibot';

/** The settings that `entries` parse to. */
export type Settings<P extends v.ObjectEntries> = v.InferOutput<v.ObjectSchema<P, undefined>>;

/** No settings: the shared part of an entry that has only its own. */
export type NoSettings = Record<never, never>;

/** What a define helper adds to an entry: its own parse of a row. */
export interface ParsesSettings<T> {
  /** `row`'s settings for this entry: its keys checked and typed, defaults filled in, other keys (`name`) left out. */
  settings(row: Record<string, unknown>): T;
}

/**
 * The one bridge from a registry's rows to typed settings. A registry holds
 * its entries alike, so whoever calls one hands over a row of unknown values
 * (a config row the parser has checked, with its `name`); the entry parses it
 * again with its own schema rather than trusting it. A checked row parses to
 * the same values, and the parse is small beside any entry's work.
 */
export function settingsParser<P extends v.ObjectEntries>(entries: P): (row: Record<string, unknown>) => Settings<P> {
  const schema = v.object(entries);
  return (row) => v.parse(schema, row);
}
