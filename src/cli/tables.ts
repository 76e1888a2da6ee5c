/** The CLI's tables: plain columns, and settings described off their schemas (core/settings/describe.ts). */
import * as v from 'valibot';
import { BUDGET_SETTINGS, BUDGETS_SCHEMA } from '../core/settings/budget-schema';
import { TOP_SETTINGS, TRAIN_SETTINGS } from '../core/settings/config';
import { describeParams, type ParamInfo } from '../core/settings/describe';

/** Rows as columns padded to their widest cell; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function allowed(p: ParamInfo): string {
  if (p.options) return p.options.join(' | ');
  if (p.kind === 'boolean') return 'true | false';
  const low = p.min === undefined ? '' : `${p.exclusiveMin ? '>' : ''}${p.min}`;
  return `${p.integer ? 'whole number' : 'number'} ${low}..${p.max ?? ''}`;
}

/** A method's, an augmentation's or a model's settings: default, allowed values, meaning. */
export function settingsTable(params: ParamInfo[], keyOf = (p: ParamInfo) => p.key): string {
  const rows = params.map((p) => [
    keyOf(p),
    p.default === undefined ? '-' : JSON.stringify(p.default),
    allowed(p),
    p.description ?? p.label,
  ]);
  return rows.length > 0 ? table([['setting', 'default', 'allowed', 'meaning'], ...rows]) : 'no settings';
}

/** A config's own settings (beside its dataset, model and methods), by path; those the page's form shows are marked. */
export function configSettingsTable(): string {
  const groups: [string, ParamInfo[]][] = [
    ['train.', describeParams(TRAIN_SETTINGS)],
    ['budget.', describeParams(BUDGET_SETTINGS)],
    ['', describeParams({ budgets: v.optional(BUDGETS_SCHEMA) })],
    ['', describeParams(TOP_SETTINGS)],
  ];
  const params = groups.flatMap(([prefix, list]) => list.map((p) => ({ ...p, key: `${prefix}${p.key}` })));
  return `${settingsTable(params, (p) => (p.titled ? `${p.key} *` : p.key))}\n* in the page's form too; the others come from a config file or a link`;
}
