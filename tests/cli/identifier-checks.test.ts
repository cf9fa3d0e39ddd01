/**
 * `dbgen check` refuses names a database cannot take or takes as one: an empty table or
 * column name (DBML248, at its line), and tables whose names differ only in case
 * (DBML249: an error for SQLite, which folds case; a warning when the database is not
 * declared; nothing for PostgreSQL, which keeps quoted names apart). A `use` whose path
 * is not a string shows its syntax error only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dbgen-names-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const project = (databaseType: string | null): string =>
  databaseType === null ? '' : `Project p {\n  database_type: '${databaseType}'\n}\n`;

const CASES = `Table "order" {
  id integer [pk]
}
Table "Order" {
  id integer [pk]
  Note: '@dbgen class: OtherOrder'
}
`;

async function check(text: string): Promise<{ code: number; out: string }> {
  writeFileSync(join(dir, 'schema.dbml'), text);
  const run = await runCli(['check', 'schema.dbml'], dir);
  return { code: run.code, out: run.stdout + run.stderr };
}

describe('dbgen check: names a database cannot take', () => {
  test('an empty table name and an empty column name are errors at their lines', async () => {
    const { code, out } = await check('Table "" {\n  id integer [pk]\n  "" text\n}\n');
    assert.equal(code, 1);
    assert.match(out, /schema\.dbml:1:1: error: a table name is empty.* \[DBML248\]/);
    assert.match(out, /schema\.dbml:3:3: error: a column name of table '' is empty.* \[DBML248\]/);
  });

  test('tables differing only in case: an error on SQLite', async () => {
    const { code, out } = await check(project('SQLite') + CASES);
    assert.equal(code, 1);
    assert.match(
      out,
      /schema\.dbml:7:1: error: tables 'order' and 'Order' differ only in case.* \[DBML249\]/,
    );
  });

  test('a warning when the database is not declared, nothing on PostgreSQL', async () => {
    const undeclared = await check(CASES);
    assert.equal(undeclared.code, 0, undeclared.out);
    assert.match(undeclared.out, /schema\.dbml:4:1: warning: tables 'order' and 'Order' .*DBML249/);
    const postgres = await check(project('PostgreSQL') + CASES);
    assert.equal(postgres.code, 0, postgres.out);
    assert.doesNotMatch(postgres.out, /DBML249/);
  });
});

describe('dbgen check: a use declaration with a double-quoted path', () => {
  test('shows the syntax error alone, not also an empty "file not found"', async () => {
    const { code, out } = await check(
      'use { table x } from "./missing.dbml"\nTable t {\n  id integer [pk]\n}\n',
    );
    assert.equal(code, 1);
    assert.match(out, /schema\.dbml:1:22: error: expected a string .* \[DBML120\]/);
    assert.doesNotMatch(out, /DBML150/);
  });
});
