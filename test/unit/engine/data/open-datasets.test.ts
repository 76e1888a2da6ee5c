/**
 * A program's open datasets: the bundled ones, then those it adds; what one
 * object adds is open in no other.
 */
import { describe, expect, test } from 'vitest';
import { makeToyDataset } from '../../../../src/engine/data/toy';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { DATASETS, type DatasetEntry } from '../../../../src/engine/data/registry';

const bundledIds = DATASETS.map((d) => d.id);

function added(id: string, description = 'an upload'): DatasetEntry {
  return { id, name: id, description, kind: 'vector', load: async () => makeToyDataset('blobs') };
}

describe('open datasets', () => {
  test('list the bundled datasets, then those added; an entry of the same id replaces the one before', () => {
    const datasets = new OpenDatasets();
    expect(datasets.entries().map((d) => d.id)).toEqual(bundledIds);
    datasets.add(added('upload-a'));
    datasets.add(added('upload-b'));
    const again = added('upload-a', 'the same upload again');
    datasets.add(again);
    expect(datasets.entries().map((d) => d.id)).toEqual([...bundledIds, 'upload-a', 'upload-b']);
    expect(datasets.entry('upload-a')).toBe(again);
    expect(datasets.entry('mnist')).toBe(DATASETS[0]);
  });

  test('refuse to replace a bundled dataset, and keep the bundled ones on removal', () => {
    const datasets = new OpenDatasets();
    expect(() => datasets.add(added('blobs'))).toThrow('dataset "blobs" is bundled and cannot be replaced');
    datasets.remove('blobs');
    expect(datasets.entries().map((d) => d.id)).toEqual(bundledIds);
  });

  test('name what a config may name when asked for an unknown one', async () => {
    const datasets = new OpenDatasets();
    datasets.add(added('upload-a'));
    datasets.remove('upload-a');
    expect(() => datasets.entry('upload-a')).toThrow(`unknown dataset "upload-a"; allowed: ${bundledIds.join(', ')}`);
    datasets.add(added('upload-b'));
    expect(() => datasets.entry('cifar')).toThrow(
      `unknown dataset "cifar"; allowed: ${[...bundledIds, 'upload-b'].join(', ')}`,
    );
    expect((await datasets.load('upload-b', () => Promise.reject(new Error('no packs')))).id).toBe('blobs');
  });

  test('are each their own: what one adds is open in no other', () => {
    const one = new OpenDatasets();
    const other = new OpenDatasets();
    one.add(added('upload-a'));
    expect(one.entries().map((d) => d.id)).toContain('upload-a');
    expect(other.entries().map((d) => d.id)).toEqual(bundledIds);
    expect(() => other.entry('upload-a')).toThrow(/^unknown dataset "upload-a"/);
  });
});
