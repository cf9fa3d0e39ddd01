/**
 * An applied migration's checksum is of what it does, not of its bytes: CRLF line
 * endings (Git on Windows), a formatter run and comments leave it "unchanged"; a changed
 * operation does not. A history recorded by an earlier dbgen (sha256 of the file's text)
 * is still accepted.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import * as prettier from 'prettier';
import { checksumOf } from '@dbgen/runtime';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { migrate, query, writeSchema } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`migration checksums on ${dialect}`, () => {
    let db: TestDatabase;
    let path: string;
    let original: string;
    before(async () => {
      db = await createTestDatabase(dialect);
      writeSchema(db.dir, schema([table('users', [id(), col('name', 'text')])]));
      const run = await migrate(db.dir, db.url, ['new', 'initial', '--schema', 'schema.json']);
      path = /^wrote (\S+)/.exec(run.stdout)?.[1] ?? '';
      original = readFileSync(path, 'utf8');
      await migrate(db.dir, db.url, ['up']);
    });
    after(async () => db.drop());

    test('CRLF line endings, another formatting and a comment: not a change', async () => {
      const reformatted = await prettier.format(original, {
        parser: 'babel',
        singleQuote: false,
        useTabs: true,
        printWidth: 40,
        trailingComma: 'none',
      });
      writeFileSync(path, `// reviewed\r\n${reformatted.replace(/\n/g, '\r\n')}`);
      assert.notEqual(readFileSync(path, 'utf8'), original);
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout, /applied: 1, pending: 0\ndrift: none/);
      await migrate(db.dir, db.url, ['up']);
    });

    test('a changed operation is a change', async () => {
      writeFileSync(
        path,
        original.replace(/(["'])name\1, type: (["'])text\2/, "'name', type: 'varchar'"),
      );
      const status = await migrate(db.dir, db.url, ['status'], 1);
      assert.match(status.stderr, /0001_initial\.js \(revision \w+\) changed after it was applied/);
      writeFileSync(path, original);
    });

    test("a history recorded as the file's text hash (dbgen before) is accepted, also after CRLF", async () => {
      await query(db.url, `UPDATE dbgen_migrations SET checksum = '${checksumOf(original)}'`);
      assert.match((await migrate(db.dir, db.url, ['status'])).stdout, /drift: none/);
      writeFileSync(path, original.replace(/\n/g, '\r\n'));
      assert.match((await migrate(db.dir, db.url, ['status'])).stdout, /drift: none/);
    });
  });
}
