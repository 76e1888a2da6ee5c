/**
 * What the lab offers, as plain data for the page (which never imports the
 * engine): the worker sends it (engine/catalog.ts builds it from the
 * registries). Settings are described off their schemas (describe.ts), so
 * the form follows the registries without a second list.
 */
import type { BackendName } from '../backend-name';
import type { InputSpec } from '../data/dataset';
import type { ParamInfo } from './describe';
import type { SuggestedTraining } from './suggested';

/** The families the methods are grouped in, on the page and in the CLI. */
export type MethodFamily = 'baseline' | 'selection' | 'augmentation' | 'distillation';

export interface CatalogDataset {
  id: string;
  name: string;
  description: string;
  kind: InputSpec['kind'];
  /** A dataset file's: the bundled dataset whose test split it is evaluated on (see engine/data/file-dataset.ts). */
  testFrom?: string;
  /** A dataset file's: why its examples are suspect (a distillation that ran away), to show where it is loaded. */
  warning?: string;
  /** A bundled dataset's: the training settings under which full data learns it well, quickly (see suggested.ts). */
  suggested?: SuggestedTraining;
}

/** A dataset as the page lists it. */
export function catalogDataset({
  id,
  name,
  description,
  kind,
  testFrom,
  warning,
  suggested,
}: CatalogDataset): CatalogDataset {
  return {
    id,
    name,
    description,
    kind,
    ...(testFrom === undefined ? {} : { testFrom }),
    ...(warning === undefined ? {} : { warning }),
    ...(suggested === undefined ? {} : { suggested: { ...suggested } }),
  };
}

export interface Catalog {
  datasets: CatalogDataset[];
  models: { id: string; name: string; description: string; inputs: InputSpec['kind'][]; params: ParamInfo[] }[];
  methods: { id: string; family: MethodFamily; description: string; params: ParamInfo[] }[];
  /**
   * Augmentations, a field of a method row (`augment`): the mixing family and
   * dsa's transforms (`mixes` false); `inputs` are the kinds of data each takes.
   */
  augmentations: {
    id: string;
    description: string;
    inputs: InputSpec['kind'][];
    mixes: boolean;
    params: ParamInfo[];
  }[];
  backends: BackendName[];
}
