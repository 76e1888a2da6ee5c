/**
 * What a schema says about its settings, as plain data: the label, one line
 * on what it does, the default and the allowed values, read off the schema
 * itself (`v.title`, `v.description`, its bounds and options). The form, the
 * CLI's help and the catalog all describe settings through here, so a
 * setting is described once, where it is declared.
 */
import type * as v from 'valibot';

export interface ParamInfo {
  key: string;
  kind: 'boolean' | 'number' | 'choice';
  label: string;
  /** One line on what the setting does, from the schema's `v.description`. */
  description?: string;
  default: unknown;
  min?: number;
  max?: number;
  /** True when the lower bound itself is not allowed (a learning rate above 0). */
  exclusiveMin?: boolean;
  integer?: boolean;
  options?: string[];
  /** True for a setting with a `v.title`: the form shows those, and keeps the rest at their values. */
  titled: boolean;
  /** True for a setting that may be left unset and has no default: the form shows it blank, and blank leaves it unset. */
  unset?: true;
}

type AnySchema = v.GenericSchema & {
  wrapped?: AnySchema;
  default?: unknown;
  pipe?: PipeItem[];
  options?: string[];
};
type PipeItem = {
  kind?: string;
  type: string;
  requirement?: unknown;
  title?: string;
  description?: string;
  pipe?: PipeItem[];
};

/** A pipe's actions, including those of pipes nested in it (a field builder titled and described). */
function actionsOf(pipe: PipeItem[]): PipeItem[] {
  return pipe.flatMap((item) => (item.kind === 'schema' ? actionsOf(item.pipe ?? []) : [item]));
}

/** One setting, described off its schema (read as valibot builds schemas: optional wrappers, pipes of actions). */
export function describeParam(key: string, setting: v.GenericSchema): ParamInfo {
  const outer = setting as AnySchema;
  const schema = outer.type === 'optional' && outer.wrapped ? outer.wrapped : outer;
  const actions = actionsOf(schema.pipe ?? []);
  const find = (type: string) => actions.find((a) => a.type === type);
  const kind = schema.type === 'boolean' ? 'boolean' : schema.type === 'picklist' ? 'choice' : 'number';
  const title = find('title')?.title;
  const above = find('gt_value');
  return {
    key,
    kind,
    label: title ?? key,
    description: find('description')?.description,
    default: outer.default,
    min: (find('min_value')?.requirement ?? above?.requirement) as number | undefined,
    max: find('max_value')?.requirement as number | undefined,
    exclusiveMin: above !== undefined || undefined,
    integer: find('integer') !== undefined || undefined,
    options: schema.options,
    titled: title !== undefined,
    ...(outer.type === 'optional' && outer.default === undefined ? { unset: true as const } : {}),
  };
}

/** Every setting of an object's entries, in declaration order. */
export function describeParams(entries: v.ObjectEntries): ParamInfo[] {
  return Object.entries(entries).map(([key, schema]) => describeParam(key, schema));
}
