import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliLines, type CliLines } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dbgen-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const run = (args: string[]): Promise<CliLines> => runCliLines(args, dir);

const GOOD = 'Table users {\n  id int [pk]\n  email varchar [unique]\n}\n';
const WARN = 'Table logs {\n  line text\n}\n';
const BAD = 'Table users {\n  id int [pk]\n  born date [default: 1]\n}\nRef: users.id > teams.id\n';

test('a clean schema: exit 0 and a summary', async () => {
  write('good.dbml', GOOD);
  const { code, out, err } = await run(['check', 'good.dbml']);
  assert.equal(code, 0);
  assert.deepEqual(err, []);
  assert.deepEqual(out, ['good.dbml: ok (1 table, 0 enums, 0 refs)']);
});

test('errors: every diagnostic rendered with file:line:column, source line and caret; exit 1', async () => {
  const path = write('bad.dbml', BAD);
  const { code, out, err } = await run(['check', 'bad.dbml']);
  assert.equal(code, 1);
  const text = err.join('\n');
  assert.match(text, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:14: error`));
  assert.match(text, /must be a string literal or an expression, found the number 1/);
  assert.match(text, /born date \[default: 1\]/);
  assert.match(text, /\^/);
  assert.match(text, /:5:17: error.*table 'teams' does not exist in schema 'public'/);
  assert.deepEqual(out, ['bad.dbml: 2 errors, 0 warnings']);
});

test('warnings pass, unless --strict', async () => {
  write('warn.dbml', WARN);
  const plain = await run(['check', 'warn.dbml']);
  assert.equal(plain.code, 0);
  assert.match(plain.err.join('\n'), /warning: table 'logs' has no primary key/);
  assert.deepEqual(plain.out, ['warn.dbml: 0 errors, 1 warning']);
  const strict = await run(['check', 'warn.dbml', '--strict']);
  assert.equal(strict.code, 1);
});

test('--json prints the diagnostics as data', async () => {
  write('bad.dbml', BAD);
  const { code, out, err } = await run(['check', 'bad.dbml', '--json']);
  assert.equal(code, 1);
  assert.deepEqual(err, []);
  const diagnostics = JSON.parse(out.join('\n')) as {
    code: string;
    severity: string;
    message: string;
    span: { line: number; column: number };
  }[];
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.span.line, d.span.column]),
    [
      ['DBML224', 'error', 3, 14],
      ['DBML201', 'error', 5, 17],
    ],
  );
  const clean = await run(['check', 'good.dbml', '--json']);
  assert.equal(clean.code, 0);
  assert.deepEqual(JSON.parse(clean.out.join('\n')), []);
});

test('a missing file: a clear message and exit 1', async () => {
  const { code, err } = await run(['check', 'nope.dbml']);
  assert.equal(code, 1);
  assert.deepEqual(err, [`error: schema file not found: ${join(dir, 'nope.dbml')}`]);
});

test('the schema path defaults to the configuration', async () => {
  write('dbgen.config.json', JSON.stringify({ schema: 'good.dbml' }));
  try {
    const { code, out } = await run(['check']);
    assert.equal(code, 0);
    assert.deepEqual(out, ['good.dbml: ok (1 table, 0 enums, 0 refs)']);
  } finally {
    rmSync(join(dir, 'dbgen.config.json'));
  }
});

test('schema.example.dbml passes --strict (no warnings)', async () => {
  const example = fileURLToPath(new URL('../../schema.example.dbml', import.meta.url));
  const { code, out, err } = await run(['check', example, '--strict']);
  assert.deepEqual(err, []);
  assert.equal(code, 0);
  assert.match(out[0] ?? '', /ok \(11 tables, 3 enums, 16 refs\)/);
});

test('--json on a missing file prints the problem as data', async () => {
  const { code, out, err } = await run(['check', 'nope.dbml', '--json']);
  assert.equal(code, 1);
  assert.deepEqual(err, []);
  assert.deepEqual(JSON.parse(out.join('\n')), [
    {
      code: 'DBML150',
      severity: 'error',
      message: `schema file not found: ${join(dir, 'nope.dbml')}`,
    },
  ]);
});

test('an empty schema is a warning, not "ok (0 tables)"', async () => {
  write('empty.dbml', '// everything commented out\n');
  const plain = await run(['check', 'empty.dbml']);
  assert.equal(plain.code, 0);
  assert.deepEqual(plain.out, ['empty.dbml: 0 errors, 1 warning']);
  assert.deepEqual(plain.err, [
    'warning: the schema declares no tables and no enums: nothing would be generated [DBML300]',
  ]);
  assert.equal((await run(['check', 'empty.dbml', '--strict'])).code, 1);
  const json = await run(['check', 'empty.dbml', '--json']);
  assert.equal(JSON.parse(json.out.join('\n'))[0]?.code, 'DBML300');
});
