/**
 * The page's side of share links: a link's comparison comes back out of
 * the form exactly (the settings the form does not show included), a
 * refused link leaves the defaults and says why, a link to a dataset made
 * on the sender's machine says which, a classroom view hides what it names,
 * and the playback says where training holds.
 */
import { describe, expect, test } from 'vitest';
import { knownWith } from '../../../../src/engine/known';
import { getCatalog } from '../../../../src/engine/catalog';
import { defaultConfig, requireConfig } from '../../../../src/engine/config';
import type { LabConfig } from '../../../../src/core/settings/config';
import { presets } from '../../../../src/engine/presets';
import {
  readShareLink,
  shareFragment,
  shareLink,
  type ClassroomView,
  type SharedState,
} from '../../../../src/core/share/share-link';
import { configFromForm, formFromConfig } from '../../../../src/ui/settings/form-state';
import { playbackText } from '../../../../src/ui/share/playback';
import { hiddenSummary, isShown, openedLink, sharedState } from '../../../../src/ui/share/share-state';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const catalog = getCatalog(bundled);
const defaults = defaultConfig();

/** What the form gives back for Run or Copy link, checked as the worker checks it. */
function configOutOfForm(state: SharedState): LabConfig {
  const opened = openedLink(readShareLink(shareLink(state, 'http://lab.test/'), knownWith(bundled)), catalog, defaults);
  expect(opened.notice).toBeNull();
  return requireConfig(bundled, configFromForm(opened.form, opened.base, catalog).input);
}

/** The form lists methods in the catalog's order, whatever order the link gave. */
const unordered = (config: LabConfig) => ({
  ...config,
  methods: [...config.methods].map((m) => JSON.stringify(m)).sort(),
});

describe('opening a link in the form', () => {
  test('every preset comes back out of the form as its link holds it, with its classroom view', () => {
    for (const preset of presets()) {
      expect(unordered(configOutOfForm(preset.state))).toEqual(unordered(preset.state.config));
      const opened = openedLink(readShareLink(shareFragment(preset.state), knownWith(bundled)), catalog, defaults);
      expect(opened.classroom).toEqual(preset.state.classroom ?? null);
    }
  });

  test('settings the form does not show travel too: momentum, evaluation points, the model width, target and backend', () => {
    const config = requireConfig(bundled, {
      version: 1,
      dataset: 'blobs',
      model: { name: 'mlp', width: 24 },
      budget: { ipc: 5 },
      train: {
        epochs: 2,
        batchSize: 16,
        lr: 0.03,
        optimizer: 'adam',
        momentum: 0.5,
        weightDecay: 0.001,
        evalPoints: 7,
      },
      methods: [{ name: 'random' }, { name: 'herding' }],
      seeds: [3, 1],
      backend: 'wasm',
      targetAcc: 0.8,
    });
    expect(configOutOfForm({ config })).toEqual(config);
  });

  test('a refused link leaves the defaults, no classroom, and says why as plain text', () => {
    for (const link of ['#garbage', '#lab=9.abc.01234567', `#lab=1.${'A'.repeat(9000)}.01234567`]) {
      const opened = openedLink(readShareLink(link, knownWith(bundled)), catalog, defaults);
      expect(opened.form).toEqual(formFromConfig(defaults, catalog));
      expect(opened.base).toBe(defaults);
      expect(opened.classroom).toBeNull();
      expect(opened.notice?.message).toMatch(
        /^This link could not be opened: the link .+\. The form shows the default settings\.$/,
      );
      expect(opened.notice?.missingDataset).toBeUndefined();
    }
  });

  test("a dataset made on the sender's machine is named, and the way to add it said", () => {
    for (const dataset of ['upload-3f2a9c', 'file-77aa01']) {
      const config = { ...defaults, dataset } as LabConfig;
      const opened = openedLink(readShareLink(shareFragment({ config }), knownWith(bundled)), catalog, defaults);
      expect(opened.notice).toMatchObject({ missingDataset: dataset });
      expect(opened.notice!.message).toContain(`"${dataset}"`);
      expect(opened.notice!.message).toMatch(/Load a dataset file/);
      expect(opened.form.dataset).toBe(defaults.dataset);
    }
    // A bundled name the lab does not know is just a bad link.
    const unknown = openedLink(
      readShareLink(shareFragment({ config: { ...defaults, dataset: 'cifar-1000' } as LabConfig }), knownWith(bundled)),
      catalog,
      defaults,
    );
    expect(unknown.notice?.missingDataset).toBeUndefined();
  });

  test('a link of the form keeps the classroom view only in classroom mode', () => {
    expect(sharedState(defaults, null)).toEqual({ config: defaults });
    expect(sharedState(defaults, { hide: ['model'] })).toEqual({ config: defaults, classroom: { hide: ['model'] } });
  });
});

describe('the classroom view', () => {
  test('hides exactly the controls it names, and says which', () => {
    const classroom: ClassroomView = { hide: ['dataset', 'train', 'seeds'] };
    expect(isShown(classroom, 'dataset')).toBe(false);
    expect(isShown(classroom, 'methods')).toBe(true);
    expect(isShown(null, 'dataset')).toBe(true);
    expect(hiddenSummary(classroom)).toBe('The lesson sets the dataset, training settings and seeds; they are hidden.');
    expect(hiddenSummary({ hide: ['model'] })).toBe('The lesson sets the model; it is hidden.');
    expect(hiddenSummary({ hide: [] })).toBe('Every control is on show.');
  });

  test('the playback says whether training plays, steps or holds, and where', () => {
    const state = (
      paused: boolean,
      stepping: boolean,
      held: { runIndex: number; step: number; totalSteps: number; rounds: number; totalRounds: number } | null,
    ) => ({
      paused: () => paused,
      stepping: () => stepping,
      held: () => held,
    });
    expect(playbackText(state(false, false, null), false)).toBe(
      'Play runs the comparison; Step one epoch runs its first epoch and holds.',
    );
    expect(playbackText(state(false, false, null), true)).toBe('Playing.');
    expect(playbackText(state(true, false, null), true)).toMatch(/^Paused: training holds at its next step/);
    expect(playbackText(state(true, true, null), true)).toBe('Running to the end of the epoch…');
    expect(
      playbackText(state(true, false, { runIndex: 0, step: 20, totalSteps: 60, rounds: 1, totalRounds: 3 }), true),
    ).toBe('Held after epoch 1 of 3 (step 20 of 60, run 1).');
    // A pause lands mid-epoch: the words say so, and that Step finishes the epoch (the walk saw "after epoch 1" at step 240 of 625).
    expect(
      playbackText(state(true, false, { runIndex: 0, step: 240, totalSteps: 625, rounds: 1, totalRounds: 5 }), true),
    ).toBe('Held at step 240 of 625, in epoch 2 of 5 (run 1): Step one epoch finishes it.');
  });
});
