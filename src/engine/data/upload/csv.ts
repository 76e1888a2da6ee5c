/**
 * CSV with a header row and a label column, and either a `text` column
 * (text examples) or numeric columns: pixels where their count makes a
 * square grey or RGB image and every value fits 0..255, else vectors.
 */
import Papa from 'papaparse';
import type { ReadExamples, UploadExamples } from './examples';
import type { UploadProgress } from '../../../core/upload/progress';
import { Labels } from './labels';
import { grouped, type UploadLimits } from '../../../core/upload/limits';
import { quoted } from './names';
import { checkText, textExamples } from './text-examples';
import { fail } from './upload-error';

export interface CsvOptions {
  /** The label column's name (any case); else the first of LABEL_COLUMNS the header has. */
  labelColumn?: string;
}

export const LABEL_COLUMNS = ['label', 'class', 'target', 'y'];
const TEXT_COLUMN = 'text';
/** A plain decimal number: no hex, no "Infinity", no blank. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** The smallest image side read from pixel columns: fewer columns are features, not a picture. */
const MIN_PIXEL_SIDE = 8;

/** The columns' roles, fixed by the header. */
interface Layout {
  header: string[];
  label: number;
  /** The text column, or null for numeric data. */
  text: number | null;
  /** Numeric data: the columns read as numbers, in order. */
  numeric: number[];
}

/** Papa's quoting errors in the words of someone fixing the file (its failed delimiter guesses are no error here). */
const QUOTE_PROBLEMS: Partial<Record<Papa.ParseError['code'], string>> = {
  MissingQuotes: 'a value opens with a quote (") that is never closed',
  InvalidQuotes: 'a quoted value goes on after its closing quote; inside a quoted value, write a quote as two ("")',
};

const listed = (names: string[]) => names.slice(0, 10).map(quoted).join(', ') + (names.length > 10 ? ', ...' : '');

function layoutOf(cells: string[], options: CsvOptions, limits: UploadLimits): { layout: Layout; notes: string[] } {
  const header = cells.map((c) => c.trim());
  const lower = header.map((h) => h.toLowerCase());
  const twice = lower.find((name, i) => lower.indexOf(name) !== i);
  if (twice !== undefined) fail(`its header names the column ${quoted(twice)} twice`);
  const asked = options.labelColumn?.trim().toLowerCase();
  const label = asked !== undefined ? lower.indexOf(asked) : lower.findIndex((name) => LABEL_COLUMNS.includes(name));
  if (label < 0) {
    fail(
      asked !== undefined
        ? `has no column ${quoted(options.labelColumn!)} to take labels from; its columns are ${listed(header)}`
        : `has no label column: name one ${LABEL_COLUMNS.map(quoted).join(', ')} (its columns are ${listed(header)})`,
    );
  }
  const text = lower.indexOf(TEXT_COLUMN);
  const others = header.filter((_, i) => i !== label && i !== text);
  if (text >= 0) {
    const notes =
      others.length > 0
        ? [`Columns other than ${quoted(header[text])} and ${quoted(header[label])} were ignored: ${listed(others)}.`]
        : [];
    return { layout: { header, label, text, numeric: [] }, notes };
  }
  const numeric = header.flatMap((_, i) => (i === label ? [] : [i]));
  if (numeric.length === 0)
    fail(`has only a label column; it needs a ${quoted(TEXT_COLUMN)} column or numeric columns (pixels or features)`);
  if (numeric.length === 1)
    fail(
      `has one feature column, ${quoted(header[numeric[0]])}; numeric data needs at least 2 (or name a text column ${quoted(TEXT_COLUMN)})`,
    );
  if (numeric.length > limits.features)
    fail(`has ${grouped(numeric.length)} feature columns; an upload may have at most ${grouped(limits.features)}`);
  return { layout: { header, label, text: null, numeric }, notes: [] };
}

/** Side and channels of a square image of `count` pixel values, or null. */
function imageShape(count: number): { side: number; channels: number } | null {
  for (const channels of [1, 3]) {
    const side = Math.round(Math.sqrt(count / channels));
    if (side >= MIN_PIXEL_SIDE && side * side * channels === count) return { side, channels };
  }
  return null;
}

/** Numeric rows as images (bytes, or 0..1 floats as given) or as vectors. */
function numericExamples(rows: Float32Array[], columns: number): { examples: UploadExamples; notes: string[] } {
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (const row of rows) {
    for (const v of row) {
      if (v < min) min = v;
      if (v > max) max = v;
      if (whole && !Number.isInteger(v)) whole = false;
    }
  }
  const flat = <T extends Uint8Array | Float32Array>(array: T, scale = 1): T => {
    rows.forEach((row, i) =>
      scale === 1
        ? array.set(row, i * columns)
        : array.set(
            row.map((v) => v * scale),
            i * columns,
          ),
    );
    return array;
  };
  const shape = imageShape(columns);
  if (shape && min >= 0 && max <= 255) {
    const { side, channels } = shape;
    const kind = channels === 1 ? 'grey' : "colour (RGB, each pixel's three values in a row)";
    // Values up to 1 are taken as already scaled: 0/1 pixels would be near black as bytes.
    const x =
      max <= 1
        ? flat(new Float32Array(rows.length * columns))
        : whole
          ? flat(new Uint8Array(rows.length * columns))
          : flat(new Float32Array(rows.length * columns), 1 / 255);
    return {
      examples: { kind: 'image', input: { kind: 'image', height: side, width: side, channels }, x },
      notes: [
        `Read as ${side}x${side} ${kind} images: ${grouped(columns)} pixel columns, values ${max <= 1 ? '0..1' : '0..255, scaled to 0..1'}.`,
      ],
    };
  }
  const why = shape ? 'values outside 0..255, so not pixels' : "not a square image's worth of pixels";
  return {
    examples: {
      kind: 'vector',
      input: { kind: 'vector', length: columns },
      x: flat(new Float32Array(rows.length * columns)),
    },
    notes: [`Read as vectors of ${columns} features (${why}); values are used as given, not rescaled.`],
  };
}

export function readCsv(
  text: string,
  options: CsvOptions,
  limits: UploadLimits,
  onProgress?: UploadProgress,
): ReadExamples {
  const labels = new Labels(limits);
  const texts: string[] = [];
  const rows: Float32Array[] = [];
  let layout: Layout | undefined;
  let notes: string[] = [];
  let row = 0;

  /** One parsed row; `row` counts every row, the header and blank lines too, as a spreadsheet numbers them. */
  const take = (cells: string[], errors: Papa.ParseError[]) => {
    row++;
    const where = `row ${row}`;
    const broken = errors.find((e) => e.type !== 'Delimiter');
    if (broken) fail(`${where}: ${QUOTE_PROBLEMS[broken.code] ?? 'cannot be read as CSV'}`);
    if (cells.length === 1 && cells[0].trim() === '') return;
    if (!layout) {
      ({ layout, notes } = layoutOf(cells, options, limits));
      return;
    }
    const { header } = layout;
    if (cells.length !== header.length)
      fail(`${where} has ${cells.length} values, but the header names ${header.length} columns`);
    labels.add(cells[layout.label], where);
    if (layout.text !== null) {
      checkText(cells[layout.text], where, limits);
      texts.push(cells[layout.text]);
      return;
    }
    const { numeric } = layout;
    if (labels.count * numeric.length > limits.values) {
      fail(
        `holds more than ${grouped(limits.values)} numbers (rows x feature columns); an upload may hold at most ${grouped(limits.values)}`,
      );
    }
    const values = new Float32Array(numeric.length);
    numeric.forEach((column, j) => {
      const cell = cells[column].trim();
      if (!NUMBER.test(cell))
        fail(
          `${where}, column ${quoted(header[column])}: ${cell === '' ? 'the value is empty' : `${quoted(cell)} is not a number`}`,
        );
      values[j] = Number(cell);
      if (!Number.isFinite(values[j]))
        fail(`${where}, column ${quoted(header[column])}: ${cell} is too large a number`);
    });
    rows.push(values);
  };

  let problem: unknown;
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    step(results, parser) {
      try {
        take(results.data, results.errors);
        if (row % 1000 === 0) onProgress?.(results.meta.cursor, text.length, 'file');
      } catch (error) {
        problem = error;
        parser.abort();
      }
    },
  });
  if (problem) throw problem;
  if (!layout) fail('is empty: it needs a header row and a row per example');
  if (labels.count === 0) fail('has a header but no rows of examples');
  onProgress?.(text.length, text.length, 'file');
  const read = layout.text !== null ? textExamples(texts, limits) : numericExamples(rows, layout.numeric.length);
  return { labels: labels.finish(), examples: read.examples, notes: [...notes, ...read.notes] };
}
