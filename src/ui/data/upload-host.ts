/**
 * What the upload panel and its list of kept datasets need of the lab, in a
 * module of its own so that neither has to import the other for it.
 */
import type { LabClient } from '../lab-client';
import type { CatalogDataset } from '../../core/settings/catalog';

export interface UploadHost {
  client: LabClient;
  /** Reads the worker's datasets again into the form's list. */
  refreshCatalog(): Promise<void>;
  /** The dataset chosen in place of a deleted one. */
  fallback: CatalogDataset;
  /** The datasets as last read: a new list each time they are read again. */
  datasets: () => CatalogDataset[];
}
