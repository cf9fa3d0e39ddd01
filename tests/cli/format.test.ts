/** `dbgen format [schema] [--check]`, run in-process through `main`. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliLines, type CliLines } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'dbgen-format-'));
after(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A fresh folder with `files` in it. */
function project(files: Record<string, string>): string {
  const dir = join(root, `p${counter++}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const run = (args: string[], cwd: string): Promise<CliLines> => runCliLines(args, cwd);

const MESSY = 'table users{\nid int [PK]  // the key\n}\nref:posts.user_id>users.id\n';
const CLEAN = 'Table users {\n  id int [pk] // the key\n}\n\nRef: posts.user_id > users.id\n';

test('format rewrites the schema in canonical form, and a second run changes nothing', async () => {
  const dir = project({ 'schema.dbml': MESSY });
  assert.deepEqual(await run(['format', 'schema.dbml'], dir), {
    code: 0,
    out: ['formatted schema.dbml'],
    err: [],
  });
  assert.equal(readFileSync(join(dir, 'schema.dbml'), 'utf8'), CLEAN);
  assert.deepEqual(await run(['format', 'schema.dbml'], dir), {
    code: 0,
    out: ['1 file already formatted'],
    err: [],
  });
});

test('format --check writes nothing, names the files that would change, exits 1', async () => {
  const dir = project({
    'main.dbml': "use * from './shared'\n\nTable a {\n  id int\n}\n",
    'shared.dbml': 'Table   b {\n id int\n}\n',
  });
  assert.deepEqual(await run(['format', 'main.dbml', '--check'], dir), {
    code: 1,
    out: ['would reformat shared.dbml', '1 of 2 files would be reformatted'],
    err: [],
  });
  assert.equal(readFileSync(join(dir, 'shared.dbml'), 'utf8'), 'Table   b {\n id int\n}\n');
  const clean = project({ 'schema.dbml': CLEAN });
  assert.deepEqual(await run(['format', '--check', 'schema.dbml'], clean), {
    code: 0,
    out: ['1 file already formatted'],
    err: [],
  });
});

test('format takes the schema from dbgen.config.json when none is given', async () => {
  const dir = project({ 'dbgen.config.json': '{ "schema": "db/app.dbml" }' });
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db/app.dbml'), MESSY);
  assert.deepEqual(await run(['format'], dir), {
    code: 0,
    out: ['formatted db/app.dbml'],
    err: [],
  });
  assert.equal(readFileSync(join(dir, 'db/app.dbml'), 'utf8'), CLEAN);
});

test('syntax errors are printed with source and caret; nothing is written; exit 1', async () => {
  const broken = 'Table users {\n  id int [pk\n}\n';
  const dir = project({ 'schema.dbml': broken });
  assert.deepEqual(await run(['format', 'schema.dbml'], dir), {
    code: 1,
    out: [],
    err: [
      [
        "schema.dbml:2:13: error: expected ']' to close the settings list, found the end of the line [DBML120]",
        '2 |   id int [pk',
        '  |             ^',
      ].join('\n'),
      'format: 1 syntax error; nothing was written',
    ],
  });
  assert.equal(readFileSync(join(dir, 'schema.dbml'), 'utf8'), broken);
});

test('a missing schema file is a user error', async () => {
  const dir = project({});
  const result = await run(['format', 'nope.dbml'], dir);
  assert.equal(result.code, 1);
  assert.deepEqual(result.err, [`error: schema file not found: ${join(dir, 'nope.dbml')}`]);
});
