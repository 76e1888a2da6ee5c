/**
 * The datasets open in a program: the bundled ones, then those added while
 * it runs (a dataset file, an upload). Each program (the worker, a CLI
 * invocation, a test) owns one and passes it where a config is checked or a
 * dataset loaded, so that nothing one adds reaches another.
 */
import type { Dataset } from '../../core/data/dataset';
import { DATASETS, type DatasetEntry, type LoadOptions, type PackSource } from './registry';

export class OpenDatasets {
  /** Those added, by id, after the bundled ones. */
  private readonly added = new Map<string, DatasetEntry>();

  /** Adds a dataset; an entry of the same id (the same file again) is replaced. */
  add(entry: DatasetEntry): void {
    if (DATASETS.some((d) => d.id === entry.id))
      throw new Error(`dataset "${entry.id}" is bundled and cannot be replaced`);
    this.added.set(entry.id, entry);
  }

  /** Removes an added dataset (an upload the person deleted); bundled ones stay. */
  remove(id: string): void {
    this.added.delete(id);
  }

  /** Every dataset a config may name: the bundled ones, then those added. */
  entries(): DatasetEntry[] {
    return [...DATASETS, ...this.added.values()];
  }

  entry(id: string): DatasetEntry {
    const entry = DATASETS.find((d) => d.id === id) ?? this.added.get(id);
    if (!entry)
      throw new Error(
        `unknown dataset "${id}"; allowed: ${this.entries()
          .map((d) => d.id)
          .join(', ')}`,
      );
    return entry;
  }

  load(id: string, source: PackSource, options: LoadOptions = {}): Promise<Dataset> {
    return this.entry(id).load(source, options);
  }
}
