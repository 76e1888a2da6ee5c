/**
 * Settings that cannot tell methods apart, said before a run: too few
 * optimizer steps for a model to learn (a tiny upload, a distilled set at
 * the default epochs and batch), or a test split so small that accuracy
 * moves in coarse steps. Warnings, not refusals: the run may still be what
 * the person wants to see.
 */
import { budgetExamples } from './budget';
import type { BudgetSpec } from './budget-schema';
import { budgetsOf, trainsOnAllData } from './sweep';

/** Fewer optimizer steps than this, and a run rarely learns anything. */
export const FEW_STEPS = 20;
/** What a suggestion aims for. */
const SUGGESTED_STEPS = 100;
/** Fewer test examples than this, and one example moves accuracy by more than 2%. */
export const FEW_TEST_EXAMPLES = 50;
/** The schema's most epochs. */
const MAX_EPOCHS = 1000;

export interface FitSettings {
  budget: BudgetSpec;
  train: { epochs: number; batchSize: number };
  /** The methods' names: `full` trains on all the data, every other method on the budget's examples per epoch. */
  methods: readonly string[];
  /** Full data's own epochs, where it names them. */
  fullEpochs?: number;
}

/** What the check reads of a config; a sweep is checked at its smallest budget, where its runs take the fewest steps. */
export function fitSettings(config: {
  budget?: BudgetSpec;
  budgets?: BudgetSpec[];
  train: FitSettings['train'];
  methods: readonly { name: string; epochs?: unknown }[];
}): FitSettings {
  const fullEpochs = config.methods.find((m) => trainsOnAllData(m.name))?.epochs;
  return {
    budget: budgetsOf(config)[0],
    train: config.train,
    methods: config.methods.map((m) => m.name),
    ...(typeof fullEpochs === 'number' ? { fullEpochs } : {}),
  };
}

/** Training and test examples per class, as the dataset's preview counts them. */
export interface ClassSizes {
  train: readonly number[];
  test: readonly number[];
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The warnings for these settings on this data; none where they can learn and be told apart. */
export function fitWarnings(settings: FitSettings, sizes: ClassSizes): string[] {
  const warnings: string[] = [];
  const { batchSize } = settings.train;
  const budgeted = settings.methods.some((name) => !trainsOnAllData(name));
  const epochs = budgeted ? settings.train.epochs : (settings.fullEpochs ?? settings.train.epochs);
  const examples = budgeted ? budgetExamples(settings.budget, sizes.train) : sizes.train.reduce((a, b) => a + b, 0);
  const perEpoch = Math.ceil(examples / batchSize);
  const steps = epochs * perEpoch;
  if (examples > 0 && steps < FEW_STEPS) {
    const who = budgeted ? 'The methods train' : 'Full trains';
    const epochsNeeded = Math.min(MAX_EPOCHS, Math.ceil(SUGGESTED_STEPS / perEpoch));
    const smallerBatch = batchSize > examples ? `, or a batch of at most ${examples}` : '';
    warnings.push(
      `${who} for only ${plural(steps, 'step')} (${plural(epochs, 'epoch')} of ${plural(perEpoch, 'batch', 'batches')} of ${plural(examples, 'example')}): too few to learn from. Try ${epochsNeeded} epochs${smallerBatch}.`,
    );
  }
  const tests = sizes.test.reduce((a, b) => a + b, 0);
  if (tests > 0 && tests < FEW_TEST_EXAMPLES) {
    const step = Number((100 / tests).toPrecision(3));
    warnings.push(
      `The test split holds only ${plural(tests, 'example')}: accuracy moves in steps of ${step}%, too coarse to tell methods apart. A dataset with at least ${FEW_TEST_EXAMPLES * 2} test examples would.`,
    );
  }
  return warnings;
}
