/** The picks panel's data path: which run shows, the score histogram and its cut, the scatter's mask, the export. */
import { describe, expect, test } from 'vitest';
import type { DistilledRun, PickedRun } from '../../../../src/ui/results/experiment-state';
import {
  settingsLine,
  chooseRun,
  classCaption,
  exportFileName,
  pickedMask,
  pickKey,
  scoreHistogram,
  selectionExport,
} from '../../../../src/ui/picks/picks-data';

const picks = (label: string, seed: number, runIndex: number): PickedRun => ({
  runIndex,
  method: label.split(' ')[0],
  label,
  seed,
  settings: {},
  selection: { indices: [runIndex], rounds: 1 },
});

describe('picks data', () => {
  test('keeps the chosen run by label and seed, else shows the first', () => {
    const runs = [picks('random 10%', 0, 1), picks('el2n 10%', 0, 3), picks('el2n 10%', 1, 7)];
    expect(chooseRun(runs, null)).toBe(runs[0]);
    expect(chooseRun(runs, pickKey(runs[2]))).toBe(runs[2]);
    // The final result brings new objects with the same label and seed: the choice holds.
    const final = runs.map((run) => ({ ...run }));
    expect(chooseRun(final, pickKey(runs[1]))).toBe(final[1]);
    expect(chooseRun(runs, 'herding 10% · seed 0')).toBe(runs[0]);
    expect(chooseRun([], 'el2n 10% · seed 0')).toBeNull();
  });

  test('bins every score, counts the picked per bin, and marks the lowest kept score', () => {
    // Scores 0..9; the method kept the three highest.
    const scores = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const histogram = scoreHistogram(scores, [9, 8, 7], true, 3)!;
    expect(histogram.bins.map((b) => [b.from, b.to, b.count, b.picked])).toEqual([
      [0, 3, 3, 0],
      [3, 6, 3, 0],
      [6, 9, 4, 3],
    ]);
    expect(histogram.cut).toBe(7);
    expect(histogram.tallest).toBe(4);
    expect([histogram.min, histogram.max]).toEqual([0, 9]);
  });

  test('the cut of a subset that keeps the lowest scores is its highest score, zero included', () => {
    const histogram = scoreHistogram([0, 0, 2, 4, 8], [0, 1], false, 4)!;
    expect(histogram.cut).toBe(0);
    expect(histogram.bins[0]).toMatchObject({ count: 2, picked: 2 });
  });

  test('equal scores make one bin; non-finite scores are left out; no finite score, no histogram', () => {
    const flat = scoreHistogram([1, 1, 1, Number.NaN], [3, 0], true)!;
    expect(flat.bins).toEqual([{ from: 1, to: 1, count: 3, picked: 1 }]);
    expect(flat.cut).toBe(1);
    expect(scoreHistogram([Number.NaN], [], true)).toBeNull();
    expect(scoreHistogram([], [], true)).toBeNull();
  });

  test('masks the picked points of the training set', () => {
    expect(Array.from(pickedMask(5, [4, 1]))).toEqual([0, 1, 0, 0, 1]);
  });

  test('captions a class by what it shows', () => {
    expect(classCaption(25, 12, 'picked')).toBe('25 picked, first 12 shown');
    expect(classCaption(3, 3, 'picked')).toBe('3 picked');
    expect(classCaption(40, 0, 'distilled')).toBe('40 distilled');
  });

  test('names the settings a run used, as the config spells them', () => {
    expect(settingsLine({ iterations: 100, lrRate: 0.00001, init: 'real', classBalanced: true })).toBe(
      'iterations 100 · lrRate 1e-5 · init real · classBalanced true',
    );
    expect(settingsLine({})).toBe('');
    // An augmented row's settings hold its augmentation as an object (it showed "augment [object Object]").
    expect(settingsLine({ augment: { name: 'mixup', alpha: 1 } })).toBe('augment mixup (alpha 1)');
    expect(settingsLine({ keep: 'easiest', augment: { name: 'cutmix', alpha: 0.5, p: 0.0001 } })).toBe(
      'keep easiest · augment cutmix (alpha 0.5, p 1e-4)',
    );
    expect(settingsLine({ augment: { name: 'flip' } })).toBe('augment flip');
    expect(settingsLine({ sizes: [1, 2], shift: { x: 1 } })).toBe('sizes 1, 2 · shift (x 1)');
    expect(settingsLine({ rounds: 2, kdWeight: 0.5, kdTemperature: 4, kdTeacher: 'charged' })).toBe(
      'rounds 2 · kdWeight 0.5 · kdTemperature 4 · kdTeacher charged',
    );
  });

  test('exports the selection with its run and data, under a file name safe anywhere', () => {
    const run: PickedRun = {
      runIndex: 2,
      method: 'el2n',
      label: 'el2n 10% (easiest, reselect) + KD',
      settings: { keep: 'easiest', rounds: 'reselect', kdWeight: 0.5 },
      seed: 3,
      selection: {
        indices: [5, 2],
        scores: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
        scoreName: 'EL2N',
        keepsHighest: false,
        rounds: 4,
      },
    };
    const exported = selectionExport(run, { dataset: 'names', data: { seqLength: 12 } });
    expect(exported).toEqual({
      version: 1,
      dataset: 'names',
      data: { seqLength: 12 },
      method: 'el2n',
      label: run.label,
      settings: run.settings,
      seed: 3,
      rounds: 4,
      indices: [5, 2],
      scores: run.selection.scores,
      scoreName: 'EL2N',
      keepsHighest: false,
    });
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    expect(selectionExport(picks('herding 10%', 0, 1), { dataset: 'blobs', data: {} })).not.toHaveProperty('scores');
    expect(exportFileName(run)).toBe('picks-el2n-10-easiest-reselect-kd-seed3.json');
    const distilled: DistilledRun = {
      runIndex: 0,
      method: 'dm',
      label: 'dm 10/class (from noise)',
      seed: 1,
      settings: {},
      synthetic: { classes: [0], shape: [2], values: [0, 0], loss: [] },
    };
    expect(exportFileName(distilled)).toBe('distilled-dm-10-class-from-noise-seed1.json');
  });
});
