/** The settings form: config <-> form text, and problems placed by their controls. */
import { describe, expect, test } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/engine/config';
import { getCatalog } from '../../src/engine/catalog';
import { configFromForm, controlForPath, formFromConfig, messageForControl, methodsByFamily, modelsFor } from '../../src/ui/form-state';

const catalog = getCatalog();
const defaults = defaultConfig();

describe('the settings form', () => {
  test('round-trips the default config unchanged', () => {
    const form = formFromConfig(defaults, catalog);
    expect(form.budgetValue).toBe('10');
    expect(form.methods.full.enabled && form.methods.random.enabled && form.methods.rs2.enabled).toBe(true);
    const parsed = parseConfig(configFromForm(form, defaults, catalog).input);
    expect(parsed).toEqual({ ok: true, config: defaults });
  });

  test('turns edits into config values: percent budget, seeds list, method params, backend', () => {
    const form = formFromConfig(defaults, catalog);
    form.budgetValue = '25';
    form.seeds = '0, 1 2';
    form.backend = 'wasm';
    form.methods.rs2.params.replacement = true;
    form.methods['full-short'].enabled = true;
    form.targetAcc = '90';
    const parsed = parseConfig(configFromForm(form, defaults, catalog).input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.config.budget).toEqual({ fraction: 0.25 });
    expect(parsed.config.seeds).toEqual([0, 1, 2]);
    expect(parsed.config.backend).toBe('wasm');
    expect(parsed.config.targetAcc).toBeCloseTo(0.9);
    expect(parsed.config.methods.map((m) => m.name)).toEqual(['full', 'random', 'rs2', 'full-short']);
    expect(parsed.config.methods[2].replacement).toBe(true);
  });

  test('reports empty and out-of-range values at the fields the form shows', () => {
    const form = formFromConfig(defaults, catalog);
    form.lr = '';
    form.epochs = '0';
    form.seeds = '1, x';
    form.budgetMode = 'ipc';
    form.budgetValue = '-3';
    const { input, methodIds } = configFromForm(form, defaults, catalog);
    const parsed = parseConfig(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const controls = parsed.problems.map((p) => controlForPath(p.path, methodIds));
    expect(controls).toEqual(expect.arrayContaining(['lr', 'epochs', 'seeds', 'budget']));
    expect(controls).not.toContain(null);
  });

  test('places method problems by the method, not by its position in the list', () => {
    expect(controlForPath('methods[1].replacement', ['full', 'rs2'])).toBe('method:rs2');
    expect(controlForPath('methods', ['full'])).toBe('methods');
    expect(controlForPath('train.momentum', [])).toBeNull();
    expect(controlForPath('version', [])).toBeNull();
  });

  test('speaks of the budget in percent, as the form shows it', () => {
    expect(messageForControl('budget', 'budget.fraction', 'must be at most 1')).toMatch(/percentage/);
    expect(messageForControl('seeds', 'seeds[1]', 'must be a number')).toBe('entry 2 must be a number');
    expect(messageForControl('lr', 'train.lr', 'is missing (must be a number)')).toBe('must not be empty');
  });

  test('offers only the models that read the dataset', () => {
    expect(modelsFor(catalog, 'mnist').map((m) => m.id)).toContain('convnet');
    expect(modelsFor(catalog, 'moons').map((m) => m.id)).not.toContain('convnet');
    expect(modelsFor(catalog, 'spam').map((m) => m.id)).toEqual(['text']);
  });

  test('groups the methods by family, baselines first, keeping the catalog order within each', () => {
    const groups = methodsByFamily(catalog.methods);
    expect(groups.map((g) => g.family)).toEqual(['baseline', 'selection', 'distillation']);
    expect(groups[0].methods.map((m) => m.id)).toEqual(['full', 'random', 'full-short']);
    expect(groups[1].methods.map((m) => m.id)).toEqual(expect.arrayContaining(['rs2', 'herding', 'el2n']));
    expect(groups[2].methods.map((m) => m.id)).toContain('dm');
    expect(groups.flatMap((g) => g.methods)).toHaveLength(catalog.methods.length);
  });

  test("carries each param's one-line help from its schema", () => {
    const el2n = catalog.methods.find((m) => m.id === 'el2n')!;
    const epochs = el2n.params.find((p) => p.key === 'pretrainEpochs')!;
    expect(epochs).toMatchObject({ label: 'pre-training epochs', default: 1 });
    expect(epochs.description).toMatch(/before scoring/);
    for (const param of catalog.methods.find((m) => m.id === 'herding')!.params) expect(param.description, param.key).toMatch(/\S/);
  });
});
