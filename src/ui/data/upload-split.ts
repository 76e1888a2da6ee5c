/**
 * The split an upload is confirmed with, as the page's form holds it (the
 * test share in percent, the seed as typed), read back into the worker's
 * terms, with each box's problem in words. The worker checks the split
 * again; this says what is wrong by the box that is wrong.
 */
import { MAX_SEED } from '../../core/rng';
import { parseNumberText } from '../common/number-text';
import type { SplitChoice } from '../lab-client';
import { plainNumber } from '../common/format';

export interface SplitForm {
  testPercent: string;
  stratified: boolean;
  seed: string;
}

export type SplitProblems = Partial<Record<'testPercent' | 'seed', string>>;

export type SplitReading = { ok: true; split: SplitChoice } | { ok: false; problems: SplitProblems };

export function splitForm(split: SplitChoice): SplitForm {
  return { testPercent: plainNumber(split.testFraction * 100), stratified: split.stratified, seed: String(split.seed) };
}

/** The number typed in a box, or what is wrong with it: not a number, empty (`empty` says what to give), or refused by `problem`. */
function readNumber(
  text: string,
  empty: string,
  problem: (value: number) => string | undefined,
): number | { problem: string } {
  const parsed = parseNumberText(text);
  if (!parsed.ok) return { problem: parsed.message };
  if (parsed.value === undefined) return { problem: `is empty: ${empty}` };
  const refused = problem(parsed.value);
  return refused === undefined ? parsed.value : { problem: refused };
}

/** The form's split, or what is wrong with it; `range` is the test share's, as fractions. */
export function readSplit(form: SplitForm, range: { min: number; max: number }): SplitReading {
  const [min, max] = [range.min * 100, range.max * 100];
  const percent = readNumber(
    form.testPercent,
    `give a percentage from ${plainNumber(min)} to ${plainNumber(max)}`,
    (value) => (value >= min && value <= max ? undefined : `must be from ${plainNumber(min)}% to ${plainNumber(max)}%`),
  );
  const seed = readNumber(form.seed, 'give a whole number, e.g. 0', (value) =>
    Number.isInteger(value) && value >= 0 && value <= MAX_SEED
      ? undefined
      : `must be a whole number from 0 to ${MAX_SEED}`,
  );
  if (typeof percent === 'number' && typeof seed === 'number') {
    // Percent to a fraction without float noise: 14.3 -> 0.143, not 0.14300000000000002 (the id hashes it).
    return {
      ok: true,
      split: { testFraction: Number((percent / 100).toPrecision(12)), stratified: form.stratified, seed },
    };
  }
  const problems: SplitProblems = {};
  if (typeof percent !== 'number') problems.testPercent = percent.problem;
  if (typeof seed !== 'number') problems.seed = seed.problem;
  return { ok: false, problems };
}
