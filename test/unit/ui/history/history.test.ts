/**
 * History and exports, apart from the page: what a kept experiment shows
 * (a cut-short one, the table of its finished runs), its History row and
 * notice, export file names; what the page reads on opening (the kept
 * settings, checked, unless a share link sets the form) and how it records
 * an experiment (in order; a full quota reported, never thrown).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { defaultConfig, parseConfig } from '../../../../src/engine/config';
import type { ExperimentResult, RunResult } from '../../../../src/core/results/types';
import { labStore, listingOf, type LabStore, type StoredExperiment } from '../../../../src/store/lab-store';
import { exportFileName, fileSlug, fileStamp, resultsFile } from '../../../../src/ui/results/export-files';
import { historyRow, keptNotice, keptResult, shownFromKept } from '../../../../src/ui/history/history-data';
import { keptOnOpen, recordExperiment } from '../../../../src/ui/history/history-keeper';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const point = (step: number, timeMs: number, testAcc: number) => ({
  step,
  timeMs,
  samples: step * 10,
  testAcc,
  testLoss: 1,
});
const run = (label: string, method: string, finalTestAcc: number) =>
  ({
    label,
    method,
    seed: 0,
    settings: {},
    points: [point(0, 0, 0.1), point(10, 1000, finalTestAcc)],
    overheadMs: 0,
    overhead: {},
    reused: {},
    trainMs: 1000,
    evalMs: 0,
    finalTestAcc,
    steps: 10,
    examplesPerRound: 10,
  }) as unknown as RunResult;

const config = { ...defaultConfig(), dataset: 'moons' };
const startedAt = new Date(2025, 4, 12, 14, 3).getTime();
const experiment = (over: Partial<StoredExperiment>): StoredExperiment => ({
  id: 'e1',
  config,
  status: 'done',
  startedAt,
  runs: [],
  ...over,
});
/** Every experiment's whole record, newest first. */
const records = async (store: LabStore) =>
  Promise.all((await store.listings()).map(async (listing) => (await store.experiment(listing.id))!));

let databases = 0;
const freshName = () => `history-test-${databases++}`;
const validate = async (input: unknown) => parseConfig(bundled, input);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('what a kept experiment shows', () => {
  test('a finished one shows its result; one cut short the table its finished runs make; one with none nothing', () => {
    const result = {
      config,
      runs: [run('full', 'full', 0.9)],
      summary: [],
      targetAcc: 0.5,
      targetRule: 'set',
    } as unknown as ExperimentResult;
    // Its table is drawn again by today's rules, from its runs (a result kept by an older lab lacks today's columns).
    const kept = keptResult(experiment({ result, runs: result.runs }))!;
    expect(kept).toMatchObject({ config, runs: result.runs, targetRule: 'reached-by-all' });
    expect(kept.summary).toMatchObject([{ label: 'full', stepsToTarget: expect.any(Number), speedupVsFullSteps: 1 }]);

    const cut = keptResult(
      experiment({ status: 'interrupted', runs: [run('full', 'full', 0.9), run('random 10%', 'random', 0.7)] }),
    )!;
    expect(cut.summary.map((row) => row.label)).toEqual(['full', 'random 10%']);
    expect(cut.targetRule).toBe('reached-by-all');
    expect(cut.targetAcc).toBeCloseTo(0.7);
    expect(keptResult(experiment({ status: 'interrupted' }))).toBeNull();
  });

  test('a History row says when, on what, how it ended and its best row', () => {
    const row = historyRow(
      listingOf(
        experiment({ status: 'interrupted', runs: [run('full', 'full', 0.9), run('random 10%', 'random', 0.7)] }),
      ),
      (id) => (id === 'moons' ? 'Two moons' : undefined),
    );
    expect(row).toMatchObject({
      dataset: 'Two moons',
      status: 'interrupted',
      statusText: 'interrupted (2 runs finished)',
      best: 'full 90.0%',
      openable: true,
    });
    expect(row.methods).toBe([...new Set(config.methods.map((m) => m.name))].join(', '));
    const none = historyRow(listingOf(experiment({ status: 'failed' })), () => undefined);
    expect(none).toMatchObject({
      dataset: 'moons',
      statusText: 'failed (0 runs finished)',
      best: '–',
      openable: false,
    });
  });

  test('results opened from storage say so; an interrupted experiment says it was cut off by a reload', () => {
    const interrupted = shownFromKept(experiment({ status: 'interrupted', runs: [run('full', 'full', 0.9)] }))!;
    expect(keptNotice(interrupted, 'Two moons')).toMatch(
      /^Interrupted: the page was reloaded or closed during this run\. Showing the 1 run it finished \(Two moons, started /,
    );
    expect(keptNotice({ ...interrupted, status: 'done' }, 'Two moons')).toMatch(
      /^Kept results of an earlier comparison/,
    );
    expect(keptNotice({ ...interrupted, kept: false }, 'Two moons')).toBeNull();
  });
});

describe('exports', () => {
  test('file names come from the dataset and the local start time', () => {
    expect(fileSlug('My Upload (v2).zip')).toBe('my-upload-v2-zip');
    expect(fileStamp(startedAt)).toBe('2025-05-12-1403');
    const shown = shownFromKept(experiment({ runs: [run('full', 'full', 0.9)] }))!;
    expect(exportFileName(shown, 'summary.csv')).toBe('lab-moons-2025-05-12-1403-summary.csv');
  });

  test('the JSON is the result itself; for one cut short it says how it ended', () => {
    const shown = shownFromKept(experiment({ status: 'interrupted', runs: [run('full', 'full', 0.9)] }))!;
    expect(resultsFile({ ...shown, status: 'done' })).toBe(shown.result);
    expect(resultsFile(shown)).toMatchObject({
      status: 'interrupted',
      runs: shown.result.runs,
      summary: shown.result.summary,
    });
  });
});

describe('what the page keeps', () => {
  test('on opening: the settings last run, checked, and the newest experiment; a share link keeps the form its own', async () => {
    const name = freshName();
    const store = labStore(name);
    await store.saveLastConfig(config);
    const id = await store.startExperiment(config);
    await store.addRun(id, run('full', 'full', 0.9));

    // A reload: the experiment was cut off.
    const kept = await keptOnOpen(validate, name);
    expect(kept.store).not.toBeNull();
    expect(kept.lastConfig?.dataset).toBe('moons');
    expect(kept.latest).toMatchObject({ id, status: 'interrupted', runs: [{ label: 'full' }] });

    vi.stubGlobal('location', { hash: '#lab=abc' });
    const shared = await keptOnOpen(validate, name);
    expect(shared.lastConfig).toBeUndefined();
    expect(shared.latest?.id).toBe(id);
  });

  test('settings this version no longer accepts are dropped; without IndexedDB nothing is kept', async () => {
    const name = freshName();
    await labStore(name).saveLastConfig({ ...config, dataset: 'no-such-dataset' });
    expect((await keptOnOpen(validate, name)).lastConfig).toBeUndefined();

    vi.stubGlobal('indexedDB', undefined);
    expect(await keptOnOpen(validate, name)).toEqual({ store: null });
    const record = recordExperiment(null, config, {
      report: () => expect.unreachable(),
      changed: () => expect.unreachable(),
    });
    record.run(run('full', 'full', 0.9));
    await record.end({ status: 'cancelled' });
  });

  test('an experiment is recorded in order: started, its runs, its end', async () => {
    const store = labStore(freshName());
    const changed = vi.fn();
    const record = recordExperiment(store, config, { report: () => expect.unreachable(), changed });
    record.run(run('full', 'full', 0.9));
    record.run(run('random 10%', 'random', 0.7));
    await record.end({ status: 'failed', error: 'out of memory' });
    const [kept] = await records(store);
    expect(kept).toMatchObject({
      status: 'failed',
      error: 'out of memory',
      runs: [{ label: 'full' }, { label: 'random 10%' }],
    });
    expect(await store.lastConfig()).toEqual(config);
    // The settings, the start, two runs and the end.
    expect(changed).toHaveBeenCalledTimes(5);
  });

  test('a whole result is kept once; one too large for the storage left ends the experiment done, its runs kept', async () => {
    const store = labStore(freshName());
    const result = {
      config,
      runs: [run('full', 'full', 0.9)],
      summary: [],
      targetAcc: 0.5,
      targetRule: 'set',
    } as unknown as ExperimentResult;
    const fits = recordExperiment(store, config, { report: () => expect.unreachable(), changed: () => undefined });
    fits.run(result.runs[0]);
    await fits.end({ status: 'done', result });
    expect((await records(store))[0]).toMatchObject({
      status: 'done',
      runs: [],
      result: { runs: [{ label: 'full' }] },
    });

    const reports: string[] = [];
    const tooLarge = recordExperiment(store, config, {
      report: (message) => reports.push(message),
      changed: () => undefined,
    });
    tooLarge.run(result.runs[0]);
    const put = FakeObjectStore.prototype.put;
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      value: unknown,
      key?: IDBValidKey,
    ) {
      if ((value as StoredExperiment).result) throw new DOMException('quota', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    await tooLarge.end({ status: 'done', result });
    vi.restoreAllMocks();
    expect(reports).toEqual([expect.stringMatching(/so the experiment’s results was not saved/)]);
    const [kept] = await records(store);
    expect(kept).toMatchObject({ status: 'done', runs: [{ label: 'full' }] });
    expect(kept.result).toBeUndefined();
    expect(keptResult(kept)!.summary.map((row) => row.label)).toEqual(['full']);
  });

  test('a full quota is reported in words, never thrown; a failed start keeps nothing of the experiment', async () => {
    const store = labStore(freshName());
    const reports: string[] = [];
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const record = recordExperiment(store, config, {
      report: (message) => reports.push(message),
      changed: () => expect.unreachable(),
    });
    record.run(run('full', 'full', 0.9));
    await record.end({ status: 'cancelled' });
    vi.restoreAllMocks();
    expect(reports).toHaveLength(2);
    for (const message of reports)
      expect(message).toMatch(
        /^The browser's storage for this page is full, so the (comparison’s settings|experiment) was not saved/,
      );
    expect(await store.listings()).toEqual([]);
  });
});
