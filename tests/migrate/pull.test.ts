/**
 * `dbgen pull` round trip on both dialects: a database made from the example schema is
 * pulled to DBML that `dbgen check` accepts; an empty database migrated from that DBML
 * pulls back to the same DBML.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate } from './support/run.js';

const EXAMPLE = fileURLToPath(new URL('../../schema.example.dbml', import.meta.url));

/** Each dialect's Ref lines of the example schema, compared after both ran. */
const refsByDialect = new Map<string, string[]>();

for (const dialect of DIALECTS) {
  describe(`dbgen pull on ${dialect}`, () => {
    let source: TestDatabase;
    let target: TestDatabase;
    before(async () => {
      source = await createTestDatabase(dialect);
      target = await createTestDatabase(dialect);
    });
    after(async () => {
      await source.drop();
      await target.drop();
    });

    test('pull → migrate an empty database from the pulled schema → pull gives the same DBML', async () => {
      let schemaFile = EXAMPLE;
      if (dialect === 'mysql') {
        // MariaDB has no expression indexes (MySQL 8.0.13+ has): the example's
        // `lower(email)` index is left out there, everything else is pulled as is.
        schemaFile = join(source.dir, 'example.dbml');
        writeFileSync(
          schemaFile,
          readFileSync(EXAMPLE, 'utf8').replace(/^.*`lower\(email\)`.*\n/m, ''),
        );
      }
      await migrate(source.dir, source.url, ['new', 'initial', '--schema', schemaFile]);
      await migrate(source.dir, source.url, ['up']);
      const first = await runCli(['pull', '--url', source.url, '--out', 'pulled.dbml'], target.dir);
      assert.equal(first.code, 0, first.stderr);
      const checked = await runCli(['check', 'pulled.dbml'], target.dir);
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);

      await migrate(target.dir, target.url, ['new', 'from pull', '--schema', 'pulled.dbml']);
      await migrate(target.dir, target.url, ['up']);
      const pulledFirst = await runCli(['pull', '--url', source.url], target.dir);
      const pulledAgain = await runCli(['pull', '--url', target.url], target.dir);
      assert.equal(pulledAgain.code, 0, pulledAgain.stderr);
      assert.equal(pulledAgain.stdout, pulledFirst.stdout);
      assert.match(pulledFirst.stdout, /^Enum|^Table users \{/m);
    });

    test('pull is stable and in `dbgen format` style; refs and uniques come sorted by name', async () => {
      const first = await runCli(['pull', '--url', source.url], source.dir);
      const second = await runCli(['pull', '--url', source.url], source.dir);
      assert.equal(second.stdout, first.stdout);
      writeFileSync(join(source.dir, 'pulled.dbml'), `${first.stdout}\n`);
      const format = await runCli(['format', 'pulled.dbml', '--check'], source.dir);
      assert.equal(format.code, 0, format.stdout);
      const refs = first.stdout.split('\n').filter((line) => line.startsWith('Ref '));
      assert.deepEqual(refs, [...refs].sort());
      assert.equal(refs.length, 16);
      assert.equal(readFileSync(join(source.dir, 'pulled.dbml'), 'utf8'), `${first.stdout}\n`);
      refsByDialect.set(dialect, refs);
    });
  });
}

test('the Ref lines are the same on every dialect', () => {
  const [sqlite, postgres] = DIALECTS.map((d) => refsByDialect.get(d));
  assert.ok(sqlite && postgres, 'both dialect suites ran first');
  assert.deepEqual(sqlite, postgres);
});
