// The package's layers, read from the sources' import graph: no import cycles, a
// dialect's folder imported only by itself and the registry, and no arrow from core/ or
// migrate/ to the dialects, nor from a dialect to migrate/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importCycles, importGraph, type ImportGraph } from './import-graph.js';

const RUNTIME = 'packages/runtime/src/';
const REGISTRY = `${RUNTIME}dialects/registry.ts`;
const graph = importGraph();

/** The dialect folder a file is in (`postgres` of `…/dialects/postgres/ddl.ts`), or null. */
function dialectOf(file: string): string | null {
  const match = /^packages\/runtime\/src\/dialects\/([^/]+)\//.exec(file);
  return match ? (match[1] as string) : null;
}

function arrows(from: (file: string) => boolean, to: (file: string) => boolean): string[] {
  return [...graph].flatMap(([file, targets]) =>
    from(file) ? targets.filter(to).map((target) => `${file} → ${target}`) : [],
  );
}

test('the sources were read (the graph is not empty)', () => {
  assert.ok(graph.size > 150, `only ${graph.size} source files found`);
  assert.ok(graph.get(`${RUNTIME}index.ts`)?.length, 'the runtime index imports nothing?');
});

test('no import cycles', () => {
  const cycles = importCycles(graph);
  assert.deepEqual(
    cycles.map((files) => files.join(' ↔ ')),
    [],
    'files that import each other (directly or around a circle)',
  );
});

test("a dialect's folder is imported only from itself and the registry", () => {
  const outside = arrows(
    (file) => file !== REGISTRY,
    (target) => dialectOf(target) !== null,
  ).filter((arrow) => {
    const [from, to] = arrow.split(' → ') as [string, string];
    return dialectOf(from) !== dialectOf(to);
  });
  assert.deepEqual(outside, []);
});

test('core/ and migrate/ import no dialect, not even the registry', () => {
  const layer = (file: string): boolean =>
    file.startsWith(`${RUNTIME}core/`) || file.startsWith(`${RUNTIME}migrate/`);
  assert.deepEqual(
    arrows(layer, (target) => target.startsWith(`${RUNTIME}dialects/`)),
    [],
  );
});

test('no dialect imports migrate/ (what they share lives in schema/ and core/)', () => {
  assert.deepEqual(
    arrows(
      (file) => dialectOf(file) !== null,
      (target) => target.startsWith(`${RUNTIME}migrate/`),
    ),
    [],
  );
});

test('the checks can fail: a planted cycle and a planted dialect import are found', () => {
  const planted: ImportGraph = new Map([
    ...graph,
    [`${RUNTIME}core/engine.ts`, [`${RUNTIME}dialects/sqlite/driver.ts`]],
    [`${RUNTIME}dialects/sqlite/driver.ts`, [`${RUNTIME}core/engine.ts`]],
  ]);
  const cycles = importCycles(planted).map((files) => files.join(' ↔ '));
  assert.ok(cycles.some((c) => c.includes('core/engine.ts') && c.includes('sqlite/driver.ts')));
});
