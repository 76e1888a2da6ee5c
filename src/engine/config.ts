/**
 * The config as the engine reads it: the schema (core/settings/config.ts)
 * checked against what the lab offers (known.ts) with the caller's datasets
 * open.
 */
import {
  CONFIG_VERSION,
  ConfigError,
  type ConfigResult,
  type LabConfig,
  type MixPreviewCheck,
  parseConfigWith,
  parseMixPreviewWith,
} from '../core/settings/config';
import { LAB_TRAINING } from '../core/settings/suggested';
import { OpenDatasets } from './data/open-datasets';
import { knownWith } from './known';

/** Parses an untrusted config (JSON from a file, a form or a link) that may name any of `datasets`. */
export function parseConfig(datasets: OpenDatasets, input: unknown): ConfigResult {
  return parseConfigWith(input, knownWith(datasets));
}

/** Like parseConfig, but throws a ConfigError listing every problem. */
export function requireConfig(datasets: OpenDatasets, input: unknown): LabConfig {
  const result = parseConfig(datasets, input);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

/** Parses a preview request (from the page) with the checks a config's dataset, model and `augment` get. */
export function parseMixPreview(datasets: OpenDatasets, input: unknown): MixPreviewCheck {
  return parseMixPreviewWith(input, knownWith(datasets));
}

/** The comparison the page opens with: MNIST, an MLP, full / random / RS2 / herding (a coreset) at 10%. */
export function defaultConfig(): LabConfig {
  // MNIST is bundled: no program's own datasets are needed.
  return requireConfig(new OpenDatasets(), {
    version: CONFIG_VERSION,
    dataset: 'mnist',
    model: { name: 'mlp' },
    budget: { fraction: 0.1 },
    train: { ...LAB_TRAINING },
    methods: [{ name: 'full' }, { name: 'random' }, { name: 'rs2' }, { name: 'herding' }],
    seeds: [0],
  });
}
