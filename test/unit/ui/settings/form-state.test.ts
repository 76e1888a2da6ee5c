/** The settings form: config <-> form text, and problems placed by their controls. */
import { describe, expect, test } from 'vitest';
import { defaultConfig, parseConfig, parseMixPreview, requireConfig } from '../../../../src/engine/config';
import { getCatalog } from '../../../../src/engine/catalog';
import {
  augmentationsInUse,
  configFromForm,
  formFromConfig,
  formRows,
  mixPreviewRequest,
  type FormState,
} from '../../../../src/ui/settings/form-state';
import { parseNumberText } from '../../../../src/ui/common/number-text';
import { plural } from '../../../../src/ui/common/format';
import {
  budgetNote,
  controlForPath,
  formProblems,
  groupProblems,
  messageForControl,
  targetHint,
} from '../../../../src/ui/settings/form-problems';
import { TRAIN_SETTINGS } from '../../../../src/core/settings/config';
import { describeParam } from '../../../../src/core/settings/describe';
import { TRAIN_FIELDS } from '../../../../src/ui/settings/setting-fields';
import {
  augmentationsFor,
  fitAugmentations,
  methodsByFamily,
  modelsFor,
  paramsSummary,
  rowsSummary,
} from '../../../../src/ui/settings/form-choices';
import { OpenDatasets } from '../../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

const catalog = getCatalog(bundled);
const defaults = defaultConfig();

describe('the settings form', () => {
  test('round-trips the default config unchanged', () => {
    const form = formFromConfig(defaults, catalog);
    expect(form.budgetValue).toBe('10');
    expect(form.methods.full.enabled && form.methods.random.enabled && form.methods.rs2.enabled).toBe(true);
    const parsed = parseConfig(bundled, configFromForm(form, defaults, catalog).input);
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
    const parsed = parseConfig(bundled, configFromForm(form, defaults, catalog).input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.config.budget).toEqual({ fraction: 0.25 });
    expect(parsed.config.seeds).toEqual([0, 1, 2]);
    expect(parsed.config.backend).toBe('wasm');
    expect(parsed.config.targetAcc).toBeCloseTo(0.9);
    expect(parsed.config.methods.map((m) => m.name)).toEqual(['full', 'random', 'rs2', 'full-short', 'herding']);
    expect(parsed.config.methods[2].replacement).toBe(true);
  });

  test("keeps a distillation row's other models, with their own settings, and drops them where the data is text", () => {
    const config = requireConfig(bundled, {
      ...defaults,
      methods: [{ name: 'random' }, { name: 'dm', evaluateOn: [{ name: 'mlp', width: 8 }] }],
    });
    const form = formFromConfig(config, catalog);
    expect(form.methods.dm.evaluateOn).toEqual([{ name: 'mlp', width: 8, depth: 1 }]);
    expect(parseConfig(bundled, configFromForm(form, config, catalog).input)).toEqual({ ok: true, config });
    form.methods.dm.evaluateOn = [...form.methods.dm.evaluateOn, { name: 'convnet' }];
    const both = parseConfig(bundled, configFromForm(form, config, catalog).input);
    expect(both.ok && both.config.methods[1].evaluateOn?.map((m) => m.name)).toEqual(['mlp', 'convnet']);
    // Spam is text: its set lives in the text model's embedding space, so no other model is asked for.
    form.dataset = 'spam';
    form.model = 'text';
    const text = configFromForm(form, config, catalog).input as { methods: { evaluateOn?: unknown }[] };
    expect(text.methods.map((m) => m.evaluateOn)).toEqual([undefined, undefined]);
  });

  test('reports empty and out-of-range values at the fields the form shows', () => {
    const form = formFromConfig(defaults, catalog);
    form.train.lr = '';
    form.train.epochs = '0';
    form.seeds = '1, x';
    form.budgetMode = 'ipc';
    form.budgetValue = '-3';
    const { input, rows } = configFromForm(form, defaults, catalog);
    const parsed = parseConfig(bundled, input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const controls = parsed.problems.map((p) => controlForPath(p.path, rows));
    expect(controls).toEqual(expect.arrayContaining(['train:lr', 'train:epochs', 'seeds', 'budget']));
    expect(controls).not.toContain(null);
  });

  test('places method problems by the method, not by its position in the list', () => {
    expect(controlForPath('methods[1].replacement', [{ method: 'full' }, { method: 'rs2' }])).toBe('method:rs2');
    // Under the method's row, a setting's problem names the setting as the form labels it.
    const label = catalog.methods.find((m) => m.id === 'rs2')!.params.find((p) => p.key === 'replacement')!.label;
    const grouped = groupProblems(
      [{ path: 'methods[1].replacement', message: 'must be true or false' }],
      [{ method: 'full' }, { method: 'rs2' }],
      {},
      catalog,
    );
    expect(grouped.byControl['method:rs2']).toEqual([`${label}: must be true or false`]);
    expect(controlForPath('methods', [{ method: 'full' }])).toBe('methods');
    expect(controlForPath('train.evalPoints', [])).toBeNull();
    expect(controlForPath('version', [])).toBeNull();
  });

  test('speaks of the budget in percent, as the form shows it', () => {
    expect(messageForControl('budget', 'budget.fraction', 'must be at most 1')).toMatch(/percentage/);
    expect(messageForControl('seeds', 'seeds[1]', 'must be a number')).toBe('entry 2 must be a number');
    expect(messageForControl('train:lr', 'train.lr', 'is missing (must be a number)')).toBe('must not be empty');
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
    for (const param of catalog.methods.find((m) => m.id === 'herding')!.params)
      expect(param.description, param.key).toMatch(/\S/);
  });
});

/** What the form shows for a form: its own checks, then the schema's, by control (as the page does). */
function shown(edit: (form: FormState) => void, classCounts?: number[]) {
  const form = formFromConfig(defaults, catalog);
  edit(form);
  const { input, rows } = configFromForm(form, defaults, catalog);
  const parsed = parseConfig(bundled, input);
  const own = formProblems(form, catalog, classCounts);
  const grouped = groupProblems(parsed.ok ? [] : parsed.problems, rows, own);
  return { ...grouped, parsed, refused: !parsed.ok || Object.keys(own).length > 0 };
}

describe('number boxes take what people type and never change it silently', () => {
  test('reads decimals and scientific notation as typed', () => {
    expect(parseNumberText('1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseNumberText(' 2.5 ')).toEqual({ ok: true, value: 2.5 });
    expect(parseNumberText('1E9')).toEqual({ ok: true, value: 1e9 });
    expect(parseNumberText('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberText('')).toEqual({ ok: true, value: undefined });
  });

  test('refuses malformed text with a message quoting it, never a part of it', () => {
    for (const text of ['1e', 'e9', '0x10', 'Infinity', '1.2.3', '5 epochs']) {
      const parsed = parseNumberText(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain(`"${text}"`);
    }
    const comma = parseNumberText('2,5');
    expect(comma.ok).toBe(false);
    if (!comma.ok) expect(comma.message).toMatch(/with a point \(e\.g\. 2\.5\)/);
    expect(parseNumberText('1e999')).toMatchObject({ ok: false, message: expect.stringMatching(/too large/) });
  });

  test('a learning rate of 1e-3 runs as 0.001', () => {
    const { parsed, refused } = shown((form) => (form.train.lr = '1e-3'));
    expect(refused).toBe(false);
    if (parsed.ok) expect(parsed.config.train.lr).toBe(0.001);
  });

  test('a learning rate of 1e9 is refused as out of range, not taken as 9', () => {
    const { byControl, summary, refused } = shown((form) => (form.train.lr = '1e9'));
    expect(refused).toBe(true);
    expect(byControl['train:lr']).toEqual(['must be at most 10']);
    expect(summary).toContain('Learning rate: must be at most 10');
  });

  test('2.5 epochs or a batch of 2.5 is refused as not whole', () => {
    const { byControl } = shown((form) => {
      form.train.epochs = '2.5';
      form.train.batchSize = '2.5';
    });
    expect(byControl['train:epochs']).toEqual(['must be a whole number']);
    expect(byControl['train:batchSize']).toEqual(['must be a whole number']);
  });

  test('1e6 epochs is a million (refused above 1000), never 6', () => {
    const form = formFromConfig(defaults, catalog);
    form.train.epochs = '1e6';
    expect((configFromForm(form, defaults, catalog).input as { train: { epochs: number } }).train.epochs).toBe(
      1_000_000,
    );
    expect(shown((f) => (f.train.epochs = '1e6')).byControl['train:epochs']).toEqual(['must be at most 1000']);
    expect(shown((f) => (f.train.epochs = '1e2')).refused).toBe(false);
  });

  test('malformed text is named at its own field, a method param at its method', () => {
    const { byControl, summary } = shown((form) => {
      form.train.lr = '0,05';
      form.train.epochs = '5x';
      form.methods.dm.enabled = true;
      form.methods.dm.params.iterations = '1e';
    });
    expect(byControl['train:lr']?.[0]).toMatch(/^"0,05" is not a number: write decimals with a point/);
    expect(byControl['train:epochs']?.[0]).toMatch(/^"5x" is not a number/);
    expect(byControl['method:dm']?.[0]).toMatch(/"1e" is not a number/);
    // In the form's order.
    expect(summary.map((line) => line.split(':')[0])).toEqual(['Method dm', 'Epochs', 'Learning rate']);
  });
});

describe("messages in the form's own terms", () => {
  test('an empty budget asks for a percentage, or examples per class', () => {
    expect(shown((form) => (form.budgetValue = '')).byControl.budget).toEqual([
      'is empty: give a percentage of the training set, e.g. 10',
    ]);
    const ipc = shown((form) => {
      form.budgetMode = 'ipc';
      form.budgetValue = ' ';
    });
    expect(ipc.byControl.budget).toEqual(['is empty: give a number of examples per class, e.g. 10']);
    expect(ipc.summary.join(' ')).not.toMatch(/fraction|ipc/);
  });

  test('a budget above the data is refused once the class sizes are known; a class smaller than it is stated', () => {
    const counts = [100, 80, 120];
    const over = shown((form) => {
      form.budgetMode = 'ipc';
      form.budgetValue = '500';
    }, counts);
    expect(over.refused).toBe(true);
    expect(over.byControl.budget).toEqual(['is more than the data holds: the largest class has 120 training examples']);
    expect(shown((form) => (form.budgetValue = '150')).byControl.budget).toEqual([
      'must be a percentage above 0 and at most 100 (of the training set)',
    ]);

    const form = formFromConfig(defaults, catalog);
    form.budgetMode = 'ipc';
    form.budgetValue = '90';
    expect(budgetNote(form, counts)).toBe(
      '1 class has fewer examples than that (the smallest 80) and gives all it has.',
    );
    form.budgetValue = '110';
    expect(budgetNote(form, counts)).toBe(
      '2 classes have fewer examples than that (the smallest 80) and give all they have.',
    );
    form.budgetValue = '50';
    expect(budgetNote(form, counts)).toBeUndefined();
  });

  test('a target typed as a fraction is refused with what it would mean', () => {
    const { byControl, refused } = shown((form) => (form.targetAcc = '0.9'));
    expect(refused).toBe(true);
    expect(byControl.targetAcc).toEqual(['is a percentage: 0.9 means 0.9%, not 90%; type 90 for 90%']);
    expect(shown((form) => (form.targetAcc = '90')).refused).toBe(false);
    expect(shown((form) => (form.targetAcc = '120')).byControl.targetAcc).toEqual([
      'must be a percentage from 1 to 100, e.g. 90',
    ]);
  });

  test("the target's hint says which rule applies to the ticked methods", () => {
    const form = formFromConfig(defaults, catalog);
    expect(targetHint(form)).toBe(
      'Empty: the lowest final accuracy among the runs that learned, so that every one of them reaches it (a run that diverged or ended at or below chance or an untrained network is flagged and left out); drag the line on the chart to try another.',
    );
    form.methods.full.enabled = false;
    expect(targetHint(form)).toMatch(
      /^Empty: the lowest final accuracy among the runs that learned.* Speed-ups need full ticked\.$/,
    );
    form.targetAcc = '80';
    expect(targetHint(form)).not.toMatch(/Empty/);
  });

  test("the schema's budget rule reads right for a config file too", () => {
    const parsed = parseConfig(bundled, { ...defaults, budget: {} });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems[0].message).toMatch(/fraction \(the share of the training set.*ipc \(examples per class/);
    expect(messageForControl('budget', 'budget', parsed.ok ? '' : parsed.problems[0].message)).toMatch(
      /percentage of the training set or a number of examples per class/,
    );
    expect(messageForControl('budget', 'budget.ipc', 'must be at least 1')).toBe(
      'must be at least 1 example per class',
    );
  });

  test('counts read "1 run", "2 runs"', () => {
    expect(plural(1, 'run')).toBe('1 run');
    expect(plural(0, 'run')).toBe('0 runs');
    expect(plural(3, 'class', 'classes')).toBe('3 classes');
  });
});

describe('augmentations in the form: a choice per method, settings once', () => {
  /** An image augmentation besides mixup, where the catalog has one. */
  const other = catalog.augmentations.find((a) => a.id !== 'mixup' && a.inputs.includes('image'));
  const withMixup = () =>
    requireConfig(bundled, {
      ...defaults,
      methods: [{ name: 'full' }, { name: 'random' }, { name: 'random', augment: { name: 'mixup', alpha: 0.2 } }],
    });

  test('a config maps to the form and back: plain and augmented rows of one method, and the settings', () => {
    const config = withMixup();
    const form = formFromConfig(config, catalog);
    expect(form.methods.random).toMatchObject({ enabled: true, plain: true, augments: ['mixup'] });
    expect(form.methods.full).toMatchObject({ enabled: true, plain: true, augments: [] });
    expect(form.augmentations.mixup.alpha).toBe('0.2');
    const { input, rows } = configFromForm(form, config, catalog);
    expect(rows).toEqual([{ method: 'full' }, { method: 'random' }, { method: 'random', augment: 'mixup' }]);
    expect(parseConfig(bundled, input)).toEqual({ ok: true, config });
  });

  test('every ticked augmentation adds a row with its settings; unticking none drops the plain row', () => {
    const form = formFromConfig(defaults, catalog);
    form.methods.random.augments = ['mixup', ...(other ? [other.id] : [])];
    form.augmentations.mixup.prob = '0.5';
    form.methods.random.plain = false;
    const { input, rows } = configFromForm(form, defaults, catalog);
    const parsed = parseConfig(bundled, input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const randoms = parsed.config.methods.filter((m) => m.name === 'random');
    expect(randoms.map((m) => m.augment?.name)).toEqual(['mixup', ...(other ? [other.id] : [])]);
    expect(randoms[0].augment).toMatchObject({ name: 'mixup', prob: 0.5 });
    expect(rows.filter((r) => r.method === 'random').every((r) => r.augment !== undefined)).toBe(true);
    expect(augmentationsInUse(form, catalog.augmentations)[0].id).toBe('mixup');
  });

  test('where the form cannot hold two settings of one augmentation, the first row wins', () => {
    const config = requireConfig(bundled, {
      ...defaults,
      methods: [
        { name: 'random', augment: { name: 'mixup', alpha: 0.4 } },
        { name: 'herding', augment: { name: 'mixup', alpha: 2 } },
      ],
    });
    const form = formFromConfig(config, catalog);
    expect(form.augmentations.mixup.alpha).toBe('0.4');
    expect(form.methods.random).toMatchObject({ plain: false, augments: ['mixup'] });
    expect(formRows(form, catalog)).toEqual([
      { method: 'random', augment: 'mixup' },
      { method: 'herding', augment: 'mixup' },
    ]);
  });

  test("an augmentation's problems are shown at its setting, by name, not at the row's position", () => {
    const out = shown((form) => {
      form.methods.herding.augments = ['mixup'];
      form.augmentations.mixup.alpha = '0';
    });
    expect(out.refused).toBe(true);
    expect(out.byControl['augment:mixup.alpha']).toEqual([expect.stringMatching(/above 0|greater than 0/)]);
    expect(out.summary.some((line) => line.startsWith('Augmentation mixup alpha: '))).toBe(true);
    // Text that is not a number is said as typed, by the form itself.
    const typed = shown((form) => {
      form.methods.random.augments = ['mixup'];
      form.augmentations.mixup.prob = '0,5';
    });
    expect(typed.byControl['augment:mixup.prob']?.[0]).toMatch(/with a point \(e\.g\. 0\.5\)/);
    // A setting of an augmentation no method uses is not checked.
    expect(shown((form) => (form.augmentations.mixup.prob = '0,5')).refused).toBe(false);
  });

  test('paths map back to controls: a setting to the augmentation, its name to the method', () => {
    const rows = [{ method: 'full' }, { method: 'random', augment: 'mixup' }];
    expect(controlForPath('methods[1].augment.alpha', rows)).toBe('augment:mixup.alpha');
    expect(controlForPath('methods[1].augment.name', rows)).toBe('method:random');
    expect(controlForPath('methods[1].fraction', rows)).toBe('method:random');
  });

  test('a ticked method with no row at all is refused at the method', () => {
    const { byControl, refused } = shown((form) => (form.methods.random.plain = false));
    expect(refused).toBe(true);
    expect(byControl['method:random']?.[0]).toMatch(/^Rows: tick plain/);
  });

  test('offers only the augmentations that mix the dataset, and a dataset of another kind drops the others, saying which', () => {
    for (const dataset of ['mnist', 'spam', 'moons']) {
      const kind = catalog.datasets.find((d) => d.id === dataset)!.kind;
      for (const a of augmentationsFor(catalog, dataset)) expect(a.inputs, `${a.id} on ${dataset}`).toContain(kind);
    }
    expect(augmentationsFor(catalog, 'mnist').map((a) => a.id)).toContain('mixup');
    expect(augmentationsFor(catalog, 'spam').map((a) => a.id)).not.toContain('mixup');

    const form = formFromConfig(withMixup(), catalog);
    form.methods.random.plain = false;
    form.methods.herding.augments = ['mixup'];
    form.methods.herding.enabled = false;
    const { methods, dropped } = fitAugmentations(form, catalog, 'spam');
    expect(dropped).toEqual(['mixup']);
    // Left with no row, random keeps its plain one; the unticked herding loses mixup quietly.
    expect(methods.random).toMatchObject({ enabled: true, plain: true, augments: [] });
    expect(methods.herding.augments).toEqual([]);
    form.methods = methods;
    form.dataset = 'spam';
    form.model = 'text';
    const parsed = parseConfig(bundled, configFromForm(form, defaults, catalog).input);
    expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems)).toBe(true);
    // Back on images, nothing is dropped.
    expect(fitAugmentations(formFromConfig(withMixup(), catalog), catalog, 'fashion-mnist').dropped).toEqual([]);
  });

  test('augmentations a dataset left out come back with a dataset they mix, the plain rows as they were', () => {
    const form = formFromConfig(withMixup(), catalog);
    form.methods.random.augments = ['mixup', 'cutmix'];
    form.methods.random.plain = false;
    form.methods.rs2.augments = ['mixup'];
    form.methods.rs2.plain = true;
    const onText = fitAugmentations(form, catalog, 'spam');
    expect(onText.methods.random).toMatchObject({ plain: true, augments: [] });
    expect(onText.setAside.random).toEqual({ augments: ['mixup', 'cutmix'], plain: false });
    // A second text dataset keeps them aside, and says nothing more was dropped.
    const onNames = fitAugmentations({ ...form, methods: onText.methods }, catalog, 'names', onText.setAside);
    expect(onNames.dropped).toEqual([]);
    expect(onNames.setAside).toEqual(onText.setAside);
    const back = fitAugmentations({ ...form, methods: onNames.methods }, catalog, 'mnist', onNames.setAside);
    expect(back.methods.random).toMatchObject({ plain: false, augments: ['mixup', 'cutmix'] });
    expect(back.methods.rs2).toMatchObject({ plain: true, augments: ['mixup'] });
    expect(back.setAside).toEqual({});
    // On a 2-D set only what mixes vectors comes back; CutMix stays aside.
    const onToy = fitAugmentations({ ...form, methods: onText.methods }, catalog, 'moons', onText.setAside);
    const toyFits = augmentationsFor(catalog, 'moons').map((a) => a.id);
    expect(onToy.methods.random.augments).toEqual(['mixup', 'cutmix'].filter((a) => toyFits.includes(a)));
    expect(onToy.setAside.random.augments).toContain('cutmix');
  });

  test("the preview's request is the form's dataset, model and augmentation settings, and the worker's check takes it", () => {
    const form = formFromConfig(defaults, catalog);
    form.augmentations.mixup.alpha = '0.3';
    const mixup = catalog.augmentations.find((a) => a.id === 'mixup')!;
    const checked = parseMixPreview(bundled, mixPreviewRequest(form, defaults, mixup, 4));
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    expect(checked.request).toMatchObject({
      dataset: 'mnist',
      model: { name: 'mlp' },
      augment: { name: 'mixup', alpha: 0.3, prob: 1 },
      seed: 4,
    });
    form.augmentations.mixup.alpha = '-1';
    const refused = parseMixPreview(bundled, mixPreviewRequest(form, defaults, mixup, 4));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems.map((p) => p.path)).toEqual(['augment.alpha']);
  });
});

describe('the training settings the schema titles', () => {
  test('the form shows exactly the titled training settings, labelled and bounded as the schema says', () => {
    expect(TRAIN_FIELDS.map((field) => field.key)).toEqual(
      Object.entries(TRAIN_SETTINGS)
        .filter(([key]) => describeParam(key, TRAIN_SETTINGS[key as keyof typeof TRAIN_SETTINGS]).titled)
        .map(([key]) => key),
    );
    expect(TRAIN_FIELDS.find((field) => field.key === 'lr')).toMatchObject({
      label: 'Learning rate',
      min: 0,
      exclusiveMin: true,
      max: 10,
    });
    expect(TRAIN_FIELDS.find((field) => field.key === 'optimizer')).toMatchObject({
      kind: 'choice',
      options: ['sgd', 'adam'],
    });
  });

  test('each one goes from the form into the config, and its problems come back to its own control', () => {
    for (const field of TRAIN_FIELDS) {
      const form = formFromConfig(defaults, catalog);
      const value =
        field.kind === 'choice' ? field.options!.at(-1)! : field.kind === 'boolean' ? true : String(field.max);
      form.train[field.key] = value;
      const parsed = parseConfig(bundled, configFromForm(form, defaults, catalog).input);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      expect((parsed.config.train as Record<string, unknown>)[field.key]).toBe(
        field.kind === 'number' ? field.max : value,
      );
      expect(controlForPath(`train.${field.key}`, [])).toBe(`train:${field.key}`);
      expect(groupProblems([{ path: `train.${field.key}`, message: 'must be at most 1' }], []).summary).toEqual([
        `${field.label}: must be at most 1`,
      ]);
    }
  });

  test('the settings the form does not show keep the values of the comparison it was opened with', () => {
    const base = requireConfig(bundled, {
      ...defaults,
      train: { ...defaults.train, evalPoints: 7 },
      repeats: 3,
      wasmThreads: 2,
    });
    const parsed = parseConfig(bundled, configFromForm(formFromConfig(base, catalog), base, catalog).input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.config).toEqual(base);
    expect(controlForPath('train.evalPoints', [])).toBeNull();
  });
});

describe("a method's rows", () => {
  test('are summed up in the words of their boxes', () => {
    expect(rowsSummary({ plain: true, augments: [] })).toBe('plain');
    expect(rowsSummary({ plain: true, augments: ['mixup', 'cutmix'] })).toBe('plain, + mixup, + cutmix');
    expect(rowsSummary({ plain: false, augments: ['mixup'] })).toBe('+ mixup');
    expect(rowsSummary({ plain: false, augments: [] })).toBe('no row');
  });
});

describe("a method's folded settings", () => {
  test('say how many there are and how many differ from their defaults', () => {
    const herding = catalog.methods.find((m) => m.id === 'herding')!;
    const form = formFromConfig(defaults, catalog);
    const values = form.methods.herding.params;
    const count = herding.params.length;
    expect(paramsSummary(herding.params, values)).toEqual({
      text: `${count} settings, at their defaults`,
      changed: 0,
    });
    const first = herding.params[0];
    const other = first.kind === 'boolean' ? !values[first.key] : `${values[first.key]}1`;
    expect(paramsSummary(herding.params, { ...values, [first.key]: other })).toEqual({
      text: `${count} settings, 1 changed`,
      changed: 1,
    });
    // full's own epochs, unset by default, is a blank box: at its default.
    const full = catalog.methods.find((m) => m.id === 'full')!;
    expect(paramsSummary(full.params, form.methods.full.params).changed).toBe(0);
  });
});

describe('ZCA whitening in the form', () => {
  test('a ticked box whitens an image dataset, round-trips, and is dropped for data that are not images', () => {
    const form = formFromConfig(defaults, catalog);
    expect(form.zca).toBe(false);
    form.zca = true;
    const parsed = parseConfig(bundled, configFromForm(form, defaults, catalog).input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.config.data.zca).toBe(true);
    expect(formFromConfig(parsed.config, catalog).zca).toBe(true);
    form.dataset = 'moons';
    form.model = 'mlp';
    const moons = parseConfig(bundled, configFromForm(form, defaults, catalog).input);
    expect(moons.ok && moons.config.data.zca).toBeFalsy();
  });
});
