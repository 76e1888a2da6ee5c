/**
 * A results file read back (the page's "results.json" export, or the CLI's
 * `--out`): checked as untrusted input, the config against what the lab
 * offers and every run's numbers against their ranges, so that a kept
 * comparison loaded from a file is one the page could have made. The table
 * is never read from the file: it is drawn again from the runs by this
 * lab's rules. What a run picked or distilled, its decision boundary and
 * its part-way evaluations are not read (they are left out, not trusted).
 */
import * as v from 'valibot';
import { BACKENDS, type Known, type LabConfig, MAX_EVALUATE_ON, parseConfigWith } from '../settings/config';
import { BUDGET_SCHEMA } from '../settings/budget-schema';
import type { RunResult } from './types';

/** The largest results file read: far above a real one (a 20-run MNIST comparison is about 200 KB). */
export const MAX_RESULTS_BYTES = 64 * 2 ** 20;
const MAX_RUNS = 2000;
const MAX_POINTS = 100_000;
const MAX_CLASSES = 1000;

const finite = v.pipe(v.number(), v.finite());
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const share = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const msParts = v.record(
  v.picklist(['pretrain', 'score', 'select', 'teacher', 'reselect', 'experts', 'distill']),
  nonNegative,
);

const pointSchema = v.object({
  timeMs: nonNegative,
  step: count,
  samples: nonNegative,
  testAcc: share,
  testLoss: finite,
  trainLoss: v.optional(finite),
});

const confusionSchema = v.pipe(
  v.object({
    classes: v.pipe(v.array(text(200)), v.minLength(1), v.maxLength(MAX_CLASSES)),
    counts: v.pipe(v.array(v.array(count)), v.maxLength(MAX_CLASSES)),
  }),
  v.check(
    ({ classes, counts }) => counts.length === classes.length && counts.every((row) => row.length === classes.length),
    'the confusion counts must be one row and one column per class',
  ),
);

const runSchema = v.object({
  method: text(100),
  label: text(300),
  settings: v.optional(v.record(v.string(), v.unknown()), {}),
  seed: count,
  backend: v.picklist(BACKENDS),
  points: v.pipe(v.array(pointSchema), v.minLength(1), v.maxLength(MAX_POINTS)),
  overheadMs: nonNegative,
  overhead: v.optional(msParts, {}),
  reused: v.optional(msParts, {}),
  trainMs: nonNegative,
  evalMs: nonNegative,
  finalTestAcc: share,
  steps: count,
  examplesPerRound: count,
  budget: v.optional(BUDGET_SCHEMA),
  confusion: v.optional(confusionSchema),
  fair: v.optional(v.object({ randomAcc: share, softRandomAcc: v.optional(share), hardLabelAcc: v.optional(share) })),
  crossArch: v.optional(
    v.pipe(
      v.array(
        v.object({
          model: v.looseObject({ name: text(100) }),
          label: text(300),
          testAcc: share,
          diverged: v.optional(text(2000)),
        }),
      ),
      v.maxLength(MAX_EVALUATE_ON),
    ),
  ),
  diverged: v.optional(v.object({ step: count, phase: v.picklist(['training', 'distillation']), message: text(2000) })),
  chanceAcc: v.optional(share),
  repeats: v.optional(
    v.pipe(
      v.array(
        v.object({
          pointTimesMs: v.pipe(v.array(nonNegative), v.maxLength(MAX_POINTS)),
          overheadMs: nonNegative,
          trainMs: nonNegative,
          evalMs: nonNegative,
        }),
      ),
      v.maxLength(100),
    ),
  ),
});

/** How a kept experiment ended (a file of one cut short says so; a whole result has no status). */
const ENDINGS = ['done', 'interrupted', 'failed', 'cancelled'] as const;

const fileSchema = v.object({
  status: v.optional(v.picklist(ENDINGS), 'done'),
  config: v.unknown(),
  runs: v.pipe(v.array(v.unknown()), v.minLength(1, 'it holds no finished run'), v.maxLength(MAX_RUNS)),
});

/** What a results file holds, checked: the comparison, how it ended, and its finished runs. */
export interface ResultsFile {
  config: LabConfig;
  status: (typeof ENDINGS)[number];
  runs: RunResult[];
}

export type ResultsFileRead = { ok: true; file: ResultsFile } | { ok: false; problem: string };

const KINDS = ['image', 'tokens', 'vector'] as const;

/**
 * The config, checked as a config file's is. A dataset this lab does not
 * have open (a colleague's upload) is let through if the config fits some
 * kind of data: the results show without it; running them again needs it.
 */
function checkConfig(input: unknown, known: Known): { ok: true; config: LabConfig } | { ok: false; problem: string } {
  const named = (input as { dataset?: unknown } | null)?.dataset;
  const here = known.datasets.some((d) => d.id === named);
  const tries =
    here || typeof named !== 'string'
      ? [known]
      : KINDS.map((kind) => ({ ...known, datasets: [...known.datasets, { id: named, kind }] }));
  let first: string | undefined;
  for (const attempt of tries) {
    const parsed = parseConfigWith(input, attempt);
    if (parsed.ok) return { ok: true, config: parsed.config };
    first ??= parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  }
  return { ok: false, problem: `its config is not one the lab can run (${first})` };
}

function issueText(issues: v.BaseIssue<unknown>[], prefix: string): string {
  const issue = issues[0];
  const path = (issue.path ?? []).map((item) =>
    typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`,
  );
  return `${prefix}${path.join('')}: ${issue.message}`;
}

/** Reads a results file's text; never throws: a bad file is a message that says where it is wrong. */
export function readResultsFile(textOfFile: string, known: Known): ResultsFileRead {
  const refuse = (why: string): ResultsFileRead => ({
    ok: false,
    problem: `This is not a results file the lab can read: ${why}.`,
  });
  if (textOfFile.length > MAX_RESULTS_BYTES) return refuse(`it is larger than ${MAX_RESULTS_BYTES / 2 ** 20} MB`);
  let json: unknown;
  try {
    json = JSON.parse(textOfFile);
  } catch (error) {
    return refuse(`it is not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('config' in json) || !('runs' in json))
    return refuse('it has no "config" and "runs" (a results file holds the comparison\'s config and its runs)');
  const top = v.safeParse(fileSchema, json);
  if (!top.success) return refuse(issueText(top.issues, 'results'));
  const config = checkConfig(top.output.config, known);
  if (!config.ok) return refuse(config.problem);
  const runs: RunResult[] = [];
  for (const [i, input] of top.output.runs.entries()) {
    const run = v.safeParse(runSchema, input);
    if (!run.success) return refuse(issueText(run.issues, `runs[${i}]`));
    runs.push(run.output as RunResult);
  }
  return { ok: true, file: { config: config.config, status: top.output.status, runs } };
}
