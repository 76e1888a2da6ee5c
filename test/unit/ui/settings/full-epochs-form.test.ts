/** The form's optional number settings, full's epochs among them: blank when unset, and blank leaves them unset. */
import { describe, expect, test } from 'vitest';
import { getCatalog } from '../../../../src/engine/catalog';
import { parseConfig, requireConfig } from '../../../../src/engine/config';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';
import { configFromForm, formFromConfig } from '../../../../src/ui/settings/form-state';

const bundled = new OpenDatasets();
const catalog = getCatalog(bundled);

const withFull = (full: Record<string, unknown>) =>
  requireConfig(bundled, {
    version: 1,
    dataset: 'mnist',
    model: { name: 'mlp' },
    budget: { ipc: 1 },
    train: { epochs: 30, batchSize: 10, lr: 0.01 },
    methods: [full, { name: 'random' }],
    seeds: [0],
  });

/** The config the form gives back, parsed as the worker would. */
function roundTrip(form: ReturnType<typeof formFromConfig>, base: ReturnType<typeof withFull>) {
  const input = configFromForm(form, base, catalog).input as { methods: Record<string, unknown>[] };
  return { input, parsed: parseConfig(bundled, input) };
}

describe("the form and full's epochs", () => {
  test('the catalog describes it as a titled whole number that may be left unset', () => {
    const param = catalog.methods.find((m) => m.id === 'full')!.params.find((p) => p.key === 'epochs');
    expect(param).toMatchObject({
      kind: 'number',
      label: 'epochs',
      integer: true,
      min: 1,
      max: 1000,
      titled: true,
      unset: true,
    });
    expect(param?.default).toBeUndefined();
  });

  test('unset: a blank box (never "undefined"), and blank leaves it out of the config', () => {
    const config = withFull({ name: 'full' });
    const form = formFromConfig(config, catalog);
    expect(form.methods.full.params.epochs).toBe('');
    const { input, parsed } = roundTrip(form, config);
    expect(input.methods[0]).toEqual({ name: 'full' });
    expect(parsed).toEqual({ ok: true, config });
  });

  test('set: its number, and back', () => {
    const config = withFull({ name: 'full', epochs: 2 });
    const form = formFromConfig(config, catalog);
    expect(form.methods.full.params.epochs).toBe('2');
    expect(roundTrip(form, config).parsed).toEqual({ ok: true, config });

    form.methods.full.params.epochs = ' ';
    expect(roundTrip(form, config).input.methods[0]).toEqual({ name: 'full' });
    form.methods.full.params.epochs = '3';
    const three = roundTrip(form, config).parsed;
    expect(three.ok && three.config.methods[0]).toEqual({ name: 'full', epochs: 3 });
  });

  test("a bad number is the schema's to refuse, at its path", () => {
    const config = withFull({ name: 'full' });
    const form = formFromConfig(config, catalog);
    form.methods.full.params.epochs = '0.5';
    const { parsed } = roundTrip(form, config);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(new Set(parsed.problems.map((p) => p.path))).toEqual(new Set(['methods[0].epochs']));
  });
});
