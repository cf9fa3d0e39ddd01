/** `loadDbmlModules`: use / reuse visibility, aliases, missing files, cycles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileSchema, loadDbmlModules, type TopLevelNode } from '@dbgen/generator';
import { CORPUS } from './helpers.js';

/** `kind:name` of each element (refs as `ref:a>b`). */
function summary(elements: readonly TopLevelNode[]): string[] {
  return elements.map((e) => {
    switch (e.kind) {
      case 'table':
      case 'enum':
      case 'tableGroup':
        return `${e.kind}:${e.name.parts.join('.')}`;
      case 'tablePartial':
      case 'stickyNote':
        return `${e.kind}:${e.name}`;
      case 'ref':
        return `ref:${e.from.table.parts.join('.')}.${e.from.columns.join(',')}${e.operator}${e.to.table.parts.join('.')}.${e.to.columns.join(',')}`;
      default:
        return e.kind;
    }
  });
}

/** A virtual folder of files for `readFile`. */
function virtual(files: Record<string, string>): (path: string) => string | undefined {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [resolve('/v', name), text]));
  return (path) => byPath.get(path);
}

if (existsSync(CORPUS)) {
  test('corpus: multifile_complex imports with aliases and a wildcard', () => {
    const folder = join(CORPUS, 'valid/dbml-cli_multifile_complex');
    const result = loadDbmlModules(join(folder, 'main.dbml'));
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(summary(result.elements), [
      'enum:Status',
      'table:u',
      'table:products',
      'table:orders',
    ]);
    assert.deepEqual(
      result.files,
      ['main.dbml', 'enums.dbml', 'auth.dbml', 'catalog.dbml'].map((f) => join(folder, f)),
    );
  });

  test('corpus: what a file only `use`s is not visible to its importers', () => {
    const folder = join(CORPUS, 'invalid/dbml-cli_multifile_error_transitive-use-not-visible');
    const result = loadDbmlModules(join(folder, 'main.dbml'));
    assert.deepEqual(result.diagnostics, []);
    // products (in types.dbml, used by base.dbml) is not among the elements: the IR
    // reports the ref to it as unknown.
    assert.deepEqual(summary(result.elements), ['table:users', 'ref:users.id>products.id']);
    assert.ok(result.files.includes(join(folder, 'types.dbml')), 'still read (and watched)');
  });

  test('corpus: use_declarations fails with "file not found" at each use line', () => {
    const path = join(CORPUS, 'valid/dbml-parse_parser/use_declarations.in.dbml');
    const result = loadDbmlModules(path);
    assert.deepEqual(
      result.diagnostics.map((d) => `${d.code} ${d.span?.line}: ${d.message}`),
      [
        'DBML150 1: file not found: ./index.dbml',
        'DBML150 2: file not found: ../index.dbml',
        'DBML150 10: file not found: ./index.dbml',
        'DBML150 11: file not found: ../index.dbml',
      ],
    );
  });
}

test('reuse re-exports; use does not; selective imports bring refs and groups along', () => {
  const readFile = virtual({
    'main.dbml': "use * from './common'\nuse { tablegroup billing } from './billing'\n",
    'common.dbml':
      "reuse * from './users'\nuse * from './hidden'\nTable common_own {\n  id int\n}\n",
    'users.dbml': 'Table users {\n  id int\n}\n',
    'hidden.dbml': 'Table hidden {\n  id int\n}\n',
    'billing.dbml':
      'Table invoices {\n  id int\n  user_id int\n}\nTable lines {\n  invoice_id int\n}\nTable other {\n  id int\n}\n' +
      'TableGroup billing {\n  invoices\n  lines\n}\nRef: lines.invoice_id > invoices.id\nRef: other.id > invoices.id\n',
  });
  const result = loadDbmlModules('/v/main.dbml', { readFile });
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(summary(result.elements), [
    'table:users',
    'table:common_own',
    'table:invoices',
    'table:lines',
    'tableGroup:billing',
    'ref:lines.invoice_id>invoices.id',
  ]);
});

test('aliases rename the element and the refs that come with it; .dbml is optional', () => {
  const readFile = virtual({
    'main.dbml':
      "use {\n  table auth.users as u\n  table sessions\n  enum role as Role\n} from './auth.dbml'\n",
    'auth.dbml':
      'Table auth.users {\n  id int\n}\nTable sessions {\n  user_id int\n}\nEnum role {\n  a\n}\nRef: sessions.user_id > auth.users.id\n',
  });
  const result = loadDbmlModules('/v/main.dbml', { readFile });
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(summary(result.elements), [
    'table:u',
    'table:sessions',
    'enum:Role',
    'ref:sessions.user_id>u.id',
  ]);
});

test('missing files and elements are located; cycles are allowed', () => {
  const readFile = virtual({
    'a.dbml':
      "use * from './b'\nuse { table nope } from './b'\nuse * from './missing'\nTable a {\n  id int\n}\n",
    'b.dbml': "reuse * from './a'\nTable b {\n  id int\n}\n",
  });
  const result = loadDbmlModules('/v/a.dbml', { readFile });
  assert.deepEqual(
    result.diagnostics.map(
      (d) => `${d.code} ${d.span?.file}:${d.span?.line}:${d.span?.column} ${d.message}`,
    ),
    [
      "DBML151 /v/a.dbml:2:7 './b' exports no table named 'nope'",
      'DBML150 /v/a.dbml:3:1 file not found: ./missing',
    ],
  );
  // b re-exports a, so `a` arrives through b first; each element appears once.
  assert.deepEqual(summary(result.elements), ['table:a', 'table:b']);
});

test('a missing entry file is a diagnostic without a span', () => {
  const result = loadDbmlModules('/v/none.dbml', { readFile: () => undefined });
  assert.deepEqual(result.diagnostics, [
    { code: 'DBML150', severity: 'error', message: 'file not found: /v/none.dbml' },
  ]);
  assert.deepEqual(result.elements, []);
});

// compileSchema read `use`d files without asking what they are: `/dev/zero` was read until
// memory ran out, and a named pipe was waited on forever. Only regular files are read, and
// the error says what the path is.
test(
  'compileSchema reads no device, waits on no pipe, and says what each path is',
  { timeout: 20_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbgen-devices-'));
    try {
      const fifo = join(dir, 'pipe.dbml');
      execFileSync('mkfifo', [fifo]);
      const main = join(dir, 'main.dbml');
      writeFileSync(
        main,
        [
          `use * from '/dev/zero'`,
          `use * from './pipe'`,
          `use * from './folder'`,
          `use * from './nowhere'`,
          'Table a {\n  id int [pk]\n}\n',
        ].join('\n'),
      );
      mkdirSync(join(dir, 'folder'));
      const result = await compileSchema(main);
      assert.deepEqual(
        result.diagnostics.map((d) => `${d.code} ${d.span?.line}: ${d.message}`),
        [
          'DBML150 1: not a regular file (a device, pipe or socket): /dev/zero',
          'DBML150 2: not a regular file (a device, pipe or socket): ./pipe',
          'DBML150 3: not a file but a folder: ./folder',
          'DBML150 4: file not found: ./nowhere',
        ],
      );
      const entry = await compileSchema(fifo);
      assert.deepEqual(
        entry.diagnostics.map((d) => `${d.code}: ${d.message}`),
        [`DBML150: not a regular file (a device, pipe or socket): ${fifo}`],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
