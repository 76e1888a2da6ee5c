/**
 * What opening a lab link does to the page, as plain data: the form and the
 * base config (the settings the form does not show) of the link's
 * comparison, its classroom view, or, for a link refused, the defaults and
 * the message that says why. The worker reads the link (core/share/share-link.ts
 * pulls in the config schema and its registries, which the page's bundle
 * leaves to the worker); this module only decides what the page shows.
 */
import type { LabConfig } from '../../core/settings/config';
import type { ClassroomControl, ClassroomView, SharedState } from '../../core/share/share-link';
import { formFromConfig, type FormState } from '../settings/form-state';
import type { LabApi } from '../lab-client';
import type { Catalog } from '../../core/settings/catalog';

export type LinkReading = Awaited<ReturnType<LabApi['readLink']>>;
export type SharePreset = Awaited<ReturnType<LabApi['presets']>>[number];

/** Why a link did not open, for the notice above the results. */
export interface LinkNotice {
  message: string;
  /** A dataset uploaded on the sender's machine that this lab lacks. */
  missingDataset?: string;
}

export interface OpenedLink {
  form: FormState;
  /** The config whose unshown settings (momentum, evaluation points, a model's width, ...) the form's config keeps. */
  base: LabConfig;
  classroom: ClassroomView | null;
  notice: LinkNotice | null;
}

/** Ids the lab gives datasets made on a machine (an upload, a loaded dataset file): another machine lacks them. */
const LOCAL_DATASET = /^(upload|file)-/;

/** The page after reading a link: its comparison exactly, or the defaults and why not. */
export function openedLink(reading: LinkReading, catalog: Catalog, defaults: LabConfig): OpenedLink {
  if (reading.ok)
    return {
      form: formFromConfig(reading.config, catalog),
      base: reading.config,
      classroom: reading.classroom ?? null,
      notice: null,
    };
  return { form: formFromConfig(defaults, catalog), base: defaults, classroom: null, notice: linkNotice(reading) };
}

function linkNotice(reading: Extract<LinkReading, { ok: false }>): LinkNotice {
  const dataset = reading.dataset;
  const lacksDataset =
    dataset !== undefined && LOCAL_DATASET.test(dataset) && reading.problems?.some((p) => p.path === 'dataset');
  if (!lacksDataset)
    return { message: `This link could not be opened: ${reading.message}. The form shows the default settings.` };
  return {
    message: `This link's comparison trains on the dataset "${dataset}", which was made on the sender's machine (an upload or a dataset file) and is not in this lab. Add the same data with the dataset controls (upload it, or "Load a dataset file"), then open the link again. Until then the form shows the default settings.`,
    missingDataset: dataset,
  };
}

/** What a link of the comparison holds: the config and, in classroom mode, the classroom view. */
export function sharedState(config: LabConfig, classroom: ClassroomView | null): SharedState {
  return classroom ? { config, classroom } : { config };
}

/** Whether the form shows a control: every one, but those a classroom link hides (the form keeps their values). */
export function isShown(classroom: ClassroomView | null, control: ClassroomControl): boolean {
  return !classroom?.hide.includes(control);
}

/** The controls a classroom link can hide, with their names in the page's words. */
export const CONTROL_NAMES: Record<ClassroomControl, string> = {
  dataset: 'dataset',
  model: 'model',
  budget: 'budget',
  train: 'training settings',
  methods: 'methods',
  seeds: 'seeds',
  backend: 'backend',
  target: 'target accuracy',
};

/** "the model, training settings and seeds are set by the lesson", for the classroom banner. */
export function hiddenSummary(classroom: ClassroomView): string {
  const names = classroom.hide.map((control) => CONTROL_NAMES[control]);
  if (names.length === 0) return 'Every control is on show.';
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `The lesson sets the ${list}; ${names.length === 1 ? 'it is' : 'they are'} hidden.`;
}
