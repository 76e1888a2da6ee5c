/** The fit warnings (core/settings/fit.ts) for the form as it stands: said under the form, before Run. */
import type { Catalog } from '../../core/settings/catalog';
import { type ClassSizes, fitWarnings } from '../../core/settings/fit';
import { parseNumberText } from '../common/number-text';
import { type FormState, formRows } from './form-state';

/** A positive number in the text, or undefined (the form's own checks say what is wrong with it). */
function positive(text: string | boolean | undefined): number | undefined {
  if (typeof text !== 'string') return undefined;
  const parsed = parseNumberText(text);
  return parsed.ok && parsed.value !== undefined && parsed.value > 0 ? parsed.value : undefined;
}

/** None until the dataset's classes are counted, or while a number it needs is not readable. */
export function formFitWarnings(form: FormState, catalog: Catalog, sizes: ClassSizes | undefined): string[] {
  const budget = positive(form.budgetValue);
  const epochs = positive(form.train.epochs);
  const batchSize = positive(form.train.batchSize);
  const methods = formRows(form, catalog).map((row) => row.method);
  const fullEpochs = positive(form.methods.full?.params.epochs);
  if (!sizes || budget === undefined || epochs === undefined || batchSize === undefined || methods.length === 0)
    return [];
  return fitWarnings(
    {
      budget: form.budgetMode === 'fraction' ? { fraction: Math.min(1, budget / 100) } : { ipc: Math.round(budget) },
      train: { epochs: Math.round(epochs), batchSize: Math.round(batchSize) },
      methods,
      ...(fullEpochs === undefined ? {} : { fullEpochs: Math.round(fullEpochs) }),
    },
    sizes,
  );
}
