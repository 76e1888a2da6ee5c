/**
 * Every message a bad config, preview request or link gets is in the form's
 * terms: the setting and what it takes, never the schema library's own
 * wording ("Invalid type: Expected Object but received 5").
 */
import { describe, expect, test } from 'vitest';
import { knownWith } from '../../../src/engine/known';
import { parseConfig, parseMixPreview } from '../../../src/engine/config';
import type { LabConfig } from '../../../src/core/settings/config';
import { readShareLink, shareFragment, type ClassroomView } from '../../../src/core/share/share-link';
import { getCatalog } from '../../../src/engine/catalog';
import type { ParamInfo } from '../../../src/core/settings/describe';
import { OpenDatasets } from '../../../src/engine/data/open-datasets';

/** Only the bundled datasets: no test here adds one. */
const bundled = new OpenDatasets();

/** valibot's default wording, and values printed as code. */
const RAW = /Invalid \w+:|Expected|[Rr]eceived|undefined|\[object /;

const valid = {
  version: 1,
  dataset: 'mnist',
  model: { name: 'mlp' },
  budget: { fraction: 0.1 },
  train: { epochs: 2, batchSize: 32, lr: 0.1 },
  data: { seqLength: 16 },
  methods: [{ name: 'full' }],
  seeds: [0],
  backend: 'wasm',
  targetAcc: 0.5,
};

/** Values of every wrong kind. */
const WRONG: unknown[] = [null, 'x', -1, 1.5, 1e9, true, [], {}, [1, 'a'], { a: 1 }];

type Json = unknown;

/** The JSON paths of `value`: every key, at every depth, and the root (an empty path). */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [
    prefix,
    ...Object.entries(value).flatMap(([key, inner]) =>
      pathsOf(inner, [...prefix, Array.isArray(value) ? Number(key) : key]),
    ),
  ];
}

/** `value` with `path` set to `to`, or removed where `to` is undefined. */
function withAt(value: Json, path: (string | number)[], to: unknown): Json {
  if (path.length === 0) return to;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  const [key, ...rest] = path;
  if (rest.length === 0 && to === undefined) delete copy[key];
  else copy[key] = withAt(copy[key], rest, to);
  return copy;
}

/** Every way to break `value`: each of its paths removed or given each wrong value. */
function broken(value: Json): Json[] {
  return pathsOf(value).flatMap((path) => [undefined, ...WRONG].map((to) => withAt(value, path, to)));
}

const settingsOf = (params: ParamInfo[]) => Object.fromEntries(params.map((p) => [p.key, p.default]));

/** Configs that reach every method's, augmentation's and model's own settings. */
function reachingEverySetting(): Json[] {
  const catalog = getCatalog(bundled);
  const datasetFor = (inputs: readonly string[]) => catalog.datasets.find((d) => inputs.includes(d.kind))!.id;
  return [
    valid,
    { ...valid, budget: { ipc: 10 } },
    ...catalog.methods.map((m) => ({ ...valid, methods: [{ name: m.id, ...settingsOf(m.params) }] })),
    ...catalog.augmentations.map((a) => ({
      ...valid,
      dataset: datasetFor(a.inputs),
      methods: [{ name: 'random', augment: { name: a.id, ...settingsOf(a.params) } }],
    })),
    ...catalog.models.map((m) => ({
      ...valid,
      dataset: datasetFor(m.inputs),
      model: { name: m.id, ...settingsOf(m.params) },
    })),
  ];
}

function configMessages(input: Json): string[] {
  const parsed = parseConfig(bundled, input);
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.path}: ${p.message}`);
}

function linkMessage(config: Json, classroom?: unknown): string | null {
  const reading = readShareLink(
    shareFragment({ config: config as LabConfig, classroom: classroom as ClassroomView | undefined }),
    knownWith(bundled),
  );
  return reading.ok ? null : reading.message;
}

describe('validation messages', () => {
  test("no broken config gets the schema library's wording, in a file or in a link", () => {
    let refused = 0;
    for (const config of reachingEverySetting().flatMap(broken)) {
      const messages = configMessages(config);
      refused += messages.length > 0 ? 1 : 0;
      for (const message of messages) expect(message).not.toMatch(RAW);
      expect(linkMessage(config) ?? '').not.toMatch(RAW);
    }
    // Nearly every change is refused: the check above saw the messages.
    expect(refused).toBeGreaterThan(1000);
  });

  test('a missing or wrong-shaped part says what it takes', () => {
    const without = (key: string) => withAt(valid, [key], undefined);
    const [whole] = configMessages(5);
    expect(whole).toMatch(
      /^\(config\): must be an object with version, dataset, model, train, methods, seeds, and optionally budget, budgets, data, backend, /,
    );
    expect(configMessages(without('train'))).toEqual([
      expect.stringMatching(
        /^train: is missing \(must be an object with epochs, batchSize, lr, and optionally schedule, optimizer, /,
      ),
    ]);
    expect(configMessages(withAt(valid, ['train', 'lr'], undefined))).toEqual([
      'train.lr: is missing (must be a number)',
    ]);
    expect(configMessages(without('version'))).toEqual(['version: is missing (must be 1)']);
    expect(configMessages(without('dataset'))).toEqual([
      'dataset: is missing (must be one of mnist, fashion-mnist, spam, names, moons, spirals, blobs)',
    ]);
    expect(configMessages({ ...valid, model: 'mlp' })).toEqual([
      'model: must be an object with the model\'s name, e.g. {"name":"mlp"}',
    ]);
    expect(configMessages({ ...valid, model: {} })).toEqual([
      'model.name: is missing (must be one of mlp, convnet, text)',
    ]);
    expect(configMessages({ ...valid, methods: [5] })).toEqual([
      'methods[0]: must be an object with the method\'s name, e.g. {"name":"full"}',
    ]);
    expect(configMessages({ ...valid, methods: [{ name: 'random', augment: 'mixup' }] })).toEqual([
      'methods[0].augment: must be an object with the augmentation\'s name, e.g. {"name":"mixup"}',
    ]);
    expect(configMessages({ ...valid, budget: 5 })).toEqual(['budget: must be an object with any of fraction, ipc']);
    // A sweep's budgets, in place of the one budget.
    expect(configMessages(without('budget'))).toEqual([
      'budget: must be given (e.g. {"fraction":0.1}), or budgets for a sweep',
    ]);
    expect(configMessages({ ...valid, budgets: [{ ipc: 1 }, { ipc: 10 }] })).toEqual([
      'budgets: is a sweep in place of budget: give one or the other, not both',
    ]);
    const sweep = (budgets: unknown) => configMessages({ ...(without('budget') as object), budgets });
    expect(sweep([{ ipc: 1 }, { ipc: 10 }])).toEqual([]);
    expect(sweep([{ ipc: 1 }])).toEqual(['budgets: must hold at least two budgets (one budget is "budget")']);
    expect(sweep([{ ipc: 1 }, { fraction: 0.5 }])).toEqual([
      'budgets: must be all shares of the training set (fraction) or all examples per class (ipc), so that they lie on one axis',
    ]);
    expect(sweep([{ ipc: 10 }, { ipc: 10 }])).toEqual(['budgets: must not repeat a budget']);
    expect(sweep(Array.from({ length: 9 }, (_, i) => ({ ipc: i + 1 })))).toEqual([
      'budgets: must hold at most 8 budgets',
    ]);
    expect(sweep([{ ipc: 1 }, { ipc: 0 }])).toEqual(['budgets[1].ipc: must be at least 1']);
    expect(sweep(5)).toEqual(['budgets: must be a list of budgets, e.g. [{"ipc":1},{"ipc":10},{"ipc":50}]']);
    // Other models for a distilled set: a distillation row's, on data another model can read.
    expect(configMessages({ ...valid, methods: [{ name: 'dm', evaluateOn: [{ name: 'mlp', width: 8 }] }] })).toEqual(
      [],
    );
    expect(configMessages({ ...valid, methods: [{ name: 'random', evaluateOn: [{ name: 'mlp' }] }] })).toEqual([
      'methods[0].evaluateOn: only a distillation row is evaluated on other models; "random" trains on real examples',
    ]);
    expect(configMessages({ ...valid, methods: [{ name: 'dm', evaluateOn: { name: 'mlp' } }] })).toEqual([
      'methods[0].evaluateOn: must be a list of models',
    ]);
    expect(configMessages({ ...valid, methods: [{ name: 'dm', evaluateOn: [{ name: 'mlp', width: 0 }] }] })).toEqual([
      'methods[0].evaluateOn[0].width: must be at least 1',
    ]);
    expect(configMessages({ ...valid, methods: [{ name: 'dm', evaluateOn: [{ name: 'text' }] }] })).toEqual([
      expect.stringMatching(/^methods\[0\]\.evaluateOn\[0\]\.name: model "text" cannot read image data/),
    ]);
    const five = Array.from({ length: 5 }, () => ({ name: 'mlp' }));
    expect(configMessages({ ...valid, methods: [{ name: 'dm', evaluateOn: five }] })).toEqual([
      'methods[0].evaluateOn: must name at most 4 models',
    ]);
    expect(configMessages({ ...valid, budget: { share: 0.1 } })).toContain('budget.share: is not a known setting');
  });

  test("a link's own shape and its classroom view are told in its terms", () => {
    expect(linkMessage(5)).toBe(`the link's configuration is not valid here: ${configMessages(5)[0]}`);
    expect(linkMessage(valid, 5)).toBe(
      "the link's content is not what a lab link holds: classroom: must be an object with hide, and optionally title, story",
    );
    const controls = 'dataset, model, budget, train, methods, seeds, backend, target';
    expect(linkMessage(valid, { hide: 'model' })).toBe(
      `the link's content is not what a lab link holds: classroom.hide: must be a list of controls: ${controls}`,
    );
    expect(linkMessage(valid, {})).toBe(
      `the link's content is not what a lab link holds: classroom.hide: is missing (must be a list of controls: ${controls})`,
    );
    expect(linkMessage(valid, { hide: ['model'], show: ['lr'] })).toBe(
      "the link's content is not what a lab link holds: classroom.show: is not a known setting",
    );
    for (const classroom of WRONG) expect(linkMessage(valid, { hide: [classroom] }) ?? '').not.toMatch(RAW);
  });

  test('a bad mixing preview request is told in the same terms', () => {
    const request = { dataset: 'mnist', data: {}, model: { name: 'mlp' }, augment: { name: 'mixup' }, seed: 0 };
    for (const input of broken(request)) {
      const checked = parseMixPreview(bundled, input);
      if (!checked.ok) for (const problem of checked.problems) expect(problem.message).not.toMatch(RAW);
    }
    const checked = parseMixPreview(bundled, 5);
    expect(!checked.ok && checked.problems).toEqual([
      { path: '(config)', message: 'must be an object with dataset, model, augment, seed, and optionally data' },
    ]);
  });
});
