/**
 * The layers of the lab, each importing only from those below it, type
 * imports included:
 *
 *   core   (src/core)    tfjs-free ground floor: result types and texts, settings schema, file formats, share links, rng
 *   engine (src/engine)  training on tfjs, on core
 *   store  (src/store)   IndexedDB, on core
 *   worker (workers/)    the worker's API, on engine and store
 *   cli    (src/cli)     the command line, on engine
 *   page   (src/ui)      the page, on core, store and itself; of the worker only its API's type (for the client)
 *
 * and no import cycles anywhere, so that a newcomer can read any module
 * knowing only what lies below it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Layer = 'core' | 'engine' | 'store' | 'worker' | 'cli' | 'page';

const LAYER_DIRS: [string, Layer][] = [
  ['src/core/', 'core'],
  ['src/engine/', 'engine'],
  ['src/store/', 'store'],
  ['workers/', 'worker'],
  ['src/cli/', 'cli'],
  ['src/ui/', 'page'],
  ['src/main.tsx', 'page'],
];

/** What each layer may import (its own layer included). */
const ALLOWED: Record<Layer, Layer[]> = {
  core: ['core'],
  engine: ['core', 'engine'],
  store: ['core', 'store'],
  worker: ['core', 'engine', 'store', 'worker'],
  cli: ['core', 'engine', 'cli'],
  page: ['core', 'store', 'page'],
};

/** Packages that bring the tensors (and their weight) with them. */
const TENSOR_PACKAGE = /^@tensorflow\//;
const TENSOR_FREE: Layer[] = ['core', 'store', 'page'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function layerOf(file: string): Layer {
  const path = relative(ROOT, file);
  const found = LAYER_DIRS.find(([prefix]) => path.startsWith(prefix));
  if (!found) throw new Error(`${path} is in no layer`);
  return found[1];
}

interface Import {
  specifier: string;
  /** The module file, for a relative import. */
  target?: string;
  typeOnly: boolean;
}

/** Every import and re-export of a module, static or dynamic. */
function importsOf(file: string, known: Set<string>): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  const statements = /^\s*(import|export)(\s+type\b)?[^'";]*?from\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;
  for (const match of text.matchAll(statements)) {
    const specifier = match[3] ?? match[4];
    const typeOnly = match[2] !== undefined;
    if (!specifier.startsWith('.')) {
      found.push({ specifier, typeOnly });
      continue;
    }
    const base = resolve(dirname(file), specifier);
    const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((candidate) => known.has(candidate));
    found.push({ specifier, target, typeOnly });
  }
  return found;
}

/** A cycle's members, found by depth-first search; null if there is none. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return null;
}

const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'workers'))];
const known = new Set(files);
const imports = new Map(files.map((file) => [file, importsOf(file, known)]));
const name = (file: string) => relative(ROOT, file);

describe('layers', () => {
  test('every module is in a layer, and the layers hold modules', () => {
    const counts = new Map<Layer, number>();
    for (const file of files) counts.set(layerOf(file), (counts.get(layerOf(file)) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['cli', 'core', 'engine', 'page', 'store', 'worker']);
    expect(counts.get('engine')).toBeGreaterThan(40);
  });

  test('each layer imports only from the layers below it', () => {
    const crossings: string[] = [];
    for (const [file, list] of imports) {
      const from = layerOf(file);
      for (const { specifier, target, typeOnly } of list) {
        if (target === undefined) continue;
        const to = layerOf(target);
        if (ALLOWED[from].includes(to)) continue;
        // The worker client types its calls with the worker's API; nothing of the worker runs on the page.
        if (from === 'page' && to === 'worker' && typeOnly && name(target) === 'workers/lab.worker.ts') continue;
        crossings.push(`${name(file)} (${from}) imports ${specifier} (${to})`);
      }
    }
    expect(crossings).toEqual([]);
  });

  test('core, store and page never import tfjs', () => {
    const offenders = [...imports].flatMap(([file, list]) =>
      TENSOR_FREE.includes(layerOf(file))
        ? list.filter((i) => TENSOR_PACKAGE.test(i.specifier)).map(() => name(file))
        : [],
    );
    expect(offenders).toEqual([]);
  });

  test('relative imports all resolve to modules of the tree', () => {
    const unresolved = [...imports].flatMap(([file, list]) =>
      list
        .filter((i) => i.specifier.startsWith('.') && i.target === undefined && !/\.(css|json)(\?|$)/.test(i.specifier))
        .map((i) => `${name(file)}: ${i.specifier}`),
    );
    expect(unresolved).toEqual([]);
  });

  test('form no cycle, type-only imports included', () => {
    const graph = new Map(
      [...imports].map(([file, list]) => [file, list.flatMap((i) => (i.target ? [i.target] : []))]),
    );
    expect(findCycle(graph)?.map(name).join(' -> ') ?? null).toBeNull();
  });

  test('the check sees a crossing', () => {
    // The page's own client reaching into the engine would be caught: its import is parsed like any other.
    const client = files.find((file) => name(file) === 'src/ui/lab-client.ts')!;
    expect(
      importsOf(client, known).some((i) => i.target !== undefined && layerOf(i.target) === 'worker' && i.typeOnly),
    ).toBe(true);
  });
});
