/** The budget box as a sweep: a list of budgets becomes the config's budgets, and back; its own problems by entry. */
import { describe, expect, test } from 'vitest';
import { getCatalog } from '../../../../src/engine/catalog';
import { defaultConfig, parseConfig } from '../../../../src/engine/config';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { configFromForm, formFromConfig, type FormState } from '../../../../src/ui/settings/form-state';
import { formProblems, groupProblems } from '../../../../src/ui/settings/form-problems';
import { settingsDifferences } from '../../../../src/ui/history/settings-match';

const bundled = new OpenDatasets();
const catalog = getCatalog(bundled);
const defaults = defaultConfig();

function submitted(edit: (form: FormState) => void, classCounts?: number[]) {
  const form = formFromConfig(defaults, catalog);
  edit(form);
  const { input, rows } = configFromForm(form, defaults, catalog);
  const parsed = parseConfig(bundled, input);
  const own = formProblems(form, catalog, classCounts);
  return { parsed, form, ...groupProblems(parsed.ok ? [] : parsed.problems, rows, own) };
}

describe('a list in the budget box is a sweep', () => {
  test('several budgets become budgets (smallest first), one stays budget, and the form reads them back', () => {
    const sweep = submitted((form) => {
      form.budgetMode = 'ipc';
      form.budgetValue = '50, 1 10';
    });
    if (!sweep.parsed.ok) throw new Error(JSON.stringify(sweep.parsed.problems));
    expect(sweep.parsed.config.budget).toBeUndefined();
    expect(sweep.parsed.config.budgets).toEqual([{ ipc: 1 }, { ipc: 10 }, { ipc: 50 }]);
    expect(formFromConfig(sweep.parsed.config, catalog).budgetValue).toBe('1, 10, 50');
    const percents = submitted((form) => {
      form.budgetValue = '5, 20';
    });
    expect(percents.parsed.ok && percents.parsed.config.budgets).toEqual([{ fraction: 0.05 }, { fraction: 0.2 }]);
    const one = submitted((form) => {
      form.budgetValue = '20';
    });
    expect(one.parsed.ok && [one.parsed.config.budget, one.parsed.config.budgets]).toEqual([
      { fraction: 0.2 },
      undefined,
    ]);
    // A sweep's settings differ from one budget's in the budget.
    if (!sweep.parsed.ok) return;
    expect(settingsDifferences(formFromConfig(defaults, catalog), defaults, sweep.parsed.config, catalog)).toEqual([
      'budget',
    ]);
  });

  test('each entry is checked in the box’s unit, and a sweep of too many or repeated budgets is refused', () => {
    const problems = (value: string, mode: FormState['budgetMode'] = 'fraction', counts?: number[]) =>
      submitted((form) => {
        form.budgetMode = mode;
        form.budgetValue = value;
      }, counts).byControl.budget;
    expect(problems('5, 120')).toEqual(['120: must be a percentage above 0 and at most 100 (of the training set)']);
    expect(problems('5, ten')).toEqual(['"ten" is not a number (write e.g. 200, 0.05 or 1e-3)']);
    expect(problems('1, 10, 500', 'ipc', [100, 200])).toEqual([
      '500: is more than the data holds: the largest class has 200 training examples',
    ]);
    expect(problems('1 2 3 4 5 6 7 8 9', 'ipc')).toEqual(['a sweep runs at most 8 budgets; this lists 9']);
    expect(problems('10, 10', 'ipc')).toEqual(['lists a budget twice; a sweep runs each budget once']);
    expect(problems(' ', 'ipc')).toEqual(['is empty: give a number of examples per class, e.g. 10']);
    expect(problems('1, 10', 'ipc')).toBeUndefined();
  });
});
