/** How the page's IndexedDB databases open, through idb. */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * A getter for database `name`, opened on first use and then shared. When a
 * newer lab in another tab wants to upgrade it, this one lets go and opens
 * again on next use; a failed open is tried again next time.
 */
export function sharedDatabase<Schema extends DBSchema>(name: string, version: number, upgrade: (database: IDBPDatabase<Schema>) => void): () => Promise<IDBPDatabase<Schema>> {
  let opening: Promise<IDBPDatabase<Schema>> | undefined;
  return () => {
    opening ??= openDB<Schema>(name, version, {
      upgrade: (database) => upgrade(database),
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
