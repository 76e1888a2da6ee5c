/** How the page's IndexedDB databases open, through idb. */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';

/** Brings a database from `oldVersion` (0: new) to the current one, inside the upgrade's transaction. */
export type Upgrade<Schema extends DBSchema> = (
  database: IDBPDatabase<Schema>,
  oldVersion: number,
  transaction: IDBPTransaction<Schema, StoreNames<Schema>[], 'versionchange'>,
) => void;

/**
 * A getter for database `name`, opened on first use and then shared. When a
 * newer lab in another tab wants to upgrade it, this one lets go and opens
 * again on next use; a failed open is tried again next time.
 */
export function sharedDatabase<Schema extends DBSchema>(
  name: string,
  version: number,
  upgrade: Upgrade<Schema>,
): () => Promise<IDBPDatabase<Schema>> {
  let opening: Promise<IDBPDatabase<Schema>> | undefined;
  return () => {
    opening ??= openDB<Schema>(name, version, {
      upgrade: (database, oldVersion, _newVersion, transaction) => upgrade(database, oldVersion, transaction),
      blocking() {
        const open = opening;
        opening = undefined;
        void open?.then((database) => database.close());
      },
      terminated() {
        opening = undefined;
      },
    });
    opening.catch(() => (opening = undefined));
    return opening;
  };
}
