/**
 * The headless runner: the same config and engine as the page, JSON out.
 *   npm run lab -- methods
 *   npm run lab -- datasets | models
 *   npm run lab -- run CONFIG.json | --url LINK [--out RESULTS.json] [--backend wasm] [--dataset-file SET.json] [--fair-evaluation]
 *   npm run lab -- url CONFIG.json [--base URL] [--hide CONTROLS]
 *   npm run lab -- dataset-file RESULTS.json --out SET.json [--run N]
 */
import { jsonText } from '../core/formats/json-text';
import { readFile, writeFile } from 'node:fs/promises';
import { knownWith } from '../engine/known';
import { parseConfig } from '../engine/config';
import type { LabConfig } from '../core/settings/config';
import {
  CLASSROOM_CONTROLS,
  type ClassroomControl,
  classroomView,
  DEFAULT_LINK_BASE,
  MAX_LESSON_STORY,
  MAX_LESSON_TITLE,
  readShareLink,
  shareLink,
} from '../core/share/share-link';
import { getCatalog } from '../engine/catalog';
import { configSettingsTable, settingsTable, table } from './tables';
import { getDataset, runExperiment } from '../engine/experiment/run';
import { classSizes } from '../core/data/dataset';
import { fitSettings, fitWarnings } from '../core/settings/fit';
import { curvesCsv, summaryCsv } from '../core/results/csv';
import { nodePackSource } from '../engine/data/node-source';
import { trainingText } from '../core/settings/suggested';
import { OpenDatasets } from '../engine/data/open-datasets';
import type { DatasetEntry } from '../engine/data/registry';
import { DatasetFileError, datasetFileText, distilledSetFile } from '../core/formats/dataset-file';
import { registerDatasetFile } from '../engine/data/file-dataset';
import { DEFAULT_SPLIT, uploadEntry } from '../engine/data/upload/build-upload';
import { isArchive, readArchive } from '../engine/data/upload/read-upload';
import { UploadError } from '../engine/data/upload/upload-error';
import type { ExperimentResult } from '../core/results/types';
import { progressPrinter, summaryTable } from './report';
import { BACKEND_ORDER } from '../engine/runtime/backend';
import { enableNodeWebGpu } from './node-webgpu';
import { unwritableOutputs, writeOutput, type Output } from './output-files';
import * as tf from '@tensorflow/tfjs';

// Production mode: no debug checks, and no banner urging a native Node backend.
tf.env().set('PROD', true);

const USAGE = `usage:
  npm run lab -- methods                 list the methods (name, family, description)
  npm run lab -- methods NAME            a method's settings: defaults, allowed values, meaning
  npm run lab -- settings                a config's own settings (train, budget, seeds, ...): defaults, allowed values, meaning
  npm run lab -- datasets                list the datasets
  npm run lab -- models                  list the models
  npm run lab -- run CONFIG.json [--out RESULTS.json] [--backend ${BACKEND_ORDER.join('|')}] [--dataset-file SET.json]
                                         [--csv SUMMARY.csv] [--curves-csv CURVES.csv] [--fair-evaluation]
  npm run lab -- run --url LINK [...]    run the comparison a share link holds (the page's link)
                                         --url: instead of CONFIG.json
                                         --dataset-file: train on a lab dataset file's examples (a distilled
                                         set) instead of the config's dataset, tested on the bundled
                                         dataset the file names; or on a CIFAR-10 or CIFAR-100 archive
                                         as published (.tar.gz), with its own train/test split
                                         --fair-evaluation: as the config's fairEvaluation (distilled runs'
                                         matched controls, and the gain over them in the table)
  npm run lab -- dataset-file RESULTS.json --out SET.json [--run N]
                                         write a distilled run of RESULTS.json (run N of its runs[],
                                         by default the first distilled one) as a lab dataset file
  npm run lab -- url CONFIG.json [--base URL] [--hide dataset,model,...] [--title TEXT] [--story TEXT]
                                         print the share link that opens the page with CONFIG.json
                                         (--base: the page's address, by default ${DEFAULT_LINK_BASE};
                                         --hide, --title, --story: a lesson's link, opening in presentation
                                         mode with these controls hidden (${CLASSROOM_CONTROLS.join(', ')})
                                         and the lesson's title and story, at most ${MAX_LESSON_TITLE} and ${MAX_LESSON_STORY}
                                         characters, over the chart)`;

class UsageError extends Error {}

function list(what: string, datasets: OpenDatasets): string {
  const catalog = getCatalog(datasets);
  switch (what) {
    case 'methods':
      return table([
        ['name', 'family', 'description'],
        ...catalog.methods.map((m) => [m.id, m.family, m.description]),
        // Augmentations combine with any method row: {"name":"random","augment":{"name":"cutmix"}}.
        ...catalog.augmentations.map((a) => [
          a.id,
          `augmentation (${a.inputs.join(', ')}; a row's "augment")`,
          a.description,
        ]),
      ]);
    case 'datasets':
      return table([
        ['id', 'kind', 'suggested training', 'description'],
        ...catalog.datasets.map((d) => [d.id, d.kind, d.suggested ? trainingText(d.suggested) : '-', d.description]),
      ]);
    default:
      return table([
        ['name', 'reads', 'description'],
        ...catalog.models.map((m) => [m.id, m.inputs.join('/'), m.description]),
      ]);
  }
}

/** One method's (or augmentation's) settings, as a config takes them beside its name. */
function methodSettings(name: string, datasets: OpenDatasets): string {
  const catalog = getCatalog(datasets);
  const method = catalog.methods.find((m) => m.id === name);
  const augmentation = catalog.augmentations.find((a) => a.id === name);
  if (augmentation) {
    const example = { name: 'random', augment: { name: augmentation.id } };
    return `${augmentation.id} (augmentation of ${augmentation.inputs.join(', ')} data, a method row's "augment"): ${augmentation.description}\n${settingsTable(augmentation.params)}\nexample: ${JSON.stringify(example)}`;
  }
  if (!method) throw new UsageError(`unknown method "${name}"; see \`npm run lab -- methods\``);
  return `${method.id} (${method.family}): ${method.description}\n${settingsTable(method.params)}\nexample: ${JSON.stringify({ name: method.id })}`;
}

/** Whether a flag without a value is given (taken out of `args`). */
function flag(args: string[], name: string): boolean {
  const at = args.indexOf(name);
  if (at !== -1) args.splice(at, 1);
  return at !== -1;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

/**
 * Reads a dataset file (or a CIFAR archive, with its own split) and adds it
 * to `datasets`; its id, or null (after saying why) where the file is refused.
 */
async function openDatasetFile(path: string, datasets: OpenDatasets): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (isArchive(path)) return openArchive(path, bytes, datasets);
  try {
    const { entry, dataset } = await registerDatasetFile(
      datasets,
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      nodePackSource,
      path,
    );
    process.stderr.write(
      `dataset file ${path}: "${entry.name}", ${dataset.train.count} examples, tested on ${entry.testFrom}\n`,
    );
    if (entry.warning) process.stderr.write(`warning: ${entry.warning}\n`);
    return entry.id;
  } catch (error) {
    if (!(error instanceof DatasetFileError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return null;
  }
}

/** A CIFAR-10 or CIFAR-100 archive as published, trained on its training split and tested on its test split. */
async function openArchive(path: string, bytes: Buffer, datasets: OpenDatasets): Promise<string | null> {
  try {
    const upload = await readArchive(path, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const entry = uploadEntry(upload, DEFAULT_SPLIT);
    datasets.add(entry);
    process.stderr.write(`dataset file ${path}: "${entry.name}", ${entry.description}\n`);
    return entry.id;
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return null;
  }
}

/** A config file's JSON (not yet validated). */
async function readConfigFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** The config a share link holds, or null (with the reason printed) when the link is refused. */
function configOfLink(link: string, datasets: OpenDatasets): LabConfig | null {
  const reading = readShareLink(link, knownWith(datasets));
  if (reading.ok) return reading.config;
  process.stderr.write(`${reading.message}\n`);
  return null;
}

/** Says which outputs cannot be written; whether all can. Checked before any work, so that none is lost to a mistyped path. */
async function outputsWritable(outputs: Pick<Output, 'flag' | 'path'>[]): Promise<boolean> {
  const refused = await unwritableOutputs(outputs);
  if (refused.length > 0) process.stderr.write(`${refused.join('\n')}\n`);
  return refused.length === 0;
}

const resultsJson = (result: ExperimentResult) => jsonText(result);

async function run(args: string[], datasets: OpenDatasets): Promise<number> {
  const outputs = [
    { flag: '--out', path: option(args, '--out'), what: 'results', fileName: 'results.json', text: resultsJson },
    { flag: '--csv', path: option(args, '--csv'), what: 'summary (CSV)', fileName: 'summary.csv', text: summaryCsv },
    {
      flag: '--curves-csv',
      path: option(args, '--curves-csv'),
      what: 'curves (CSV)',
      fileName: 'curves.csv',
      text: curvesCsv,
    },
  ].flatMap(({ path, ...output }) => (path === undefined ? [] : [{ ...output, path }]));
  const backend = option(args, '--backend');
  const datasetFile = option(args, '--dataset-file');
  const fair = flag(args, '--fair-evaluation');
  const link = option(args, '--url');
  const [file, ...rest] = args;
  if (!file && link === undefined) throw new UsageError('run needs a CONFIG.json or --url LINK');
  if (file && link !== undefined) throw new UsageError('run takes a CONFIG.json or --url LINK, not both');
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  if (!(await outputsWritable(outputs))) return 2;
  let raw: unknown;
  if (link !== undefined) {
    raw = configOfLink(link, datasets);
    if (raw === null) return 2;
  } else {
    raw = await readConfigFile(file);
  }
  if (backend !== undefined && raw && typeof raw === 'object') raw = { ...raw, backend };
  if (fair && raw && typeof raw === 'object') raw = { ...raw, fairEvaluation: true };
  if (datasetFile !== undefined) {
    const id = await openDatasetFile(datasetFile, datasets);
    if (id === null) return 2;
    if (raw && typeof raw === 'object') raw = { ...raw, dataset: id };
  }
  const parsed = parseConfig(datasets, raw);
  if (!parsed.ok) {
    process.stderr.write(
      `${file ?? 'the link'} is not a valid config:\n${parsed.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`,
    );
    return 2;
  }
  const noWebGpu = await enableNodeWebGpu();
  if (noWebGpu && parsed.config.backend === 'webgpu') process.stderr.write(`webgpu: ${noWebGpu}\n`);
  const options = { datasets, source: nodePackSource, onEvent: progressPrinter(), loaded: new Map() };
  // Said before the run, as the page says it: settings that cannot learn, or cannot tell methods apart.
  const sizes = classSizes(await getDataset(parsed.config, options));
  for (const warning of fitWarnings(fitSettings(parsed.config), sizes)) process.stderr.write(`warning: ${warning}\n`);
  const result = await runExperiment(parsed.config, options);
  process.stdout.write(`${summaryTable(result)}\n`);
  let written = true;
  for (const output of outputs)
    written = (await writeOutput(output, output.text(result), (line) => process.stderr.write(`${line}\n`))) && written;
  return written ? 0 : 1;
}

/** The page's address for `url --base`: a full http(s) address, never one a browser would run or inline (javascript:, data:). */
function linkBase(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--base must be a full address such as ${DEFAULT_LINK_BASE}, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(
      `--base must be an http:// or https:// address such as ${DEFAULT_LINK_BASE}; ${JSON.stringify(url.protocol)} addresses are refused`,
    );
  }
  return text;
}

/** A lesson's title or story given on the command line, checked against the length a link carries. */
function lessonOption(args: string[], name: string, maxLength: number): string | undefined {
  const text = option(args, name);
  if (text !== undefined && text.length > maxLength)
    throw new UsageError(`${name} is ${text.length} characters; a lesson's link carries at most ${maxLength}`);
  return text;
}

/** Prints the share link of a config file: the page at `--base` opens with it. */
async function url(args: string[], datasets: OpenDatasets): Promise<number> {
  const base = linkBase(option(args, '--base') ?? DEFAULT_LINK_BASE);
  const hideText = option(args, '--hide');
  const title = lessonOption(args, '--title', MAX_LESSON_TITLE);
  const story = lessonOption(args, '--story', MAX_LESSON_STORY);
  const [file, ...rest] = args;
  if (!file) throw new UsageError('url needs a CONFIG.json');
  const hide = hideText === undefined ? [] : hideText.split(',').map((name) => name.trim());
  const unknown = hide.filter((name) => !(CLASSROOM_CONTROLS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new UsageError(`--hide names controls ${CLASSROOM_CONTROLS.join(', ')}; not ${unknown.join(', ')}`);
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  const parsed = parseConfig(datasets, await readConfigFile(file));
  if (!parsed.ok) {
    process.stderr.write(
      `${file} is not a valid config:\n${parsed.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`,
    );
    return 2;
  }
  const lesson = hideText !== undefined || title !== undefined || story !== undefined;
  const classroom = lesson ? classroomView({ hide: hide as ClassroomControl[], title, story }) : undefined;
  process.stdout.write(`${shareLink({ config: parsed.config, classroom }, base)}\n`);
  return 0;
}

/** Writes a distilled run of a results file as a lab dataset file. */
async function writeDatasetFile(args: string[], datasets: OpenDatasets): Promise<number> {
  const out = option(args, '--out');
  const runText = option(args, '--run');
  const [file, ...rest] = args;
  if (!file) throw new UsageError('dataset-file needs a RESULTS.json');
  if (!out) throw new UsageError('dataset-file needs --out SET.json');
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  if (!(await outputsWritable([{ flag: '--out', path: out }]))) return 2;
  let results: ExperimentResult;
  try {
    results = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const runs = Array.isArray(results?.runs) ? results.runs : [];
  const distilled = runs.flatMap((r, i) => (r.synthetic ? [`${i} (${r.label}, seed ${r.seed})`] : []));
  const index = runText === undefined ? runs.findIndex((r) => r.synthetic) : Number(runText);
  const chosen = runs[index];
  if (!chosen?.synthetic) {
    const which = runText === undefined ? 'holds no distilled run' : `has no distilled run ${runText}`;
    throw new UsageError(
      `${file} ${which}${distilled.length > 0 ? `; its distilled runs: ${distilled.join(', ')}` : ''}`,
    );
  }
  const id = results.config?.dataset;
  let entry: DatasetEntry;
  try {
    entry = datasets.entry(id);
  } catch {
    throw new UsageError(
      `${file} was trained on dataset "${id}", which is not bundled (a dataset file's set cannot be exported again yet)`,
    );
  }
  const dataset = await entry.load(nodePackSource, { seqLength: results.config.data?.seqLength });
  try {
    const json = distilledSetFile(chosen as typeof chosen & { synthetic: NonNullable<typeof chosen.synthetic> }, {
      id: dataset.id,
      name: dataset.name,
      kind: dataset.input.kind,
      classes: dataset.classes,
      testFrom: entry.testFrom ?? entry.id,
    });
    await writeFile(out, datasetFileText(json));
    process.stderr.write(
      `${json.count} examples of run ${index} (${chosen.label}, seed ${chosen.seed}) written to ${out}\n`,
    );
  } catch (error) {
    if (!(error instanceof DatasetFileError)) throw error;
    process.stderr.write(`run ${index} cannot be written as a dataset file: ${error.message}\n`);
    return 2;
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  // The bundled datasets, and a dataset file this invocation opens.
  const datasets = new OpenDatasets();
  switch (command) {
    case 'methods':
      if (args.length > 1) throw new UsageError(`unexpected arguments: ${args.slice(1).join(' ')}`);
      process.stdout.write(`${args[0] ? methodSettings(args[0], datasets) : list(command, datasets)}\n`);
      return 0;
    case 'datasets':
    case 'models':
      process.stdout.write(`${list(command, datasets)}\n`);
      return 0;
    case 'settings':
      process.stdout.write(`${configSettingsTable()}\n`);
      return 0;
    case 'run':
      return run(args, datasets);
    case 'url':
      return url(args, datasets);
    case 'dataset-file':
      return writeDatasetFile(args, datasets);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      error instanceof UsageError ? `${error.message}\n${USAGE}\n` : `error: ${(error as Error).message}\n`,
    );
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
