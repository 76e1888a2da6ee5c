import { describe, expect, test } from 'vitest';
import { defaultConfig, requireConfig } from '../../../../src/engine/config';
import { getCatalog } from '../../../../src/engine/catalog';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { settingsDifferences } from '../../../../src/ui/history/settings-match';
import { formFromConfig } from '../../../../src/ui/settings/form-state';

const bundled = new OpenDatasets();
const catalog = getCatalog(bundled);
const defaults = defaultConfig();

describe('whether the form holds the settings that made the results', () => {
  test('the form of a config matches it, whatever the base it was opened over', () => {
    const made = requireConfig(bundled, { ...defaults, seeds: [3, 4], train: { ...defaults.train, epochs: 7 } });
    const form = formFromConfig(made, catalog);
    expect(settingsDifferences(form, made, made, catalog)).toEqual([]);
    // As typed: "07" epochs and spaces in the seeds read the same.
    const typed = { ...form, seeds: ' 3 ,4', train: { ...form.train, epochs: '07' } };
    expect(settingsDifferences(typed, made, made, catalog)).toEqual([]);
  });

  test('a setting the form does not show, missing from a config kept by an older lab, is no difference', () => {
    const { repeats, ...older } = defaults;
    expect(repeats).toBe(1);
    const form = formFromConfig(defaults, catalog);
    expect(settingsDifferences(form, defaults, older as typeof defaults, catalog)).toEqual([]);
  });

  test('names the parts that differ', () => {
    const form = formFromConfig(defaults, catalog);
    const made = requireConfig(bundled, {
      ...defaults,
      dataset: defaults.dataset === 'moons' ? 'blobs' : 'moons',
      seeds: [9],
      train: { ...defaults.train, epochs: defaults.train.epochs + 1 },
    });
    expect(settingsDifferences(form, defaults, made, catalog)).toEqual(
      expect.arrayContaining(['dataset', 'training settings', 'seeds']),
    );
  });
});
