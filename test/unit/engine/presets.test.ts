/** Presets: each is a valid comparison that survives the trip through a share link, with a story to tell. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { requireConfig } from '../../../src/engine/config';
import { knownWith } from '../../../src/engine/known';
import { presets } from '../../../src/engine/presets';
import { MAX_LESSON_STORY, readShareLink, shareFragment } from '../../../src/core/share/share-link';
import { OpenDatasets } from '../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

describe('presets', () => {
  test('every preset is a valid config that opens the same from its link', () => {
    const all = presets();
    expect(all.map((p) => p.id)).toEqual(['rs2-vs-coresets', 'distil-mnist', 'mixup-tiny-subset', 'toy-picks']);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    for (const preset of all) {
      expect(preset.story.length).toBeGreaterThan(80);
      expect(readShareLink(shareFragment(preset.state), knownWith(bundled))).toEqual({ ok: true, ...preset.state });
    }
  });

  test("a preset for a class carries its title and story into its lesson's presentation", () => {
    const lessons = presets().filter((p) => p.state.classroom);
    expect(lessons.map((p) => p.id)).toEqual(['distil-mnist', 'mixup-tiny-subset', 'toy-picks']);
    for (const preset of lessons) {
      expect(preset.state.classroom).toMatchObject({ title: preset.title, story: preset.story });
      expect(preset.story.length).toBeLessThanOrEqual(MAX_LESSON_STORY);
    }
  });

  test('the mixup preset compares the same subset plain and mixed, as rows of their own', () => {
    const mixup = presets().find((p) => p.id === 'mixup-tiny-subset')!;
    expect(mixup.state.config.methods.map((m) => [m.name, m.augment?.name])).toEqual([
      ['full', undefined],
      ['random', undefined],
      ['random', 'mixup'],
      ['random', 'cutmix'],
    ]);
  });

  test('every preset has a full-data row, so that its table gives speed-ups; kept short beside tiny sets trained long', () => {
    for (const preset of presets()) {
      const { methods, train } = preset.state.config;
      const full = methods.filter((m) => m.name === 'full');
      expect(full, preset.id).toHaveLength(1);
      const epochs = (full[0].epochs as number | undefined) ?? train.epochs;
      expect(epochs, preset.id).toBeLessThanOrEqual(train.epochs);
    }
    const fullEpochs = (id: string) => presets().find((p) => p.id === id)!.state.config.methods[0].epochs;
    expect(fullEpochs('distil-mnist')).toBe(1);
    expect(fullEpochs('mixup-tiny-subset')).toBe(1);
  });

  test('every example config runs as it stands, the presets (examples/presets) among them', () => {
    const examples = new URL('../../../examples/', import.meta.url);
    const files = readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.json'));
    expect(files).toContain('presets/distil-mnist.json');
    for (const file of files) {
      expect(
        () => requireConfig(bundled, JSON.parse(readFileSync(new URL(file, examples), 'utf8'))),
        file,
      ).not.toThrow();
    }
  });
});
