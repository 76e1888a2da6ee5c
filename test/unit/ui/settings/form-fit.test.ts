/** The form says, before Run, what cannot learn with its settings on the dataset's counted classes. */
import { describe, expect, test } from 'vitest';
import { getCatalog } from '../../../../src/engine/catalog';
import { defaultConfig } from '../../../../src/engine/config';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { formFitWarnings } from '../../../../src/ui/settings/form-fit';
import { formFromConfig } from '../../../../src/ui/settings/form-state';

const catalog = getCatalog(new OpenDatasets());
const mnist = { train: new Array(10).fill(800), test: new Array(10).fill(200) };

describe("the form's fit warnings", () => {
  test('none for the defaults on MNIST, nor before the classes are counted', () => {
    const form = formFromConfig(defaultConfig(), catalog);
    expect(formFitWarnings(form, catalog, mnist)).toEqual([]);
    form.budgetMode = 'ipc';
    form.budgetValue = '1';
    expect(formFitWarnings(form, catalog, undefined)).toEqual([]);
  });

  test('one image per class at the default epochs and batch is too few steps, with a fix', () => {
    const form = formFromConfig(defaultConfig(), catalog);
    form.budgetMode = 'ipc';
    form.budgetValue = '1';
    expect(formFitWarnings(form, catalog, mnist)).toEqual([
      'The methods train for only 5 steps (5 epochs of 1 batch of 10 examples): too few to learn from. Try 100 epochs, or a batch of at most 10.',
    ]);
    form.train.epochs = '100';
    form.train.batchSize = '10';
    expect(formFitWarnings(form, catalog, mnist)).toEqual([]);
  });

  test('a tiny test split is said; text that is not a number leaves the warnings to the form problems', () => {
    const form = formFromConfig(defaultConfig(), catalog);
    expect(formFitWarnings(form, catalog, { train: [4000, 4000], test: [5, 5] })[0]).toMatch(
      /^The test split holds only 10 examples/,
    );
    form.train.epochs = 'x';
    expect(formFitWarnings(form, catalog, { train: [4, 4], test: [5, 5] })).toEqual([]);
  });
});
