/**
 * The config as the engine reads it: the schema (core/settings/config.ts)
 * checked against what the lab offers now (known.ts), unless the caller
 * passes its own.
 */
import {
  CONFIG_VERSION,
  ConfigError,
  type ConfigResult,
  type Known,
  type LabConfig,
  type MixPreviewCheck,
  parseConfigWith,
  parseMixPreviewWith,
} from '../core/settings/config';
import { knownNow } from './known';

/** Parses an untrusted config (JSON from a file, a form or a link). */
export function parseConfig(input: unknown, known: Known = knownNow()): ConfigResult {
  return parseConfigWith(input, known);
}

/** Like parseConfig, but throws a ConfigError listing every problem. */
export function requireConfig(input: unknown, known: Known = knownNow()): LabConfig {
  const result = parseConfigWith(input, known);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

/** Parses a preview request (from the page) with the checks a config's dataset, model and `augment` get. */
export function parseMixPreview(input: unknown, known: Known = knownNow()): MixPreviewCheck {
  return parseMixPreviewWith(input, known);
}

/** The comparison the page opens with: MNIST, an MLP, full / random / RS2 / herding (a coreset) at 10%. */
export function defaultConfig(): LabConfig {
  return requireConfig({
    version: CONFIG_VERSION,
    dataset: 'mnist',
    model: { name: 'mlp' },
    budget: { fraction: 0.1 },
    train: { epochs: 5, batchSize: 64, lr: 0.05 },
    methods: [{ name: 'full' }, { name: 'random' }, { name: 'rs2' }, { name: 'herding' }],
    seeds: [0],
  });
}
