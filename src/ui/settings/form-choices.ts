/** Which models, augmentations and methods the form offers, given the dataset picked. */
import type { Catalog } from '../../core/settings/catalog';
import type { ParamInfo } from '../../core/settings/describe';
import {
  type CatalogAugmentation,
  type CatalogMethod,
  type FormState,
  type MethodChoice,
  paramText,
  type ParamValues,
} from './form-state';

export interface MethodGroup {
  family: CatalogMethod['family'];
  methods: CatalogMethod[];
}

/** The methods by family, each family where the catalog first lists one of its methods. */
export function methodsByFamily(methods: readonly CatalogMethod[]): MethodGroup[] {
  const groups: MethodGroup[] = [];
  for (const method of methods) {
    const group = groups.find((g) => g.family === method.family);
    if (group) group.methods.push(method);
    else groups.push({ family: method.family, methods: [method] });
  }
  return groups;
}

function kindOf(catalog: Catalog, datasetId: string) {
  return catalog.datasets.find((d) => d.id === datasetId)?.kind;
}

/** Models that can read the dataset's kind of input. */
export function modelsFor(catalog: Catalog, datasetId: string): Catalog['models'] {
  const kind = kindOf(catalog, datasetId);
  return catalog.models.filter((m) => kind !== undefined && m.inputs.includes(kind));
}

/** Models a distilled set of the dataset can also be tested on: those that read it, none for text (see evaluateOn). */
export function evaluationModelsFor(catalog: Catalog, datasetId: string): Catalog['models'] {
  return kindOf(catalog, datasetId) === 'tokens' ? [] : modelsFor(catalog, datasetId);
}

/** Augmentations that can mix the dataset's kind of data. */
export function augmentationsFor(catalog: Catalog, datasetId: string): CatalogAugmentation[] {
  const kind = kindOf(catalog, datasetId);
  return catalog.augmentations.filter((a) => kind !== undefined && a.inputs.includes(kind));
}

/**
 * Augmentations a dataset change left out, by method, with whether the
 * method had its plain row then: a later dataset they can mix gives them back.
 */
export type SetAside = Record<string, { augments: string[]; plain: boolean }>;

/**
 * The methods' choices once the dataset is `datasetId`: augmentations that
 * cannot mix its data are set aside (a method left with no row keeps its
 * plain one), and `dropped` names those that were ticked, for the form to
 * say so. Those set aside before come back where they fit again, and a
 * method that had lost them all gets its plain row as it was.
 */
export function fitAugmentations(
  form: FormState,
  catalog: Catalog,
  datasetId: string,
  setAside: SetAside = {},
): { methods: Record<string, MethodChoice>; dropped: string[]; setAside: SetAside } {
  const fitting = new Set(augmentationsFor(catalog, datasetId).map((a) => a.id));
  const dropped = new Set<string>();
  const methods: Record<string, MethodChoice> = {};
  const stillAside: SetAside = {};
  for (const [id, choice] of Object.entries(form.methods)) {
    const earlier = setAside[id];
    const wanted = catalog.augmentations
      .map((a) => a.id)
      .filter((a) => choice.augments.includes(a) || earlier?.augments.includes(a));
    const augments = wanted.filter((a) => fitting.has(a));
    const aside = wanted.filter((a) => !fitting.has(a));
    for (const a of choice.augments) if (!fitting.has(a) && choice.enabled) dropped.add(a);
    if (aside.length > 0) stillAside[id] = { augments: aside, plain: earlier?.plain ?? choice.plain };
    const restoring = choice.augments.length === 0 && augments.length > 0 && earlier !== undefined;
    methods[id] = { ...choice, augments, plain: augments.length === 0 || (restoring ? earlier.plain : choice.plain) };
  }
  return {
    methods,
    dropped: catalog.augmentations.filter((a) => dropped.has(a.id)).map((a) => a.id),
    setAside: stillAside,
  };
}

/** "plain, + mixup": the rows a method's choice adds, in the words of its boxes. */
export function rowsSummary(choice: { plain: boolean; augments: readonly string[] }): string {
  const rows = [...(choice.plain ? ['plain'] : []), ...choice.augments.map((a) => `+ ${a}`)];
  return rows.length > 0 ? rows.join(', ') : 'no row';
}

/** "3 settings, at their defaults" / "3 settings, 1 changed": what a method's folded settings hold. */
export function paramsSummary(params: readonly ParamInfo[], values: ParamValues): { text: string; changed: number } {
  const changed = params.filter((param) => values[param.key] !== paramText(param.default)).length;
  const count = `${params.length} setting${params.length === 1 ? '' : 's'}`;
  const state = changed === 0 ? (params.length === 1 ? 'at its default' : 'at their defaults') : `${changed} changed`;
  return { text: `${count}, ${state}`, changed };
}
