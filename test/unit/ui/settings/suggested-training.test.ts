/** Picking a dataset: the training settings follow its suggestion unless the person changed them. */
import { describe, expect, test } from 'vitest';
import type { CatalogDataset } from '../../../../src/core/settings/catalog';
import { LAB_TRAINING } from '../../../../src/core/settings/suggested';
import { getCatalog } from '../../../../src/engine/catalog';
import { defaultConfig } from '../../../../src/engine/config';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { formFromConfig, type ParamValues } from '../../../../src/ui/settings/form-state';
import {
  holds,
  sameTraining,
  shortName,
  suggestedValues,
  trainingOnPick,
} from '../../../../src/ui/settings/suggested-training';

const catalog = getCatalog(new OpenDatasets());
const dataset = (id: string) => catalog.datasets.find((d) => d.id === id)!;
/** A dataset of one's own: no suggestion. */
const upload: CatalogDataset = { id: 'upload:films', name: 'films', description: 'csv', kind: 'tokens' };

/** The form's training settings as the default comparison opens them. */
const defaults = (): ParamValues => ({ ...formFromConfig(defaultConfig(), catalog).train });
const train = (epochs: string, batchSize: string, lr: string, optimizer = 'sgd'): ParamValues => ({
  epochs,
  batchSize,
  lr,
  optimizer,
});

describe('suggested training on a dataset pick', () => {
  test("every bundled dataset suggests settings; the default comparison opens with its dataset's", () => {
    for (const d of catalog.datasets) {
      expect(d.suggested, d.id).toBeDefined();
      expect(d.suggested!.epochs * d.suggested!.lr * d.suggested!.batchSize, d.id).toBeGreaterThan(0);
    }
    expect(holds(defaults(), dataset(defaultConfig().dataset).suggested!)).toBe(true);
    expect(holds(defaults(), LAB_TRAINING)).toBe(true);
  });

  test('untouched settings become what suits the new dataset, and the form says so', () => {
    const pick = trainingOnPick(defaults(), dataset('mnist'), dataset('spirals'));
    expect(pick).toMatchObject({
      kind: 'set',
      values: { epochs: '100', batchSize: '32', lr: '0.1', optimizer: 'sgd' },
      note: 'Training settings set to what suits Spirals: 100 epochs, batch 32, lr 0.1.',
    });
    // From one suggestion to the next, and on to a dataset of one's own: the lab's defaults.
    const spirals = train('100', '32', '0.1');
    expect(trainingOnPick(spirals, dataset('spirals'), dataset('moons'))).toMatchObject({
      kind: 'set',
      values: suggestedValues(dataset('moons').suggested!),
    });
    expect(trainingOnPick(spirals, dataset('spirals'), upload)).toMatchObject({
      kind: 'set',
      values: { epochs: '5', batchSize: '64', lr: '0.05' },
      note: "Training settings set to the lab's defaults: 5 epochs, batch 64, lr 0.05.",
    });
    // The lab's defaults count as untouched whatever the dataset was.
    expect(trainingOnPick(defaults(), upload, dataset('names'))).toMatchObject({ kind: 'set' });
  });

  test("settings the person changed stay, with a one-click offer of the new dataset's", () => {
    const edited = train('7', '64', '0.05');
    const pick = trainingOnPick(edited, dataset('mnist'), dataset('spirals'));
    expect(pick).toMatchObject({
      kind: 'offer',
      label: "Use Spirals' suggested settings",
      training: '100 epochs, batch 32, lr 0.1',
      values: { epochs: '100', batchSize: '32', lr: '0.1', optimizer: 'sgd' },
      note: 'Training settings set to what suits Spirals: 100 epochs, batch 32, lr 0.1.',
    });
    expect(trainingOnPick(edited, dataset('spirals'), dataset('mnist'))).toMatchObject({
      label: "Use MNIST's suggested settings",
    });
    // Another optimizer is a change too: a suggestion's learning rate is SGD's.
    expect(trainingOnPick(train('5', '64', '0.05', 'adam'), dataset('mnist'), dataset('moons'))).toMatchObject({
      kind: 'offer',
    });
    // A dataset with nothing to suggest leaves them be, and says nothing.
    expect(trainingOnPick(edited, dataset('mnist'), upload)).toEqual({ kind: 'keep' });
  });

  test('settings the person typed are theirs even where they equal a suggestion, until something else sets them', () => {
    const typed = train('20', '32', '0.1');
    // Typed on blobs, whose suggestion they happen to be: picking a dataset of one's own keeps them.
    expect(trainingOnPick(typed, dataset('blobs'), upload, { ...typed })).toEqual({ kind: 'keep' });
    expect(trainingOnPick(typed, dataset('blobs'), dataset('spirals'), { ...typed })).toMatchObject({ kind: 'offer' });
    // Once the form holds other settings (a preset, a link, a suggestion taken), what was typed no longer counts.
    expect(trainingOnPick(typed, dataset('blobs'), upload, train('7', '32', '0.1'))).toMatchObject({ kind: 'set' });
    expect(sameTraining(typed, train('20', '32', '0.1'))).toBe(true);
    expect(sameTraining(typed, train('20', '32', '0.10'))).toBe(false);
  });

  test('nothing to do where the settings already suit the new dataset', () => {
    expect(trainingOnPick(defaults(), dataset('spirals'), dataset('mnist'))).toEqual({ kind: 'keep' });
    // Numbers are read as typed: 0.10 is 0.1.
    expect(trainingOnPick(train('100', '32', '0.10'), dataset('moons'), dataset('spirals'))).toEqual({ kind: 'keep' });
  });

  test("half-typed or empty settings are the person's: kept", () => {
    expect(trainingOnPick(train('', '64', '0.05'), dataset('mnist'), dataset('spirals'))).toMatchObject({
      kind: 'offer',
    });
    expect(holds(train('5x', '64', '0.05'), LAB_TRAINING)).toBe(false);
  });

  test('names a dataset by its name, without what its brackets add', () => {
    expect(shortName(dataset('mnist'))).toBe('MNIST');
    expect(shortName(dataset('spam'))).toBe('SpamAssassin');
    expect(shortName({ name: '(odd)' })).toBe('(odd)');
  });
});
